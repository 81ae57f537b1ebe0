/**
 * The output guarantees (docs/outputs.md) under abuse: complete or absent, never outside the
 * output folder, only regular files replaced, one run per folder and shard, nothing left behind.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exitCodeOf } from "../../src/cli/errors.js";
import { generateRun } from "../../src/run.js";
import { runCli } from "../helpers/cli.js";
import {
  filesIn,
  REFERENCE_SCENARIO,
  scenarioFile,
  SYSTEMATICS_CHANGES,
  tempDir,
} from "../helpers/runs.js";
import { runRenp, startCli, STARTED } from "../helpers/spawn.js";

/** A run too long to finish during a test: it is stopped once it has started. */
const LONG_RUN = ["generate", REFERENCE_SCENARIO, "--toys", "50000000"];
const SMALL_RUN = ["generate", REFERENCE_SCENARIO, "--toys", "20", "--workers", "1"];

/** Every file of a folder with its bytes, to compare a folder before and after. */
const snapshot = (dir: string) =>
  Object.fromEntries(filesIn(dir).map((f) => [f, readFileSync(join(dir, f)).toString("hex")]));

/**
 * Something that is not a regular file at `path`: a character device (mknod, as root) or else a
 * FIFO, which any user can make and which renp must refuse just the same.
 */
function nonRegularFile(path: string): "character device" | "FIFO" {
  if (process.getuid?.() === 0 && spawnSync("mknod", [path, "c", "1", "7"]).status === 0)
    return "character device";
  console.log(`not root (or mknod failed): a FIFO stands in for the device node at ${path}`);
  expect(spawnSync("mkfifo", [path]).status).toBe(0);
  return "FIFO";
}

