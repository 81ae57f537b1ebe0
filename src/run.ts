/**
 * One generate run, as a library function: scenario -> expectation -> toys -> files.
 * The CLI (cli/generate.ts) parses and prints; tests and embedders call generateRun directly.
 *
 * Files in the run folder (docs/outputs.md; written through io/runFolder.ts, so they appear
 * together or not at all, and with --force replace the previous run's files together):
 * - expected.arrow: the expectation table. It describes the whole run (renp.toys = all toys,
 *   renp.shard = "1/1"), so every shard writes the same bytes and shards may share a folder;
 * - toys.arrow, or toys-K-of-N.arrow with a shard (K zero-padded; ranges and names: io/shards.ts): the counts
 *   (io/toys.ts);
 * - nuisance.arrow (nuisance-K-of-N.arrow) when the scenario has systematics: toy int32 and one
 *   float64 column per systematic, one row per toy;
 * - run.json (run-K-of-N.json): provenance that varies between identical runs (time, host,
 *   workers, duration, peak memory), kept out of the Arrow files so those stay byte-identical.
 */
import { statSync, writeFileSync } from "node:fs";
import { availableParallelism, hostname } from "node:os";
import { join } from "node:path";
import {
  ArgumentError,
  checkedScenario,
  MAX_TOYS,
  optionalBoolean,
  optionalChoice,
  optionalFunction,
  optionalInteger,
  optionalPath,
  optionalShard,
  optionalSignal,
} from "./arguments.js";
import { computeExpectationAbortable } from "./expectation.js";
import { throwIfAborted } from "./interrupt.js";
import { expectationIpc, metadataMap } from "./io/arrow.js";
import { BatchFile } from "./io/batchFile.js";
import { RunFolder, runFileNames } from "./io/runFolder.js";
import { defaultToysPerBatch, shardRange, type Shard } from "./io/shards.js";
import {
  emptyColumns,
  schemaOf,
  StreamingIpcFile,
  toysColumnRoles,
  ToysBatcher,
  type Layout,
  type NamedColumn,
} from "./io/toys.js";
import { runToys } from "./parallel/pool.js";
import { workerCount } from "./parallel/workerCount.js";
import { RENP_VERSION } from "./paths.js";
import { ScenarioError } from "./errors.js";
import { loadScenario, type ResolvedScenario } from "./scenario/load.js";
import { SCENARIO_NAME } from "./scenario/schema.js";
import { largestScale } from "./sampling/nuisance.js";
import { MAX_MEAN_COUNTS } from "./sampling/poisson.js";
import { RNG_ALGORITHM } from "./sampling/streams.js";
import type { ToySpec } from "./sampling/toys.js";
import { offsetGridAbortable } from "./sampling/offset.js";
import { offsetRangeEv, toySpec } from "./sampling/spec.js";

/** The options of generateRun (those of `renp generate`). */
export interface GenerateRunOptions {
  /** A scenario path or built-in name, or an already resolved scenario. */
  scenario: string | ResolvedScenario;
  /** Override the scenario's toy count and seed. */
  toys?: number | undefined;
  seed?: number | undefined;
  /** Output folder; default outputs/<scenario name>. */
  outDir?: string | undefined;
  /**
   * Worker threads; default os.availableParallelism(), and never more (a notice says so);
   * 0 generates in the calling thread.
   */
  workers?: number | undefined;
  shard?: Shard | undefined;
  /** Also write each component's counts (n_signal, n_bkg_<name>). */
  truth?: boolean | undefined;
  /** Write the expectation as the single toy 0 (see io/toys.ts) instead of random toys. */
  asimov?: boolean | undefined;
  layout?: Layout | undefined;
  /** Replace the files of a previous run (docs/outputs.md). */
  force?: boolean | undefined;
  /** Toys per record batch (and per worker task); default ~2^18 counts a batch. */
  toysPerBatch?: number | undefined;
  /** Stops the run: it rejects with InterruptedError and leaves nothing behind. */
  signal?: AbortSignal | undefined;
  /** The worker script (parallel/worker.ts compiled); tests inject a failing one. */
  workerEntry?: string | undefined;
  /** Things the user should know that are not errors (capped workers, leftovers removed). */
  onNotice?: ((message: string) => void) | undefined;
  /** Called once the folder is locked and the toys are about to be generated. */
  onStart?:
    ((run: { dir: string; toys: number; bins: number; workers: number }) => void) | undefined;
  /** Called after each batch is written: toys done of this run's (or shard's) count. */
  onProgress?: ((toysDone: number, toysTotal: number, bins: number) => void) | undefined;
}

