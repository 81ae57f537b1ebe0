/**
 * `npm run bench`: the benchmark table, printed as markdown and written to bench/RESULTS.md.
 * Every rate sits next to its baseline measured in the same run, as a ratio; every figure is the
 * best of REPEATS runs, ours and numpy's alike. Not part of the tests.
 *
 * The scenario is the reference Yb scenario with its scan widened to 1000 bins (means ~0.1-5
 * counts a bin). Rows:
 * - whole `renp generate` processes (spawned, timed from spawn to exit: start-up, expectation,
 *   workers, toys, files on disk): 2e7 and 2e8 draws, 1 worker, long layout, against numpy
 *   drawing the same means as one array of means (`rng.poisson(mu_array, size=(toys, bins))`,
 *   in chunks of CHUNK_TOYS toys) and bin by bin (`rng.poisson(mu_k, size=toys)` per bin);
 * - 2 workers against 1 on 2e8 draws, long and wide layouts;
 * - peak RSS of the 2e8-draw run against the 2e7 one (flat memory: ratio ~1);
 * - start-up: `renp --help`, `list`, `validate`, and generate's fixed cost (one toy), against
 *   `node -e 0`; the time to import each command's module;
 * - the sampler alone (BinSampler.fillFrom, 1000 bins of one mean, a toy stream per toy, this
 *   thread) at means 0.1-10, against numpy at the same mean; then bench/poisson.bench.ts;
 * - renp fit of 1e4 toys, an expectation table, a fit with the mass floated (bench/fit.bench.ts);
 * - fits with nonlinear parameters: fast path against linear and exact, the 4x goal, 1000
 *   sensitivity toys (bench/fastFit.bench.ts);
 * - Asimov sensitivity, one test and one exposure, seconds (bench/sensitivity.bench.ts).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { computeExpectation } from "../src/expectation.js";
import { PACKAGE_ROOT, RENP_VERSION } from "../src/paths.js";
import { BinSampler } from "../src/sampling/poisson.js";
import { ToyUniforms } from "../src/sampling/streams.js";
import { loadScenario } from "../src/scenario/load.js";
import { benchFastFit } from "./fastFit.bench.js";
import { benchFit } from "./fit.bench.js";
import { benchPoisson } from "./poisson.bench.js";
import { benchSensitivity } from "./sensitivity.bench.js";
import type { BenchRow } from "./types.js";

const BINS = 1000;
const REPEATS = 3;
const CHUNK_TOYS = 20_000;
const KERNEL_MEANS = [0.1, 0.5, 1, 2, 5, 10];
const REFERENCE = join(
  PACKAGE_ROOT,
  "test",
  "fixtures",
  "reference",
  "yb-majorana-normal.scenario.json",
);
const CLI = join(PACKAGE_ROOT, "dist", "src", "cli", "bin.js");

const work = mkdtempSync(join(tmpdir(), "renp-bench-"));
const scenarioPath = join(work, "scenario.json");
const reference = JSON.parse(readFileSync(REFERENCE, "utf8")) as {
  experiment: { scan: { bins: number } };
};
reference.experiment.scan.bins = BINS;
writeFileSync(scenarioPath, JSON.stringify(reference));

type Row = BenchRow & { baselineName?: string | undefined };
const rows: Row[] = [];
function row(name: string, value: number, unit: string, baseline?: number, baselineName?: string) {
  rows.push(
    baseline === undefined
      ? { name, value, unit }
      : { name, value, unit, baseline, ratio: value / baseline, baselineName },
  );
}

/** The best (least) wall time in seconds of REPEATS (or `repeats`) runs of fn. */
function bestSeconds(fn: () => void, repeats = REPEATS): number {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

/** Runs the CLI; throws with its stderr when it fails. */
function cli(args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench: renp ${args.join(" ")} failed: ${r.stderr}`);
}

/** A whole `renp generate` process: best draws/s and the peak RSS (kB) its run.json records. */
function generateProcess(toys: number, workers: number, layout: "long" | "wide") {
  const out = join(work, `gen-${toys}-${workers}-${layout}`);
  let maxRssKb = 0;
  const seconds = bestSeconds(() => {
    cli(
      ["generate", scenarioPath, "--toys", String(toys), "--workers", String(workers)].concat([
        "--layout",
        layout,
        "--out",
        out,
        "--force",
      ]),
    );
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { maxRssKb: number };
    maxRssKb = Math.max(maxRssKb, run.maxRssKb);
    rmSync(out, { recursive: true, force: true }); // the next run writes new files, as the first
  });
  return { rate: (toys * BINS) / seconds, maxRssKb };
}

const NUMPY_SCRIPT = `
import json, sys, time
import numpy as np
mu = np.array(json.load(open(sys.argv[1])))
toys, chunk, repeats = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(1)
def array_lambda():
    for at in range(0, toys, chunk):
        rng.poisson(mu, size=(min(chunk, toys - at), mu.size))
def per_bin():
    for m in mu:
        rng.poisson(m, size=toys)
def best(f):
    b = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter(); f(); b = min(b, time.perf_counter() - t0)
    return toys * mu.size / b
print(json.dumps({"array": best(array_lambda), "perBin": best(per_bin), "numpy": np.__version__}))
`;

/** numpy's draws/s for these means, both ways (best of REPEATS), or undefined without numpy. */
function numpyRates(means: Float64Array, toys: number) {
  const meansPath = join(work, "means.json");
  writeFileSync(meansPath, JSON.stringify(Array.from(means)));
  try {
    const args = [meansPath, String(toys), String(CHUNK_TOYS), String(REPEATS)];
    const out = execFileSync("python3", ["-c", NUMPY_SCRIPT, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return JSON.parse(out) as { array: number; perBin: number; numpy: string };
  } catch {
    return undefined;
  }
}

/** Best wall seconds of a node child running `args` (start-up rows), over 5 runs. */
const nodeSeconds = (args: string[]) =>
  bestSeconds(() => {
    const r = spawnSync(process.execPath, args, { stdio: "ignore" });
    if (r.status !== 0) throw new Error(`bench: node ${args.join(" ")} failed`);
  }, 5);

/** Milliseconds to import a module in a fresh process (best of 5). */
function importMs(path: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(path)}); console.log(performance.now() - t);`;
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const ms = Number(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
    );
    best = Math.min(best, ms);
  }
  return best;
}

