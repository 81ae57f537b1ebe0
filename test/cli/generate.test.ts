import { spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, filesIn, readTable, REFERENCE_SCENARIO, tempDir } from "../helpers/runs.js";

const renp = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

describe("renp generate", () => {
  it("writes the files and a summary line; --shard names the shard files (K padded to N's width)", () => {
    const dir = tempDir();
    const r = renp([
      "generate",
      REFERENCE_SCENARIO,
      "--toys",
      "50",
      "--out",
      dir,
      "--workers",
      "2",
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/50 toys .* x 66 bins, \d+ counts, [\d.]+ s, 2 workers -> /);
    expect(filesIn(dir)).toEqual(["expected.arrow", "run.json", "toys.arrow"]);
    const shardDir = tempDir();
    const s = renp([
      "generate",
      REFERENCE_SCENARIO,
      "--toys",
      "50",
      "--out",
      shardDir,
      "--shard",
      "2/12",
    ]);
    expect(s.status).toBe(0);
    expect(filesIn(shardDir)).toEqual([
      "expected.arrow",
      "run-02-of-12.json",
      "toys-02-of-12.arrow",
    ]);
    // The 2nd of 12 ranges of 50 toys: floor(1 * 50 / 12) = 4 to floor(2 * 50 / 12) = 8.
    expect(readTable(join(shardDir, "toys-02-of-12.arrow")).schema.metadata.get("renp.toys")).toBe(
      '{"first":4,"count":4}',
    );
  });

  it("refuses to replace existing output without --force (exit 2, file untouched)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "toys.arrow"), "precious");
    const r = renp(["generate", REFERENCE_SCENARIO, "--toys", "10", "--out", dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/toys\.arrow exists; pass --force/);
    expect(readFileSync(join(dir, "toys.arrow"), "utf8")).toBe("precious");
    expect(filesIn(dir)).toEqual(["toys.arrow"]);
    expect(
      renp(["generate", REFERENCE_SCENARIO, "--toys", "10", "--out", dir, "--force"]).status,
    ).toBe(0);
    expect(statSync(join(dir, "toys.arrow")).size).toBeGreaterThan(100);
  });

  it("rejects bad options with exit 2", () => {
    expect(renp(["generate", REFERENCE_SCENARIO, "--shard", "4/3"]).status).toBe(2);
    expect(renp(["generate", REFERENCE_SCENARIO, "--workers", "0"]).status).toBe(2);
    expect(renp(["generate", REFERENCE_SCENARIO, "--layout", "tall"]).status).toBe(2);
    expect(renp(["generate", REFERENCE_SCENARIO, "--asimov", "--shard", "1/2"]).status).toBe(2);
  });
});
