/**
 * renp merge --fits: fits of toy ranges (renp fit --toys A..B, as Slurm array tasks run them;
 * docs/clusters.md) merge into the bytes of one fit of all the toys; a gap, an overlap or a file
 * of another fit configuration is refused (exit 2, named, nothing written).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { scenarioFile, tempDir } from "../helpers/runs.js";

let run: string;
const FLOAT = ["--float", "signalNorm", "--test", "ordering"];

beforeAll(async () => {
  run = tempDir();
  const r = await runCli(["generate", scenarioFile(), "--toys", "30", "--out", run]);
  expect(r.code, r.stderr).toBe(0);
});

/** Fits toys `range` ("A..B") into dir/fits-A-B.arrow. */
async function fitRange(dir: string, range: string, float = FLOAT): Promise<void> {
  const out = join(dir, `fits-${range.replace("..", "-")}.arrow`);
  const r = await runCli(["fit", run, ...float, "--toys", range, "--workers", "1", "--out", out]);
  expect(r.code, r.stderr).toBe(0);
}

describe("renp merge --fits", () => {
  it("merges fits of toy ranges into the bytes of one fit of all the toys", async () => {
    const single = join(run, "single.arrow");
    const all = await runCli(["fit", run, ...FLOAT, "--workers", "2", "--out", single]);
    expect(all.code, all.stderr).toBe(0);
    const dir = join(run, "array");
    mkdirSync(dir);
    for (const range of ["20..29", "0..9", "10..19"]) await fitRange(dir, range);
    const r = await runCli(["merge", dir, "--fits"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/merged 3 fits files, toys 0\.\.29/);
    expect(Buffer.compare(readFileSync(join(dir, "fits.arrow")), readFileSync(single))).toBe(0);
  });

  it("refuses a gap, an overlap and another fit configuration, writing nothing", async () => {
    const cases: [string, [string, string[]?][], RegExp][] = [
      ["gap", [["0..9"], ["20..29"]], /toys 10\.\.19 are missing/],
      ["overlap", [["0..14"], ["10..29"]], /both hold toys 10\.\.14/],
      ["config", [["0..9"], ["10..29", ["--float", "signalNorm"]]], /another fit than .*renp\.fit/],
    ];
    for (const [name, ranges, message] of cases) {
      const dir = join(run, name);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      for (const [range, float] of ranges) await fitRange(dir, range, float);
      const r = await runCli(["merge", dir, "--fits"]);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(dir, "fits.arrow"))).toBe(false);
    }
  });
});