/** What a generate run wrote: its toys, counts, timing and files. */
export interface RunSummary {
  scenario: string;
  seed: number;
  bins: number;
  /** This file's toys (the shard's range with --shard). */
  toys: { first: number; count: number };
  shard: string;
  /** Sum of n_obs over every toy and bin written. */
  counts: number;
  workers: number;
  seconds: number;
  /** Toys in which efficiencyScale was clipped so that no efficiency exceeds 1. */
  clippedToys: number;
  files: { expected: string; toys: string; nuisance?: string; run: string };
  toysBytes: number;
}

/** The scenario of a run: loaded (or given) with the toy count and seed overrides applied. */
export function runScenario(options: GenerateRunOptions): ResolvedScenario {
  const { scenario, toys, seed } = options;
  if (typeof scenario === "string") return loadScenario(scenario, { toys, seed });
  return checkedScenario({
    ...scenario,
    ...(toys !== undefined ? { toys } : {}),
    ...(seed !== undefined ? { seed } : {}),
  });
}

/** The most counts one record batch may hold (toysPerBatch x bins): 64 MiB an int32 column. */
const MAX_BATCH_COUNTS = 2 ** 24;

/**
 * Refuses options the command line would refuse (ArgumentError, before anything is written):
 * the library is called with values no parser has seen (arguments.ts).
 */
function checkRunOptions(options: GenerateRunOptions): void {
  if (typeof options !== "object" || options === null)
    throw new ArgumentError("options", options, "an object of generateRun options");
  const { scenario } = options;
  if (typeof scenario !== "string" && (typeof scenario !== "object" || scenario === null))
    throw new ArgumentError("scenario", scenario, "a path, a built-in name or a scenario object");
  if (typeof scenario === "string") optionalPath("scenario", scenario);
  optionalInteger("toys", options.toys, 1, MAX_TOYS);
  optionalInteger("seed", options.seed, 0, Number.MAX_SAFE_INTEGER);
  optionalInteger("workers", options.workers, 0, Number.MAX_SAFE_INTEGER);
  optionalInteger("toysPerBatch", options.toysPerBatch, 1, MAX_TOYS);
  optionalPath("outDir", options.outDir);
  optionalPath("workerEntry", options.workerEntry);
  optionalShard("shard", options.shard);
  for (const key of ["truth", "asimov", "force"] as const) optionalBoolean(key, options[key]);
  optionalChoice("layout", options.layout, ["long", "wide"] as const);
  optionalSignal("signal", options.signal);
  for (const key of ["onNotice", "onStart", "onProgress"] as const)
    optionalFunction(key, options[key]);
}

/** The folder a run writes into: outDir, or outputs/<name> with a name that is one safe segment. */
function runDir(outDir: string | undefined, name: string): string {
  if (outDir !== undefined) return outDir;
  if (!SCENARIO_NAME.test(name))
    throw new ArgumentError("scenario.name", name, "one path segment (see the scenario schema)");
  return join("outputs", name);
}

/**
 * Counts are int32 and the samplers exact up to MAX_MEAN_COUNTS: a larger mean in a bin (the sum
 * of components with --truth, the rounded Asimov count, or a toy's mean scaled by its
 * systematics) would wrap or fail in a worker, so it is a scenario error before anything runs.
 * The bound with systematics is the nominal largest total (over the offset grid, with an
 * omegaOffsetEv systematic) times the largest draw of every scale systematic's prior
 * (largestScale): conservative, as if every scale applied to every component.
 */
