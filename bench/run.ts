/**
 * `npm run bench`: every benchmark, printed as a markdown table and written to bench/RESULTS.md.
 * Each figure sits next to a baseline measured in the same run (numpy's default_rng().poisson
 * via python3 where present), as a ratio. Not part of the tests.
 *
 * - generate+write: counts generated and written to toys.arrow per second, 1000 bins x 2e4 toys of
 *   the reference scenario (scan widened to 1000 bins), 1 worker and all workers, against numpy
 *   drawing the same means (rng.poisson(mu, size=(toys, bins)), no writing);
 * - workers: all workers / one worker;
 * - Arrow write: bytes/s of StreamingIpcFile alone, long layout, batches prepared in advance;
 * - peak RSS of the CLI (child processes; maxRSS from run.json) at 1e4 and 1e5 toys, 1000 bins,
 *   the 1e5 figure against the 1e4 one (flat memory: ratio ~1);
 * - Poisson draws/s by mean (bench/poisson.bench.ts);
 * - renp fit of 1e4 toys, an expectation table, a fit with the mass floated (bench/fit.bench.ts);
 * - Asimov sensitivity, one test and one exposure, seconds (bench/sensitivity.bench.ts).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { computeExpectation } from "../src/expectation.js";
import { emptyColumns, schemaOf, StreamingIpcFile, ToysBatcher } from "../src/io/toys.js";
import { PACKAGE_ROOT } from "../src/paths.js";
import { generateRun } from "../src/run.js";
import { loadScenario } from "../src/scenario/load.js";
import { ToyGenerator } from "../src/sampling/toys.js";
import { toySpec } from "../src/sampling/spec.js";
import { benchFit } from "./fit.bench.js";
import { benchPoisson } from "./poisson.bench.js";
import { benchSensitivity } from "./sensitivity.bench.js";
import type { BenchRow } from "./types.js";

const BINS = 1000;
const TOYS = 20_000;
const REFERENCE = join(
  PACKAGE_ROOT,
  "test",
  "fixtures",
  "reference",
  "yb-majorana-normal.scenario.json",
);

const work = mkdtempSync(join(tmpdir(), "renp-bench-"));
const scenarioPath = join(work, "scenario.json");
const reference = JSON.parse(readFileSync(REFERENCE, "utf8")) as {
  experiment: { scan: { bins: number } };
};
reference.experiment.scan.bins = BINS;
writeFileSync(scenarioPath, JSON.stringify(reference));

function row(
  name: string,
  value: number,
  unit: string,
  baseline?: number,
  baselineName?: string,
): BenchRow & { baselineName?: string | undefined } {
  return baseline === undefined
    ? { name, value, unit }
    : { name, value, unit, baseline, ratio: value / baseline, baselineName };
}

/** numpy draws/s for the table's means, toys x bins at once (best of 3), or undefined. */
function numpyTable(means: Float64Array, toys: number): number | undefined {
  const meansPath = join(work, "means.json");
  writeFileSync(meansPath, JSON.stringify(Array.from(means)));
  const script = `
import json, sys, time
import numpy as np
mu = np.array(json.load(open(sys.argv[1])))
rng = np.random.default_rng(1)
toys = int(sys.argv[2])
best = 0.0
for _ in range(3):
    t0 = time.perf_counter(); rng.poisson(mu, size=(toys, mu.size)); best = max(best, toys * mu.size / (time.perf_counter() - t0))
print(best)`;
  try {
    return Number(
      execFileSync("python3", ["-c", script, meansPath, String(toys)], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
  } catch {
    return undefined;
  }
}

async function generateRate(workers: number, layout: "long" | "wide" = "long"): Promise<number> {
  let best = 0;
  for (let r = 0; r < 2; r++) {
    const out = join(work, `gen-${workers}`);
    const s = await generateRun({
      scenario: scenarioPath,
      toys: TOYS,
      outDir: out,
      workers,
      force: true,
      layout,
    });
    best = Math.max(best, (TOYS * BINS) / s.seconds);
    rmSync(out, { recursive: true, force: true });
  }
  return best;
}

/** Sampling alone in this thread (no expectation, no writing): what the generator's core costs. */
function sampleOnlyRate(): number {
  const generator = new ToyGenerator(
    toySpec(computeExpectation(loadScenario(scenarioPath)), { truth: false }),
  );
  let best = 0;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    for (let first = 0; first < TOYS; first += 262)
      generator.generate(first, Math.min(262, TOYS - first));
    best = Math.max(best, (TOYS * BINS) / ((performance.now() - start) / 1000));
  }
  return best;
}

function arrowWriteRate(): number {
  const table = computeExpectation(loadScenario(scenarioPath));
  const toysPerBatch = 262;
  const block = new ToyGenerator(toySpec(table, { truth: false })).generate(0, toysPerBatch);
  const batcher = new ToysBatcher("long", BINS, []);
  const columns = batcher.columns(0, toysPerBatch, block.nObs, []).map((c) => c.data);
  const path = join(work, "write.arrow");
  let best = 0;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    const file = new StreamingIpcFile(path, schemaOf(emptyColumns("long", BINS, []), new Map()));
    for (let b = 0; b < 60; b++) file.write(columns);
    file.close();
    best = Math.max(best, file.bytes / ((performance.now() - start) / 1000));
  }
  rmSync(path, { force: true });
  return best;
}