describe("--force replaces only regular files", () => {
  it("spectrum, schema and generate refuse a device node or FIFO in the way (exit 2, untouched)", async () => {
    const dir = tempDir();
    const node = join(dir, "node");
    const kind = nonRegularFile(node);
    const isKind = () =>
      kind === "FIFO" ? statSync(node).isFIFO() : statSync(node).isCharacterDevice();
    for (const args of [
      ["spectrum", "yb-majorana-normal", "--out", node, "--force"],
      ["schema", "--out", node, "--force"],
    ]) {
      const r = await runCli(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toContain(`${node} is a ${kind === "FIFO" ? "FIFO" : "character device"}`);
      expect(isKind()).toBe(true);
    }
    const run = join(dir, "run");
    mkdirSync(run);
    const toys = join(run, "toys.arrow");
    nonRegularFile(toys);
    const r = await runCli([...SMALL_RUN, "--out", run, "--force"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${toys} is a`);
    expect(filesIn(run)).toEqual(["toys.arrow"]);
    expect(statSync(toys).isFile()).toBe(false);
  });

  it("a folder in the way of toys.arrow: exit 2 even with --force, the previous run intact", async () => {
    const dir = join(tempDir(), "run");
    expect((await runCli([...SMALL_RUN, "--out", dir])).code).toBe(0);
    const before = snapshot(dir);
    // The previous run's toys.arrow replaced by a folder (holding a file, so it is not empty).
    const toys = join(dir, "toys.arrow");
    rmSync(toys);
    mkdirSync(toys);
    writeFileSync(join(toys, "keep"), "x");
    const r = await runCli([...SMALL_RUN, "--seed", "7", "--out", dir, "--force"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${toys} is a folder`);
    expect(readFileSync(join(dir, "expected.arrow")).toString("hex")).toBe(
      before["expected.arrow"],
    );
    expect(readFileSync(join(dir, "run.json")).toString("hex")).toBe(before["run.json"]);
    expect(filesIn(dir)).toEqual(["expected.arrow", "run.json", "toys.arrow"]);
    expect(filesIn(toys)).toEqual(["keep"]);
  });

  it("--out naming an existing file is a usage error (exit 2), said plainly, with or without --force", async () => {
    const file = join(tempDir(), "afile");
    writeFileSync(file, "mine");
    for (const force of [[], ["--force"]]) {
      const r = await runCli([...SMALL_RUN, "--out", file, ...force]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file} is a regular file, not a folder`);
    }
    expect(readFileSync(file, "utf8")).toBe("mine");
  });
});

describe("a scenario name is one safe path segment", () => {
  it.each([
    ["..", ".."],
    [".", "."],
    ["a hidden name", ".hidden"],
    ["a path", "a/b"],
    ["300 characters", "x".repeat(300)],
  ])("%s is refused by validate and generate (exit 2, nothing written)", async (_what, name) => {
    const dir = tempDir();
    const path = scenarioFile({ name });
    const cwd = process.cwd();
    process.chdir(dir); // generate would write into outputs/<name> here
    try {
      for (const args of [
        ["validate", path],
        ["generate", path, "--toys", "2"],
      ]) {
        const r = await runCli(args);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/name = .*: must be 1 to 100 letters/);
      }
      expect(filesIn(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });

  it("a 100-character name is fine", async () => {
    expect((await runCli(["validate", scenarioFile({ name: "x".repeat(100) })])).code).toBe(0);
  });
});

describe("a run's files are replaced or removed together (--force)", () => {
  const run = (dir: string, extra: Record<string, unknown> = {}, scenario = REFERENCE_SCENARIO) =>
    generateRun({ scenario, toys: 20, workers: 0, outDir: dir, ...extra });

  it("a run without systematics removes the previous run's nuisance.arrow", async () => {
    const dir = tempDir();
    await run(dir, {}, scenarioFile(SYSTEMATICS_CHANGES));
    expect(filesIn(dir)).toContain("nuisance.arrow");
    const refused: unknown = await run(dir).catch((e: unknown) => e);
    expect(String(refused)).toMatch(/expected\.arrow exists/);
    expect(exitCodeOf(refused)).toBe(2);
    await run(dir, { force: true });
    expect(filesIn(dir)).toEqual(["expected.arrow", "run.json", "toys.arrow"]);
  });

  it("a whole run replaces shard files; a shard run refuses, then with --force removes, a whole run's files", async () => {
    const dir = tempDir();
    await run(dir, { shard: { index: 1, count: 2 } });
    await run(dir, { shard: { index: 2, count: 2 } });
    expect(filesIn(dir)).toEqual([
      "expected.arrow",
      "run-1-of-2.json",
      "run-2-of-2.json",
      "toys-1-of-2.arrow",
      "toys-2-of-2.arrow",
    ]);
    await run(dir, { force: true });
    expect(filesIn(dir)).toEqual(["expected.arrow", "run.json", "toys.arrow"]);
    const refused: unknown = await run(dir, { shard: { index: 1, count: 3 } }).catch(
      (e: unknown) => e,
    );
    expect(String(refused)).toMatch(/run\.json exists, from a run with another sharding/);
    await run(dir, { shard: { index: 1, count: 3 }, force: true });
    expect(filesIn(dir)).toEqual(["expected.arrow", "run-1-of-3.json", "toys-1-of-3.arrow"]);
  });

  it("files that are not a run's stay untouched", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "notes.txt"), "mine");
    writeFileSync(join(dir, "toys-final.arrow"), "mine too");
    await run(dir);
    await run(dir, { force: true, seed: 5 });
    expect(filesIn(dir)).toEqual([
      "expected.arrow",
      "notes.txt",
      "run.json",
      "toys-final.arrow",
      "toys.arrow",
    ]);
  });
});

describe("concurrent runs", () => {
  it("the shards of one run write into one folder at the same time", async () => {
    const dir = tempDir();
    const shards = [1, 2, 3].map((index) =>
      generateRun({
        scenario: REFERENCE_SCENARIO,
        toys: 300,
        workers: 0,
        toysPerBatch: 10, // many batches: the three runs interleave
        outDir: dir,
        shard: { index, count: 3 },
      }),
    );
    await Promise.all(shards);
    expect(filesIn(dir)).toEqual([
      "expected.arrow",
      ...[1, 2, 3].map((k) => `run-${k}-of-3.json`),
      ...[1, 2, 3].map((k) => `toys-${k}-of-3.arrow`),
    ]);
  });

  it("a second run into a folder being written is refused (exit 2, naming the process); SIGTERM then stops the first at any --workers, leaving the previous run as it was", async () => {
    const dir = join(tempDir(), "run");
    expect(runRenp([...SMALL_RUN, "--out", dir]).status).toBe(0);
    const before = snapshot(dir);
    const first = startCli([...LONG_RUN, "--out", dir, "--force", "--workers", "1000"]);
    await first.waitFor(STARTED);
    const cap = availableParallelism();
    expect(first.stderr()).toContain(`1000 workers requested, but only ${cap} can run at once`);
    expect(first.stderr()).toContain(`with ${cap} worker`);
    const second = runRenp([...SMALL_RUN, "--out", dir, "--force"]);
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(`is being written by renp process ${first.child.pid}`);
    first.child.kill("SIGTERM");
    expect(await first.exit).toEqual({ code: 143, signal: null });
    expect(first.stderr()).toMatch(/interrupted \(SIGTERM\); no output was written/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("nothing left behind", () => {
  it("SIGINT removes the temporaries, the lock and the folders the run created", async () => {
    const parent = tempDir();
    const dir = join(parent, "new", "run");
    const running = startCli([...LONG_RUN, "--out", dir, "--workers", "2"]);
    await running.waitFor(STARTED);
    expect(existsSync(join(dir, ".renp.lock"))).toBe(true);
    running.child.kill("SIGINT");
    expect(await running.exit).toEqual({ code: 130, signal: null });
    expect(running.stderr()).toMatch(/interrupted \(SIGINT\)/);
    expect(filesIn(parent)).toEqual([]);
  });

  it("a later run removes the lock and temporaries a SIGKILLed run left, and says so", async () => {
    const dir = tempDir();
    const killed = startCli([...LONG_RUN, "--out", dir, "--workers", "1"]);
    await killed.waitFor(STARTED);
    killed.child.kill("SIGKILL");
    await killed.exit;
    const left = filesIn(dir);
    expect(left).toContain(".renp.lock");
    expect(left.some((f) => f.startsWith(".expected.arrow.") && f.endsWith(".tmp"))).toBe(true);
    const later = runRenp([...SMALL_RUN, "--out", dir]);
    expect(later.status).toBe(0);
    expect(later.stderr).toContain(`removed the stale lock of renp process ${killed.child.pid}`);
    expect(later.stderr).toMatch(
      /removed \d+ temporary files? \(\d+ bytes\) left in .* by processes that no longer run/,
    );
    expect(filesIn(dir)).toEqual(["expected.arrow", "run.json", "toys.arrow"]);
  });
});
