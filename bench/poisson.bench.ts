/**
 * Poisson draws per second by mean, against numpy's default_rng().poisson as the baseline
 * (`ratio` = ours / numpy's, both measured in this run). Each figure is the best of RUNS timed runs
 * of ~RUN_SECONDS after a warm-up; on a busy machine all of them drop, the ratios less so.
 *
 * Rows per mean, each naming the method it ran:
 * - poisson.BinSampler.fillFrom: one toy of BINS bins, all of that mean, uniforms in bulk from
 *   one stream; the toy sampler's hot path;
 * - poisson.PoissonTable.sample: one fixed mean, one draw per call;
 * - poisson.samplePoisson: a mean that may vary per call (systematics), one draw per call.
 * And the streams' cost: 32-bit uniforms per second, toy streams made (hash + seeding) per second.
 *
 * Run alone: npm run build && node dist/bench/poisson.bench.js
 */
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import {
  BinSampler,
  PoissonTable,
  samplePoisson,
  SPARSE_MAX_MEAN_COUNTS,
  TABLE_MAX_MEAN_COUNTS,
} from "../src/sampling/poisson.js";
import { ToyUniforms, toyStream, type Uniform } from "../src/sampling/streams.js";
import type { BenchRow } from "./types.js";

const MEANS_COUNTS = [1e-3, 0.5, 5, 50, 1e3, 1e6];
const BINS = 100;
const RUN_SECONDS = 0.2;
const RUNS = 5;

/**
 * Best rate (units per second) over RUNS timed runs, after a warm-up of ~RUN_SECONDS. `run(reps)`
 * does reps repetitions in its own loop (a call per repetition would time the call) and returns a
 * number that depends on the draws, so none is optimised away; `perRep` units per repetition.
 */
function rate(run: (reps: number) => number, perRep: number): number {
  let reps = 1000;
  let seconds = 0;
  while (seconds < RUN_SECONDS) {
    reps *= 2;
    const start = performance.now();
    sink += run(reps);
    seconds = (performance.now() - start) / 1000;
  }
  let best = 0;
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    sink += run(reps);
    best = Math.max(best, (reps * perRep) / ((performance.now() - start) / 1000));
  }
  return best;
}

let sink = 0;

// One loop per kind of work, so each call site in it sees one target.
function uniforms(u: Uniform, reps: number): number {
  let sum = 0;
  for (let r = 0; r < reps; r++) sum += u();
  return sum;
}

let nextToy = 0;
function toyStreams(reps: number): number {
  let sum = 0;
  for (let r = 0; r < reps; r++) sum += toyStream(20231108, nextToy++)();
  return sum;
}

function fills(sampler: BinSampler, q: ToyUniforms, out: Int32Array, reps: number): number {
  let sum = 0;
  for (let r = 0; r < reps; r++) {
    sampler.fillFrom(q, out);
    sum += out[0];
  }
  return sum;
}

function tableDraws(table: PoissonTable, u: Uniform, reps: number): number {
  let sum = 0;
  for (let r = 0; r < reps; r++) sum += table.sample(u);
  return sum;
}

function samplePoissonDraws(meanCounts: number, u: Uniform, reps: number): number {
  let sum = 0;
  for (let r = 0; r < reps; r++) sum += samplePoisson(meanCounts, u);
  return sum;
}

const NUMPY_SCRIPT = `
import json, sys, time
import numpy as np
rng = np.random.default_rng(1)
out = []
for mu in json.loads(sys.argv[1]):
    n = 2_000_000
    rng.poisson(mu, 1000)
    best = 0.0
    for _ in range(5):
        t0 = time.perf_counter(); rng.poisson(mu, n); best = max(best, n / (time.perf_counter() - t0))
    out.append(best)
print(json.dumps(out))
`;

/** numpy's draws/s by mean, or undefined when python3 or numpy is missing. */
function numpyRates(means: number[]): Map<number, number> | undefined {
  // OPENBLAS_* only tune BLAS, which poisson does not use; so they are unset.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  try {
    const stdout = execFileSync("python3", ["-c", NUMPY_SCRIPT, JSON.stringify(means)], {
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const rates = JSON.parse(stdout) as number[];
    return new Map(means.map((mu, i) => [mu, rates[i]]));
  } catch {
    return undefined;
  }
}

function row(name: string, value: number, unit: string, baseline?: number): BenchRow {
  return baseline === undefined
    ? { name, value, unit }
    : { name, value, unit, baseline, ratio: value / baseline };
}

/** The method each sampler uses at a mean, for the row names. */
const fixedMethod = (mu: number) => (mu <= TABLE_MAX_MEAN_COUNTS ? "table" : "PTRS");
const varyingMethod = (mu: number) => (mu < 10 ? "inversion" : "PTRS");

export function benchPoisson(): BenchRow[] {
  const numpy = numpyRates(MEANS_COUNTS);
  const rows: BenchRow[] = [];
  const u = toyStream(20231108, 0);
  rows.push(
    row(
      "rng.uniform (tychei, 32 bits)",
      rate((reps) => uniforms(u, reps), 1),
      "uniforms/s",
    ),
  );
  rows.push(row("rng.toyStream (sha256 + seeding)", rate(toyStreams, 1), "streams/s"));
  for (const mu of MEANS_COUNTS) {
    const baseline = numpy?.get(mu);
    const sampler = new BinSampler(new Float64Array(BINS).fill(mu));
    const out = new Int32Array(BINS);
    const binMethod = mu <= SPARSE_MAX_MEAN_COUNTS ? "sparse group" : fixedMethod(mu);
    const q = new ToyUniforms().reset(20231108, 1, 1024);
    const fill = rate((reps) => fills(sampler, q, out, reps), BINS);
    rows.push(
      row(
        `poisson.BinSampler.fillFrom mean=${mu} (${BINS} bins, ${binMethod})`,
        fill,
        "draws/s",
        baseline,
      ),
    );
    const table = new PoissonTable(mu);
    const single = rate((reps) => tableDraws(table, u, reps), 1);
    rows.push(
      row(
        `poisson.PoissonTable.sample mean=${mu} (${fixedMethod(mu)})`,
        single,
        "draws/s",
        baseline,
      ),
    );
    const varying = rate((reps) => samplePoissonDraws(mu, u, reps), 1);
    rows.push(
      row(`poisson.samplePoisson mean=${mu} (${varyingMethod(mu)})`, varying, "draws/s", baseline),
    );
    if (baseline !== undefined) rows.push(row(`numpy.poisson mean=${mu}`, baseline, "draws/s"));
  }
  if (Number.isNaN(sink)) throw new Error("unreachable: keeps the draws alive");
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of benchPoisson()) {
    const ratio = r.ratio === undefined ? "" : `  x${r.ratio.toFixed(2)} numpy`;
    console.log(
      `${r.name.padEnd(62)} ${(r.value / 1e6).toFixed(1).padStart(8)} M ${r.unit}${ratio}`,
    );
  }
}
