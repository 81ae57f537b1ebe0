/**
 * renp merge: the shards of one run give the unsharded run's files byte for byte; a folder that
 * is not exactly one complete run is refused (exit 2, naming the files) and nothing is written.
 */
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mergeShards, nuisanceBeside } from "../../src/merge.js";
import { generateRun } from "../../src/run.js";
import { runCli } from "../helpers/cli.js";
import { filesIn, scenarioFile, SYSTEMATICS_CHANGES, tempDir } from "../helpers/runs.js";

// Two cheap systematics (a toy-shift in omega makes every run recompute spectra): nuisance files exist.
const scenario = scenarioFile({
  backgrounds: SYSTEMATICS_CHANGES.backgrounds,
  systematics: SYSTEMATICS_CHANGES.systematics.slice(0, 2),
});
const sameBytes = (a: string, b: string) => readFileSync(a).equals(readFileSync(b));

/** Shards 1..n (all, or those listed) of a run into dir; workers 0 keeps the test in one thread. */
async function shards(
  dir: string,
  n: number,
  options: { toys: number; seed?: number; only?: number[]; layout?: "long" | "wide" },
) {
  for (const k of options.only ?? Array.from({ length: n }, (_, i) => i + 1)) {
    await generateRun({
      scenario,
      toys: options.toys,
      seed: options.seed,
      layout: options.layout,
      outDir: dir,
      workers: 0,
      shard: { index: k, count: n },
      toysPerBatch: 3,
    });
  }
}

describe("renp merge", () => {
  it("gives the unsharded toys.arrow and nuisance.arrow byte for byte, for any split and layout (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom("long" as const, "wide" as const),
        async (n, toys, layout) => {
          const whole = tempDir();
          await generateRun({ scenario, toys, layout, outDir: whole, workers: 0, toysPerBatch: 3 });
          const dir = tempDir();
          await shards(dir, n, { toys, layout });
          const out = join(tempDir(), "toys.arrow");
          const s = await mergeShards({ dir, out, toysPerBatch: 3 });
          expect(s).toMatchObject({ shards: n, toys });
          for (const name of ["toys.arrow", "nuisance.arrow", "expected.arrow"])
            expect(sameBytes(join(out, "..", name), join(whole, name))).toBe(true);
        },
      ),
      { numRuns: 6 },
    );
  });

  it("CLI: cuts record batches as an unsharded run does by default, writes into DIR", async () => {
    // 66 bins: about 2^18 counts a batch is 3971 toys, so 4000 toys make two batches.
    const toys = 4000;
    const whole = tempDir();
    await generateRun({ scenario, toys, outDir: whole, workers: 0 });
    const dir = tempDir();
    for (const k of [1, 2])
      await generateRun({ scenario, toys, outDir: dir, workers: 0, shard: { index: k, count: 2 } });
    const r = await runCli(["merge", dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/merged 2 shards, 4000 toys/);
    expect(sameBytes(join(dir, "toys.arrow"), join(whole, "toys.arrow"))).toBe(true);
    expect(sameBytes(join(dir, "nuisance.arrow"), join(whole, "nuisance.arrow"))).toBe(true);
    // Never over existing output without --force.
    expect((await runCli(["merge", dir])).code).toBe(2);
    expect((await runCli(["merge", dir, "--force"])).code).toBe(0);
  });

  /** Runs the CLI on a folder that must be refused: exit 2, the message, nothing new written. */
  async function refused(dir: string, message: RegExp) {
    const before = filesIn(dir);
    const out = join(tempDir(), "merged.arrow");
    const r = await runCli(["merge", dir, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(filesIn(dir)).toEqual(before);
    expect(existsSync(out) || existsSync(join(out, "..", "expected.arrow"))).toBe(false);
  }

  it("refuses a missing shard, naming it", async () => {
    const dir = tempDir();
    await shards(dir, 4, { toys: 10, only: [1, 2, 4] });
    await refused(dir, /nothing written:\n.*missing toys shard 3\/4/);
    // A nuisance file missing alone is missing too.
    await shards(dir, 4, { toys: 10, only: [3] });
    rmSync(join(dir, "nuisance-2-of-4.arrow"));
    await refused(dir, /missing nuisance shard 2\/4/);
  });

  it("refuses a duplicated shard (padded and unpadded names of one K)", async () => {
    const dir = tempDir();
    await shards(dir, 10, { toys: 20 });
    copyFileSync(join(dir, "toys-03-of-10.arrow"), join(dir, "toys-3-of-10.arrow"));
    await refused(dir, /duplicated shard 3\/10: toys-03-of-10\.arrow, toys-3-of-10\.arrow/);
  });

  it("refuses a shard of another run (seed), of another split (N) and a renamed shard", async () => {
    const other = tempDir();
    await shards(other, 3, { toys: 10, seed: 7, only: [2] });
    const split = tempDir();
    await shards(split, 5, { toys: 10, only: [2] });
    const dir = tempDir();
    await shards(dir, 3, { toys: 10, only: [1, 3] });
    copyFileSync(join(other, "toys-2-of-3.arrow"), join(dir, "toys-2-of-3.arrow"));
    copyFileSync(join(other, "nuisance-2-of-3.arrow"), join(dir, "nuisance-2-of-3.arrow"));
    await refused(dir, /foreign shard toys-2-of-3\.arrow: renp\.scenario differs, renp\.seed 7/);

    const mixed = tempDir();
    await shards(mixed, 3, { toys: 10 });
    copyFileSync(join(split, "toys-2-of-5.arrow"), join(mixed, "toys-2-of-5.arrow"));
    await refused(mixed, /foreign shard toys-2-of-5\.arrow: shard count 5 \(the run: 3\)/);

    const renamed = tempDir();
    await shards(renamed, 3, { toys: 10 });
    renameSync(join(renamed, "toys-3-of-3.arrow"), join(renamed, "toys-9-of-3.arrow"));
    await refused(renamed, /misnamed shard toys-9-of-3\.arrow: it holds shard 3\/3/);
  });

  it("refuses a folder without shards or a file that is not Arrow", async () => {
    await refused(tempDir(), /holds no shard files/);
    expect((await runCli(["merge", join(tempDir(), "nope")])).code).toBe(2);
    const dir = tempDir();
    await shards(dir, 2, { toys: 4 });
    copyFileSync(scenario, join(dir, "toys-1-of-2.arrow"));
    const r = await runCli(["merge", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/toys-1-of-2\.arrow is not an Arrow IPC file/);
  });

  it("prints what the run folder cleaned up (a dead run's lock) as a note, as generate does", async () => {
    const dir = tempDir();
    await shards(dir, 2, { toys: 4 });
    const out = tempDir();
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(join(out, ".renp.lock"), JSON.stringify({ pid: deadPid, host: hostname() }));
    const r = await runCli(["merge", dir, "--out", join(out, "toys.arrow")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(`renp: note: removed the stale lock of renp process ${deadPid}`),
    );
    expect(existsSync(join(out, ".renp.lock"))).toBe(false);
  });

  it("names the nuisance file beside the merged toys file", () => {
    expect(nuisanceBeside(join("a", "toys.arrow"))).toBe(join("a", "nuisance.arrow"));
    expect(nuisanceBeside(join("a", "run7.arrow"))).toBe(join("a", "run7.nuisance.arrow"));
  });
});
