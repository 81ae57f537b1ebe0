import { spawn, spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, filesIn, readTable, REFERENCE_SCENARIO, tempDir } from "../helpers/runs.js";

const renp = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });

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
    const s = renp([
      "generate",
      REFERENCE_SCENARIO,
      "--toys",
      "50",
      "--out",
      dir,
      "--shard",
      "2/12",
    ]);
    expect(s.status).toBe(0);
    expect(filesIn(dir)).toEqual([
      "expected.arrow",
      "run-02-of-12.json",
      "run.json",
      "toys-02-of-12.arrow",
      "toys.arrow",
    ]);
    // The 2nd of 12 ranges of 50 toys: floor(1 * 50 / 12) = 4 to floor(2 * 50 / 12) = 8.
    expect(readTable(join(dir, "toys-02-of-12.arrow")).schema.metadata.get("renp.toys")).toBe(
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

  it("exits 1 with a clear message and no file when a worker crashes", () => {
    const dir = tempDir();
    const r = renp(
      ["generate", REFERENCE_SCENARIO, "--toys", "20000", "--out", dir, "--workers", "2"],
      { RENP_TEST_CRASH_WORKER: "1" },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /worker [12] of 2 failed on toys \d+\.\.\d+: RENP_TEST_CRASH_WORKER: simulated crash/,
    );
    expect(filesIn(dir)).toEqual([]);
  });

  it("leaves no file, final or temporary, when interrupted with SIGINT", async () => {
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      [CLI, "generate", REFERENCE_SCENARIO, "--toys", "50000000", "--out", dir, "--workers", "2"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    // Wait until the run is writing (a temporary toys file has appeared), then interrupt.
    for (let i = 0; i < 200 && !filesIn(dir).some((f) => f.startsWith(".toys.arrow")); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(filesIn(dir).some((f) => f.startsWith(".toys.arrow"))).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted \(SIGINT\)/);
    expect(filesIn(dir)).toEqual([]);
  });
});