/** Peak RSS (kB) of the CLI generating `toys` toys, from its run.json. */
function peakRssKb(toys: number): number {
  const out = join(work, `rss-${toys}`);
  const cli = join(PACKAGE_ROOT, "dist", "src", "cli", "bin.js");
  const r = spawnSync(
    process.execPath,
    [cli, "generate", scenarioPath, "--toys", String(toys), "--out", out, "--force"],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`bench: the CLI failed: ${r.stderr}`);
  const kb = (JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { maxRssKb: number })
    .maxRssKb;
  rmSync(out, { recursive: true, force: true });
  return kb;
}

const rows: (BenchRow & { baselineName?: string | undefined })[] = [];
const mu = computeExpectation(loadScenario(scenarioPath)).muTotal;
const numpy = numpyTable(mu, TOYS);
const one = await generateRate(1);
const all = await generateRate(availableParallelism());
rows.push(
  row(
    `generate+write ${BINS} bins x ${TOYS} toys, 1 worker`,
    one,
    "counts/s",
    numpy,
    "numpy poisson, same means",
  ),
);
rows.push(
  row(
    `generate+write ${BINS} bins x ${TOYS} toys, ${availableParallelism()} workers`,
    all,
    "counts/s",
    numpy,
    "numpy poisson, same means",
  ),
);
rows.push(row(`workers: ${availableParallelism()} vs 1`, all, "counts/s", one, "1 worker"));
rows.push(
  row(
    `generate+write, --layout wide (4 bytes a count), 1 worker`,
    await generateRate(1, "wide"),
    "counts/s",
    numpy,
    "numpy poisson, same means",
  ),
);
rows.push(
  row(
    `sampling only (ToyGenerator, this thread, no files)`,
    sampleOnlyRate(),
    "counts/s",
    numpy,
    "numpy poisson, same means",
  ),
);
if (numpy !== undefined)
  rows.push(row("numpy default_rng().poisson, same means", numpy, "draws/s"));
rows.push(row("Arrow IPC write (StreamingIpcFile, long layout)", arrowWriteRate(), "bytes/s"));
const rss4 = peakRssKb(10_000);
const rss5 = peakRssKb(100_000);
rows.push(row(`peak RSS, CLI, 1e4 toys x ${BINS} bins`, rss4 * 1024, "bytes"));
rows.push(
  row(`peak RSS, CLI, 1e5 toys x ${BINS} bins`, rss5 * 1024, "bytes", rss4 * 1024, "1e4 toys"),
);
rows.push(
  ...benchPoisson().map((r) => ({
    ...r,
    baselineName: r.baseline === undefined ? undefined : "numpy poisson, same mean",
  })),
);
rows.push(...benchFit());
rows.push(...benchSensitivity());
rmSync(work, { recursive: true, force: true });

const format = (v: number) =>
  Math.abs(v) >= 1e3 ? v.toPrecision(3).replace(/e\+?/, "e") : v.toFixed(2);
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${availableParallelism()} cores, Node ${process.version} (\`npm run bench\`).`,
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