function checkCountsFit(muTotal: Float64Array, spec: ToySpec): void {
  const limit = MAX_MEAN_COUNTS;
  let worst = muTotal.reduce((m, v) => Math.max(m, v), 0);
  if (worst > limit)
    throw new ScenarioError(
      `the expected total in one bin is ${String(worst)} counts, more than the ${limit} a bin can hold: use more, narrower bins or a shorter exposure`,
    );
  const grid = spec.offsetGrid;
  if (grid) {
    for (let at = 0; at < grid.points * spec.bins; at++) {
      let total = 0;
      for (const mu of grid.mu) total += mu[at];
      worst = Math.max(worst, total);
    }
  }
  const scales = spec.systematics.filter((s) => s.parameter !== "omegaOffsetEv");
  const scaled = scales.reduce((m, s) => m * Math.max(1, largestScale(s)), worst);
  if (scaled > limit)
    throw new ScenarioError(
      `the systematics can raise the expected total in one bin to ${scaled.toPrecision(4)} counts, more than the ${limit} a bin can hold (largest draws: ${scales.map((s) => `${s.name} ${largestScale(s).toPrecision(4)}`).join(", ")}): narrow the priors, or use more, narrower bins or a shorter exposure`,
      { field: "systematics", value: scaled, allowed: `at most ${limit} expected counts in a bin` },
    );
}

/** What a run writes, and how (derived once from the options). */
interface RunPlan {
  scenario: ResolvedScenario;
  shard: Shard;
  sharded: boolean;
  asimov: boolean;
  truth: boolean;
  layout: Layout;
  workers: number;
  range: { first: number; count: number };
  dir: string;
  names: ReturnType<typeof runFileNames>;
  hasNuisance: boolean;
}

function planRun(
  options: GenerateRunOptions,
  scenario: ResolvedScenario,
  notice: (m: string) => void,
): RunPlan {
  const shard = options.shard ?? { index: 1, count: 1 };
  const asimov = options.asimov ?? false;
  return {
    scenario,
    shard,
    sharded: options.shard !== undefined,
    asimov,
    truth: options.truth ?? false,
    layout: asimov ? "long" : (options.layout ?? "long"),
    workers: workerCount(options.workers, notice),
    range: shardRange(asimov ? 1 : scenario.toys, shard),
    dir: runDir(options.outDir, scenario.name),
    names: runFileNames(options.shard),
    hasNuisance: scenario.systematics.length > 0 && !asimov,
  };
}

/** The schema metadata of toys.arrow and nuisance.arrow (kind: "toys" or "nuisance"). */
function fileMetadata(plan: RunPlan, kind: string): Map<string, string> {
  return metadataMap({
    scenario: plan.scenario,
    toys: plan.range,
    shard: `${plan.shard.index}/${plan.shard.count}`,
    extra: {
      "renp.rng": RNG_ALGORITHM,
      "renp.file": kind,
      "renp.layout": plan.layout,
      "renp.truth": String(plan.truth),
      "renp.asimov": String(plan.asimov),
    },
  });
}

/** Writes the Asimov "toy" (asimovColumns); returns its total count. */
function writeAsimov(plan: RunPlan, spec: ToySpec, muTotal: Float64Array, path: string): number {
  const nObs = Int32Array.from(muTotal, (mu) => Math.round(mu));
  const columns = asimovColumns(spec.components, muTotal, nObs, plan.truth);
  const file = new StreamingIpcFile(path, schemaOf(columns, fileMetadata(plan, "toys")));
  try {
    file.write(columns.map((c) => c.data));
    file.close();
  } finally {
    file.discard();
  }
  return nObs.reduce((s, v) => s + v, 0);
}

