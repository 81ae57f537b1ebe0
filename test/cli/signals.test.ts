/**
 * SIGINT and SIGTERM end every long-running command: exit 128 + n (130, 143),
 * nothing written and nothing left in the output folder. The signal is sent once the command is
 * under way (a second and a half in: each workload below takes several seconds, mostly in
 * synchronous work where a handler cannot run until the work yields); the bound on the exit
 * (BOUND_MS) is generous and detects a hang, it measures no speed.
 */
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inspectFile } from "../../src/inspect.js";
import { inspectJson } from "../../src/inspectText.js";
import { TEMPORARY_NAME } from "../../src/io/atomic.js";
import { runRenp, startCli, type RunningCli } from "../helpers/spawn.js";
import { REFERENCE_SCENARIO, tempDir } from "../helpers/runs.js";

const BOUND_MS = 20_000;
const UNDER_WAY_MS = 1_500;

/** The reference scenario with the documented maximum of 100,000 bins (each expectation ~seconds). */
function bigScenario(): string {
  const s = JSON.parse(readFileSync(REFERENCE_SCENARIO, "utf8"));
  s.experiment.scan = { ...s.experiment.scan, bins: 100_000, exposurePerBinS: 60 };
  delete s.experiment.scan.edgesEv;
  const path = join(tempDir(), "big.json");
  writeFileSync(path, JSON.stringify(s));
  return path;
}

/**
 * 5,000 bins with an omega-offset systematic: the grid of shifted tables generate computes before
 * its toys takes ~30 s here (once a stretch no signal could interrupt), and sensitivity's fit
 * model the same grid (~160 s: a worker's now).
 */
function offsetScenario(): string {
  const s = JSON.parse(readFileSync(REFERENCE_SCENARIO, "utf8"));
  s.experiment.scan = { ...s.experiment.scan, bins: 5_000 };
  delete s.experiment.scan.edgesEv;
  s.systematics = [
    {
      name: "dw",
      parameter: "omegaOffsetEv",
      prior: { distribution: "uniform", min: -2e-6, max: 2e-6 },
    },
  ];
  const path = join(tempDir(), "offset.json");
  writeFileSync(path, JSON.stringify(s));
  return path;
}

/** Every file under dir (none for a folder that does not exist). */
function everything(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true }).map(String);
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `dir` holds a temporary of renp's (io/atomic.ts): the output is being written. */
async function temporaryIn(dir: string, run: RunningCli): Promise<void> {
  while (run.child.exitCode === null && !everything(dir).some((n) => TEMPORARY_NAME.test(n)))
    await sleep(2);
}

/**
 * Starts `renp args`, signals it once under way (after UNDER_WAY_MS, or when `underWay`
 * resolves); returns its exit code (rejects on a hang).
 */
async function interrupt(
  args: string[],
  signal: "SIGINT" | "SIGTERM",
  underWay: (run: RunningCli) => Promise<unknown> = () => sleep(UNDER_WAY_MS),
): Promise<number | null> {
  const run = startCli(args);
  await underWay(run);
  expect(run.child.exitCode, `renp ${args.join(" ")} ended before the signal`).toBeNull();
  run.child.kill(signal);
  const bound = setTimeout(() => run.child.kill("SIGKILL"), BOUND_MS);
  const exit = await run.exit;
  clearTimeout(bound);
  expect(exit.signal, `renp ${args.join(" ")} had to be killed: a hang`).toBeNull();
  expect(run.stderr()).toMatch(new RegExp(`interrupted \\(${signal}\\)`));
  return exit.code;
}