/**
 * The sampler alone: draws per second of BinSampler.fillFrom over toys of BINS bins of one mean,
 * by the wall clock and per second of this process's CPU time (which a loaded machine inflates
 * less: time spent waiting for a core does not count), each the best of REPEATS.
 */
function kernelRates(meanCounts: number): { wall: number; cpu: number } {
  const sampler = new BinSampler(new Float64Array(BINS).fill(meanCounts));
  const q = new ToyUniforms();
  const out = new Int32Array(BINS);
  const toys = Math.ceil(2e7 / BINS);
  const once = () => {
    for (let t = 0; t < toys; t++) sampler.fillFrom(q.reset(1, t, sampler.expectedWords), out);
  };
  once(); // warm-up
  let cpuSeconds = Infinity;
  const wallSeconds = bestSeconds(() => {
    const before = process.cpuUsage();
    once();
    const used = process.cpuUsage(before);
    cpuSeconds = Math.min(cpuSeconds, (used.user + used.system) / 1e6);
  });
  return { wall: (toys * BINS) / wallSeconds, cpu: (toys * BINS) / cpuSeconds };
}

const NUMPY_MEAN_SCRIPT = `
import json, sys, time
import numpy as np
rng = np.random.default_rng(1)
out = []
for mu in json.loads(sys.argv[1]):
    n = 20_000_000
    best = float("inf")
    for _ in range(${REPEATS}):
        t0 = time.perf_counter(); rng.poisson(mu, n); best = min(best, time.perf_counter() - t0)
    out.append(n / best)
print(json.dumps(out))
`;