/** Generates the random toys into toys.arrow (and nuisance.arrow); returns counts and clips. */
async function writeRandomToys(
  plan: RunPlan,
  spec: ToySpec,
  paths: { toys: string; nuisance: string | undefined },
  options: GenerateRunOptions,
): Promise<{ counts: number; clippedToys: number }> {
  const bins = spec.bins;
  const truthNames = plan.truth ? spec.components.map((c) => c.column) : [];
  const names = spec.systematics.map((s) => s.name);
  const batcher = new ToysBatcher(plan.layout, bins, truthNames);
  // The workers write the record batches in place (io/batchBytes.ts); these files know where.
  const toysPerBatch = options.toysPerBatch ?? defaultToysPerBatch(bins);
  const batches = { firstToy: plan.range.first, count: plan.range.count, toysPerBatch, bins };
  const open: BatchFile[] = [];
  try {
    const toysFile = new BatchFile(
      paths.toys,
      schemaOf(emptyColumns(plan.layout, bins, truthNames), fileMetadata(plan, "toys")),
      {
        ...batches,
        columns: toysColumnRoles(plan.layout, bins, truthNames.length),
        columnsFor: (toys) =>
          batcher
            .columns(
              0,
              toys,
              new Int32Array(toys * bins),
              truthNames.map(() => new Int32Array(toys * bins)),
            )
            .map((c) => c.data),
      },
    );
    open.push(toysFile);
    const nuisanceFile = paths.nuisance
      ? new BatchFile(
          paths.nuisance,
          schemaOf(nuisanceColumns(names, 0, 0, []), fileMetadata(plan, "nuisance")),
          {
            ...batches,
            columns: [
              { kind: "toy", perToy: 1 },
              ...names.map((_, index) => ({ kind: "nuisance" as const, index })),
            ],
            columnsFor: (toys) =>
              nuisanceColumns(
                names,
                0,
                toys,
                names.map(() => new Float64Array(toys)),
              ).map((c) => c.data),
          },
        )
      : undefined;
    if (nuisanceFile) open.push(nuisanceFile);
    let counts = 0;
    const { clippedToys } = await runToys({
      spec,
      firstToy: plan.range.first,
      count: plan.range.count,
      workers: plan.workers,
      workerEntry: options.workerEntry,
      signal: options.signal,
      toysPerBatch,
      onBlock: (block) => (counts += block.totalCounts),
      output: { toys: toysFile.plan, nuisance: nuisanceFile?.plan },
      onProgress: (done) => options.onProgress?.(done, plan.range.count, bins),
    });
    for (const file of open) file.close();
    return { counts, clippedToys };
  } finally {
    for (const file of open) file.discard();
  }
}