describe("a signal ends the command: exit 130/143, nothing left behind", () => {
  const big = bigScenario();
  const cases: [string, (out: string) => string[], "SIGINT" | "SIGTERM"][] = [
    ["spectrum", (out) => ["spectrum", big, "--out", join(out, "s.arrow")], "SIGINT"],
    ["generate", (out) => ["generate", big, "--toys", "50", "--out", out], "SIGTERM"],
    [
      "generate (omega-offset grid)",
      (out) => ["generate", offsetScenario(), "--toys", "2", "--out", out],
      "SIGINT",
    ],
    ["plot", (out) => ["plot", big, "--out", join(out, "p.svg")], "SIGTERM"],
    [
      "export",
      (out) => ["export", big, "--format", "pyhf", "--out", join(out, "w.json")],
      "SIGINT",
    ],
    [
      "sensitivity",
      (out) => [
        "sensitivity",
        REFERENCE_SCENARIO,
        "--test",
        "ordering",
        "--toys",
        "5000",
        "--out",
        join(out, "s.jsonl"),
      ],
      "SIGTERM",
    ],
    [
      // The fit model's omega-offset grid of a 5,000-bin scan: ~160 s of synchronous work in
      // the main thread before sensitivity ran in a worker.
      "sensitivity (omega-offset grid)",
      (out) => [
        "sensitivity",
        offsetScenario(),
        "--test",
        "ordering",
        "--out",
        join(out, "s.jsonl"),
      ],
      "SIGINT",
    ],
  ];
  for (const [name, args, signal] of cases)
    it(
      `${name}: ${signal} -> exit ${signal === "SIGINT" ? 130 : 143}, no file`,
      async () => {
        const out = join(tempDir(), "out");
        expect(await interrupt(args(out), signal)).toBe(signal === "SIGINT" ? 130 : 143);
        expect(everything(out)).toEqual([]);
      },
      BOUND_MS + 3 * UNDER_WAY_MS + 10_000,
    );
});

/** Each file of `dir` with its size and modification time: what a run must leave as it was. */
const snapshot = (dir: string) =>
  everything(dir).map((name) => {
    const stats = statSync(join(dir, name));
    return `${name} ${stats.size} ${stats.mtimeMs}`;
  });

/**
 * The commands that read a run: fit (many toys), merge (two shards of 7.9e7 bytes, signalled
 * once its temporary exists), inspect (a 1.6e8-byte toys file), report (that run) and validate (a 40 MB scenario:
 * tables of 2 million nodes). list reads a dozen small files and ends in less time than Node
 * takes to start, so it has nothing to interrupt.
 */