function numpyByMean(means: number[]): number[] | undefined {
  try {
    return JSON.parse(
      execFileSync("python3", ["-c", NUMPY_MEAN_SCRIPT, JSON.stringify(means)], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    ) as number[];
  } catch {
    return undefined;
  }
}

const loadBefore = loadavg();
const mu = computeExpectation(loadScenario(scenarioPath)).muTotal;

// Whole processes.
const np7 = numpyRates(mu, 20_000);
const np8 = numpyRates(mu, 200_000);
const long7 = generateProcess(20_000, 1, "long");
const long8 = generateProcess(200_000, 1, "long");
const long8two = generateProcess(200_000, 2, "long");
const wide8 = generateProcess(200_000, 1, "wide");
const wide8two = generateProcess(200_000, 2, "wide");
const ARRAY = "numpy poisson(mu_array), same means";
const PER_BIN = "numpy poisson(mu_k, size=toys) per bin";
row("generate, 2e7 draws (2e4 toys), 1 worker, long", long7.rate, "draws/s", np7?.array, ARRAY);
row("generate, 2e7 draws, 1 worker, long", long7.rate, "draws/s", np7?.perBin, PER_BIN);
row("generate, 2e8 draws (2e5 toys), 1 worker, long", long8.rate, "draws/s", np8?.array, ARRAY);
row("generate, 2e8 draws, 1 worker, long", long8.rate, "draws/s", np8?.perBin, PER_BIN);
row("generate, 2e8 draws, 2 workers, long", long8two.rate, "draws/s", long8.rate, "1 worker");
row("generate, 2e8 draws, 1 worker, wide", wide8.rate, "draws/s", np8?.array, ARRAY);
row("generate, 2e8 draws, 2 workers, wide", wide8two.rate, "draws/s", wide8.rate, "1 worker");
if (np8) {
  row("numpy poisson(mu_array), 2e8 draws", np8.array, "draws/s");
  row("numpy poisson(mu_k, size=toys) per bin, 2e8 draws", np8.perBin, "draws/s");
}
row(
  "peak RSS, 2e8 draws, 1 worker, long",
  long8.maxRssKb * 1024,
  "bytes",
  long7.maxRssKb * 1024,
  "2e7 draws",
);
row(
  "peak RSS, 2e8 draws, 2 workers, long",
  long8two.maxRssKb * 1024,
  "bytes",
  long8.maxRssKb * 1024,
  "1 worker",
);

// Start-up.
const bare = nodeSeconds(["-e", "0"]);
const NODE = "node -e 0";
row("renp --help", nodeSeconds([CLI, "--help"]), "s", bare, NODE);
row("renp list", nodeSeconds([CLI, "list"]), "s", bare, NODE);
row(
  "renp validate yb-majorana-normal",
  nodeSeconds([CLI, "validate", "yb-majorana-normal"]),
  "s",
  bare,
  NODE,
);
const fixedOut = join(work, "fixed");
row(
  `renp generate, 1 toy x ${BINS} bins (fixed cost)`,
  nodeSeconds([
    CLI,
    "generate",
    scenarioPath,
    "--toys",
    "1",
    "--workers",
    "1",
    "--out",
    fixedOut,
    "--force",
  ]),
  "s",
  bare,
  NODE,
);
for (const command of ["main", "list", "validate", "generate", "spectrum", "inspect", "plot"]) {
  const path = join(PACKAGE_ROOT, "dist", "src", "cli", `${command}.js`);
  row(`import cli/${command}.js`, importMs(path) / 1000, "s");
}
row(
  "import run.js (what generate's action loads)",
  importMs(join(PACKAGE_ROOT, "dist", "src", "run.js")) / 1000,
  "s",
);

// The sampler alone.
const numpyMeans = numpyByMean(KERNEL_MEANS);
KERNEL_MEANS.forEach((m, i) => {
  const { wall, cpu } = kernelRates(m);
  row(
    `sampler alone, ${BINS} bins of mean ${m}`,
    wall,
    "draws/s",
    numpyMeans?.[i],
    "numpy poisson, same mean",
  );
  row(`sampler alone, ${BINS} bins of mean ${m}, per CPU second`, cpu, "draws/CPU-s");
});
rows.push(
  ...benchPoisson().map((r) => ({
    ...r,
    baselineName: r.baseline === undefined ? undefined : "numpy poisson, same mean",
  })),
);
rows.push(...benchFit());
rows.push(...benchFastFit());
rows.push(...benchSensitivity());
rows.push(...(await import("./signals.bench.js")).benchSignals()); // SIGTERM to exit, per command
rmSync(work, { recursive: true, force: true });
const loadAfter = loadavg();

const format = (v: number) =>
  Math.abs(v) >= 1e3 ? v.toPrecision(3).replace(/e\+?/, "e") : v.toPrecision(3);
const lines = [
  `Measured ${new Date().toISOString().slice(0, 16)}Z on ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, renp ${RENP_VERSION}, numpy ${np8?.numpy ?? "absent"}; load average ${loadBefore[0].toFixed(1)} before, ${loadAfter[0].toFixed(1)} after (\`npm run bench\`; best of ${REPEATS} both sides).`,
  "",
  "| benchmark | value | unit | baseline | ratio |",
  "|---|---:|---|---|---:|",
  ...rows.map(
    (r) =>
      `| ${r.name} | ${format(r.value)} | ${r.unit} | ${r.baseline === undefined ? "" : `${r.baselineName ?? "baseline"}: ${format(r.baseline)}`} | ${r.ratio === undefined ? "" : r.ratio.toFixed(2)} |`,
  ),
];
const text = `${lines.join("\n")}\n`;
process.stdout.write(text);
writeFileSync(join(PACKAGE_ROOT, "bench", "RESULTS.md"), `# Benchmark results\n\n${text}`);