/** run.json: the summary plus what varies between identical runs (never in the Arrow files). */
function provenance(
  plan: RunPlan,
  summary: RunSummary,
  startedAt: Date,
  options: GenerateRunOptions,
) {
  return {
    renpVersion: RENP_VERSION,
    startedAt: startedAt.toISOString(),
    host: hostname(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    availableParallelism: availableParallelism(),
    maxRssKb: process.resourceUsage().maxRSS,
    options: {
      truth: plan.truth,
      asimov: plan.asimov,
      layout: plan.layout,
      shard: summary.shard,
      toysPerBatch: options.toysPerBatch ?? null,
    },
    ...summary,
  };
}

/**
 * Generates a run into its folder: every file it owns appears together or not at all
 * (io/runFolder.ts, docs/outputs.md). Rejects with InterruptedError when `signal` aborts.
 */
export async function generateRun(options: GenerateRunOptions): Promise<RunSummary> {
  const startedAt = new Date();
  const started = process.hrtime.bigint();
  const notice = (message: string) => options.onNotice?.(message);
  checkRunOptions(options);
  const plan = planRun(options, runScenario(options), notice);
  const table = await computeExpectationAbortable(plan.scenario, { signal: options.signal });
  const perBatch = options.toysPerBatch ?? 1;
  if (perBatch * table.muTotal.length > MAX_BATCH_COUNTS)
    throw new ArgumentError(
      "toysPerBatch",
      perBatch,
      `at most ${Math.floor(MAX_BATCH_COUNTS / table.muTotal.length)} toys of ${table.muTotal.length} bins (${MAX_BATCH_COUNTS} counts a batch)`,
    );
  // The omega offset's grid of tables (minutes for a large scan) in slices a signal can stop.
  const range = offsetRangeEv(plan.scenario.systematics);
  const grid =
    range && (await offsetGridAbortable(table, range[0], range[1], { signal: options.signal }));
  const spec = toySpec(table, { truth: plan.truth, offsetGrid: grid });
  checkCountsFit(table.muTotal, spec);
  const bins = table.muTotal.length;
  const expectedBytes = expectationIpc(table, {
    scenario: plan.scenario,
    toys: { first: 0, count: plan.asimov ? 1 : plan.scenario.toys },
    shard: "1/1",
    extra: { "renp.rng": RNG_ALGORITHM },
  });
  const { names } = plan;
  const writes = [
    names.expected,
    names.toys,
    ...(plan.hasNuisance ? [names.nuisance] : []),
    names.run,
  ];
  const folder = RunFolder.open({
    dir: plan.dir,
    shard: options.shard,
    force: options.force ?? false,
    writes,
    sharedBytes: plan.sharded ? expectedBytes : undefined,
    onNotice: notice,
  });
  try {
    throwIfAborted(options.signal);
    writeFileSync(folder.temporary(names.expected), expectedBytes);
    options.onStart?.({ dir: plan.dir, toys: plan.range.count, bins, workers: plan.workers });
    const toysPath = folder.temporary(names.toys);
    const { counts, clippedToys } = plan.asimov
      ? { counts: writeAsimov(plan, spec, table.muTotal, toysPath), clippedToys: 0 }
      : await writeRandomToys(
          plan,
          spec,
          {
            toys: toysPath,
            nuisance: plan.hasNuisance ? folder.temporary(names.nuisance) : undefined,
          },
          options,
        );
    const files = {
      expected: join(plan.dir, names.expected),
      toys: join(plan.dir, names.toys),
      ...(plan.hasNuisance ? { nuisance: join(plan.dir, names.nuisance) } : {}),
      run: join(plan.dir, names.run),
    };
    const summary: RunSummary = {
      scenario: plan.scenario.name,
      seed: plan.scenario.seed,
      bins,
      toys: plan.range,
      shard: `${plan.shard.index}/${plan.shard.count}`,
      counts,
      workers: plan.workers,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      clippedToys,
      files,
      toysBytes: statSync(toysPath).size,
    };
    const record = provenance(plan, summary, startedAt, options);
    writeFileSync(folder.temporary(names.run), `${JSON.stringify(record, null, 2)}\n`);
    throwIfAborted(options.signal);
    folder.commit();
    return summary;
  } catch (err) {
    throw folder.fail(err);
  }
}

function nuisanceColumns(
  names: string[],
  first: number,
  count: number,
  values: Float64Array[],
): NamedColumn[] {
  return [
    { name: "toy", data: Int32Array.from({ length: count }, (_, i) => first + i) },
    ...names.map((name, s) => ({ name, data: values[s] ?? new Float64Array(0) })),
  ];
}

/**
 * The Asimov "toy": n_obs int32 = the nearest integer to mu_total (the toys contract stays int32),
 * asimov_total float64 = mu_total exactly; with truth, asimov_<component> float64 per component.
 */
function asimovColumns(
  components: { column: string; mu: Float64Array }[],
  muTotal: Float64Array,
  nObs: Int32Array,
  truth: boolean,
): NamedColumn[] {
  const bins = muTotal.length;
  return [
    { name: "toy", data: new Int32Array(bins) },
    { name: "bin", data: Int32Array.from({ length: bins }, (_, k) => k) },
    { name: "n_obs", data: nObs },
    { name: "asimov_total", data: muTotal },
    ...(truth
      ? components.map((c) => ({ name: c.column.replace(/^n_/, "asimov_"), data: c.mu }))
      : []),
  ];
}
