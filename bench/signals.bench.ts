/**
 * How fast each command ends on SIGTERM (docs/outputs.md: within about a second, exit 143,
 * nothing left): milliseconds from the signal to the process's exit, the worst over the moments
 * the signal is sent at (each a fresh process, signalled that long after its spawn). The
 * baseline is the one-second goal, so ratio < 1 meets it. Workloads:
 * - spectrum, generate (50 toys), plot and export of the reference scenario with 100,000 bins
 *   (the documented maximum; its expectation takes seconds), signalled during the expectation;
 * - generate of 5,000 bins with an omega-offset systematic, signalled while it tabulates the
 *   offset's grid of shifted expectations (~30 s of work);
 * - sensitivity --test ordering --toys 5000;
 * - fit, merge --force, inspect and report of a 200,000-toy run in two shards (7.9e7 bytes each, merged
 *   into a 1.6e8-byte toys.arrow);
 * - validate of a 40 MB scenario (an efficiency table of 2 million nodes).
 *
 * Run alone: npm run build && node dist/bench/signals.bench.js
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PACKAGE_ROOT } from "../src/paths.js";
import type { BenchRow } from "./types.js";

type Row = BenchRow & { baselineName?: string };

const CLI = join(PACKAGE_ROOT, "dist", "src", "cli", "bin.js");
const REFERENCE = join(PACKAGE_ROOT, "generators", "yb-majorana-normal.json");
const GOAL_MS = 1000;
const RUN_TOYS = 200_000;
const TABLE_NODES = 2_000_000;

/** Runs renp to completion; throws with its stderr when it fails. */
function renp(args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench: renp ${args.join(" ")} failed: ${r.stderr}`);
}

/**
 * Milliseconds from SIGTERM, sent `afterMs` after the spawn, to the exit of `renp args`
 * (spawnSync's timeout sends the signal; the wall time past it is the latency). Throws when the
 * command ended before the signal or did not end with exit 143.
 */
function latencyMs(args: string[], afterMs: number, stderrPath: string): number {
  // stderr to a file: spawnSync's own pipes end with the timeout, and a write to them then fails.
  const stderr = openSync(stderrPath, "w");
  const start = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    stdio: ["ignore", "ignore", stderr],
    timeout: afterMs,
    killSignal: "SIGTERM",
  });
  const elapsed = performance.now() - start;
  closeSync(stderr);
  if (r.status !== 143)
    throw new Error(
      `bench: renp ${args.join(" ")} signalled at ${afterMs} ms ended with ${r.status ?? r.signal} after ${Math.round(elapsed)} ms (not 143: ended before the signal?): ${readFileSync(stderrPath, "utf8").slice(-400)}`,
    );
  return elapsed - afterMs;
}

/** The reference scenario with 100,000 bins, written to `dir`. */
function bigScan(dir: string): string {
  const s = JSON.parse(readFileSync(REFERENCE, "utf8")) as {
    experiment: { scan: Record<string, unknown> };
  };
  s.experiment.scan = { ...s.experiment.scan, bins: 100_000, exposurePerBinS: 60 };
  delete s.experiment.scan.edgesEv;
  const path = join(dir, "big-scan.json");
  writeFileSync(path, JSON.stringify(s));
  return path;
}

/** The reference scenario with 5,000 bins and an omega-offset systematic, written to `dir`. */
function offsetScan(dir: string): string {
  const path = join(dir, "offset-scan.json");
  const scan = JSON.parse(readFileSync(bigScan(dir), "utf8")) as Record<string, unknown> & {
    experiment: { scan: Record<string, unknown> };
  };
  scan.experiment.scan.bins = 5_000;
  const prior = { distribution: "uniform", min: -2e-6, max: 2e-6 };
  scan.systematics = [{ name: "dw", parameter: "omegaOffsetEv", prior }];
  writeFileSync(path, JSON.stringify(scan));
  return path;
}

/** The reference scenario with an efficiency table of TABLE_NODES nodes (~40 MB). */
function bigTable(dir: string): string {
  const s = JSON.parse(readFileSync(REFERENCE, "utf8")) as Record<string, unknown>;
  s.detector = {
    efficiency: {
      omegaEv: Array.from({ length: TABLE_NODES }, (_, i) => 1e-3 + i * 1e-6),
      value: new Array<number>(TABLE_NODES).fill(0.5),
    },
  };
  const path = join(dir, "big-table.json");
  writeFileSync(path, JSON.stringify(s));
  return path;
}

export function benchSignals(): Row[] {
  const work = mkdtempSync(join(tmpdir(), "renp-bench-signals-"));
  try {
    const scan = bigScan(work);
    const table = bigTable(work);
    const run = join(work, "run");
    for (const shard of ["1/2", "2/2"])
      renp(["generate", REFERENCE, "--toys", `${RUN_TOYS}`, "--shard", shard, "--out", run]);
    renp(["merge", run]);
    const out = (name: string) => join(work, "out", name);
    const cases: [string, string[], number[]][] = [
      ["spectrum, 100,000 bins", ["spectrum", scan, "--out", out("s.arrow")], [700, 1500, 2300]],
      [
        "generate 50 toys x 100,000 bins",
        ["generate", scan, "--toys", "50", "--out", out("run")],
        [700, 1500, 2300],
      ],
      ["plot, 100,000 bins", ["plot", scan, "--out", out("p.svg")], [700, 1500, 2300]],
      [
        "export, 100,000 bins",
        ["export", scan, "--format", "pyhf", "--out", out("w.json")],
        [700, 1500, 2300],
      ],
      [
        "generate 2 toys x 5,000 bins with an omega-offset systematic",
        ["generate", offsetScan(work), "--toys", "2", "--out", out("offset")],
        [1500, 4000],
      ],
      [
        "sensitivity --test ordering --toys 5000",
        ["sensitivity", REFERENCE, "--test", "ordering", "--toys", "5000", "--out", out("s.jsonl")],
        [1500],
      ],
      [
        `fit --float signalNorm, ${RUN_TOYS} toys`,
        ["fit", run, "--float", "signalNorm", "--workers", "1", "--out", out("fits.arrow")],
        [700, 1500],
      ],
      ["merge --force, 2 shards of 7.9e7 bytes", ["merge", run, "--force"], [450]],
      ["inspect, a 1.6e8-byte toys file", ["inspect", join(run, "toys.arrow")], [400, 800]],
      ["report, the 200,000-toy run", ["report", run, "--out", out("report.html")], [400, 800]],
      ["validate, a 40 MB scenario", ["validate", table], [300, 700, 1100]],
    ];
    return cases.map(([what, args, moments]) => {
      const worst = Math.max(...moments.map((ms) => latencyMs(args, ms, join(work, "stderr.txt"))));
      return {
        name: `SIGTERM to exit, ${what} (worst of ${moments.length} moments)`,
        value: worst,
        unit: "ms",
        baseline: GOAL_MS,
        ratio: worst / GOAL_MS,
        baselineName: "goal",
      };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of benchSignals()) process.stdout.write(`${r.name}: ${r.value.toFixed(0)} ms\n`);
}