describe("a signal ends the commands that read a run: exit 130/143, the folder as it was", () => {
  const work = tempDir();
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const run = join(work, "run");
  const TOYS = 200_000;
  /** A run in two shards, merged: toys.arrow and its shards side by side. */
  const made = (() => {
    let done = false;
    return () => {
      if (done) return;
      for (const shard of ["1/2", "2/2"]) {
        const r = runRenp([
          "generate",
          REFERENCE_SCENARIO,
          "--toys",
          `${TOYS}`,
          "--shard",
          shard,
          "--workers",
          "1",
          "--out",
          run,
        ]);
        expect(r.status, r.stderr).toBe(0);
      }
      const merged = runRenp(["merge", run]);
      expect(merged.status, merged.stderr).toBe(0);
      done = true;
    };
  })();
  const TIMEOUT = BOUND_MS + 3 * UNDER_WAY_MS + 30_000;

  it(
    "fit: SIGINT -> exit 130, no fits file",
    async () => {
      made();
      const before = snapshot(run);
      const args = ["fit", run, "--float", "signalNorm", "--workers", "1"];
      expect(await interrupt(args, "SIGINT")).toBe(130);
      expect(snapshot(run)).toEqual(before);
    },
    TIMEOUT,
  );

  it(
    "merge --force: SIGTERM while it writes -> exit 143, the merged toys.arrow as it was",
    async () => {
      made();
      const before = snapshot(run);
      const args = ["merge", run, "--force"];
      expect(await interrupt(args, "SIGTERM", (r) => temporaryIn(run, r))).toBe(143);
      expect(snapshot(run)).toEqual(before);
    },
    TIMEOUT,
  );

  it(
    "inspect of a large toys file: SIGTERM -> exit 143",
    async () => {
      made();
      const before = snapshot(run);
      const args = ["inspect", join(run, "toys.arrow")];
      expect(await interrupt(args, "SIGTERM", () => sleep(400))).toBe(143);
      expect(snapshot(run)).toEqual(before);
    },
    TIMEOUT,
  );

  it(
    "inspect of a large file (read in a worker, cli/inspectWorker.ts): the in-thread report",
    () => {
      made();
      const file = join(run, "toys.arrow");
      const r = runRenp(["inspect", "--json", file]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(inspectJson(inspectFile(file)));
    },
    TIMEOUT,
  );

  it(
    "report of a large run: SIGTERM -> exit 143, no report.html (it was written before)",
    async () => {
      made();
      const before = snapshot(run);
      expect(await interrupt(["report", run], "SIGTERM", () => sleep(400))).toBe(143);
      expect(snapshot(run)).toEqual(before);
    },
    TIMEOUT,
  );

  it(
    "validate of a 40 MB scenario: SIGINT -> exit 130",
    async () => {
      const s = JSON.parse(readFileSync(REFERENCE_SCENARIO, "utf8"));
      const nodes = 2_000_000;
      s.detector = {
        efficiency: {
          omegaEv: Array.from({ length: nodes }, (_, i) => 1e-3 + i * 1e-6),
          value: new Array(nodes).fill(0.5),
        },
      };
      const path = join(work, "big-table.json");
      writeFileSync(path, JSON.stringify(s));
      expect(await interrupt(["validate", path], "SIGINT", () => sleep(500))).toBe(130);
    },
    TIMEOUT,
  );
});

/**
 * A signal during the last synchronous steps before a commit or write (renp fit, merge --fits and
 * plot: the PNG conversion, a fits file's figure; paused
 * there by RENP_TEST_PAUSE_AT for RENP_TEST_PAUSE_MS, src/io/testPause.ts): handled before the
 * file is put in place, so exit 143 means no file. Before, the file was committed first and the
 * command then exited 143 saying "no output was written".
 */
describe("a signal just before the commit: no file", () => {
  const dir = join(tempDir(), "run");
  const fitArgs = ["fit", dir, "--float", "signalNorm", "--workers", "1"];
  const prepared = (() => {
    let done = false;
    return () => {
      if (done) return;
      for (const args of [
        ["generate", REFERENCE_SCENARIO, "--toys", "30", "--out", dir],
        [...fitArgs, "--toys", "0..14", "--out", join(dir, "fits-a.arrow")],
        [...fitArgs, "--toys", "15..29", "--out", join(dir, "fits-b.arrow")],
      ]) {
        const r = runRenp(args);
        expect(r.status, r.stderr).toBe(0);
      }
      done = true;
    };
  })();

  it.each([
    ["fit", "fit: before commit", fitArgs],
    ["merge --fits", "merge --fits: before commit", ["merge", dir, "--fits"]],
    ["plot to PNG", "plot: before write", ["plot", dir, "--out", join(dir, "s.png")]],
    [
      "plot of a fits file",
      "plot: before write",
      ["plot", join(dir, "fits-a.arrow"), "--out", join(dir, "f.svg")],
    ],
  ])(
    "%s: SIGTERM while it prepares the file -> exit 143, no file",
    async (_name, step, args) => {
      prepared();
      const before = snapshot(dir);
      const run = startCli(args, { RENP_TEST_PAUSE_AT: step, RENP_TEST_PAUSE_MS: "1500" });
      await run.waitFor(new RegExp(`test pause at ${step}`));
      run.child.kill("SIGTERM");
      expect(await run.exit).toEqual({ code: 143, signal: null });
      expect(run.stderr()).toMatch(/interrupted \(SIGTERM\); no output was written/);
      expect(snapshot(dir)).toEqual(before);
    },
    BOUND_MS,
  );
});
