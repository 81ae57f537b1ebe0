/**
 * One generate run, as a library function: scenario -> expectation -> toys -> files.
 * The CLI (cli/generate.ts) parses and prints; tests and embedders call generateRun directly.
 *
 * Files in outDir (docs/architecture.md, "File formats"), all written under temporary names and renamed together at
 * the end (io/atomic.ts), so an interrupted or failed run leaves nothing at a final name:
 * - expected.arrow: the expectation table. It describes the whole run (renp.toys = all toys,
 *   renp.shard = "1/1"), so every shard writes the same bytes and shards may share a folder;
 * - toys.arrow, or toys-K-of-N.arrow with a shard (K zero-padded, io/shards.ts): the counts
 *   (io/toys.ts);
 * - nuisance.arrow (nuisance-K-of-N.arrow) when the scenario has systematics: toy int32 and one
 *   float64 column per systematic, one row per toy;
 * - run.json (run-K-of-N.json): provenance that varies between identical runs (time, host,
 *   workers, duration, peak memory), kept out of the Arrow files so those stay byte-identical.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism, hostname } from "node:os";
import { join } from "node:path";
import { computeExpectation } from "./expectation.js";
import { expectationIpc, metadataMap } from "./io/arrow.js";
import { AtomicOutputs } from "./io/atomic.js";
import { shardSuffix } from "./io/shards.js";
import {
  emptyColumns,
  schemaOf,
  StreamingIpcFile,
  ToysBatcher,
  type Layout,
  type NamedColumn,
} from "./io/toys.js";
import { runToys } from "./parallel/pool.js";
import { RENP_VERSION } from "./paths.js";
import { loadScenario, ScenarioError, type ResolvedScenario } from "./scenario/load.js";
import { MAX_MEAN_COUNTS } from "./sampling/poisson.js";
import { RNG_ALGORITHM } from "./sampling/streams.js";
import type { ToyBlock } from "./sampling/toys.js";
import { toySpec } from "./sampling/spec.js";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface GenerateRunOptions {
  /** A scenario path or built-in name, or an already resolved scenario. */
  scenario: string | ResolvedScenario;
  /** Override the scenario's toy count and seed. */
  toys?: number | undefined;
  seed?: number | undefined;
  /** Output folder; default outputs/<scenario name>. */
  outDir?: string | undefined;
  /** Worker threads; default os.availableParallelism(); 0 generates in the calling thread. */
  workers?: number | undefined;
  shard?: Shard | undefined;
  /** Also write each component's counts (n_signal, n_bkg_<name>). */
  truth?: boolean | undefined;
  /** Write the expectation as the single toy 0 (see io/toys.ts) instead of random toys. */
  asimov?: boolean | undefined;
  layout?: Layout | undefined;
  /** Replace existing outputs. */
  force?: boolean | undefined;
  /** Toys per record batch (and per worker task); default ~2^18 counts a batch. */
  toysPerBatch?: number | undefined;
  /** Called after each batch is written: toys done of this run's (or shard's) count. */
  onProgress?: ((toysDone: number, toysTotal: number, bins: number) => void) | undefined;
}

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

/** Counts per record batch (1 MiB per int32 column): big enough for throughput, small in memory. */
export const BATCH_COUNTS = 2 ** 18;

/** Toys per record batch by default: whole toys, about BATCH_COUNTS counts (renp merge re-cuts shards the same way). */
export function defaultToysPerBatch(bins: number): number {
  return Math.max(1, Math.floor(BATCH_COUNTS / bins));
}

/** The K-th of N balanced contiguous ranges of `toys` toys (K from 1). */
export function shardRange(toys: number, shard: Shard): { first: number; count: number } {
  const first = Math.floor(((shard.index - 1) * toys) / shard.count);
  const end = Math.floor((shard.index * toys) / shard.count);
  return { first, count: end - first };
}

export async function generateRun(options: GenerateRunOptions): Promise<RunSummary> {
  const startedAt = new Date();
  const started = process.hrtime.bigint();
  const scenario =
    typeof options.scenario === "string"
      ? loadScenario(options.scenario, { toys: options.toys, seed: options.seed })
      : {
          ...options.scenario,
          ...(options.toys ? { toys: options.toys } : {}),
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
        };
  const shard = options.shard ?? { index: 1, count: 1 };
  const sharded = options.shard !== undefined;
  const asimov = options.asimov ?? false;
  const truth = options.truth ?? false;
  const layout = asimov ? "long" : (options.layout ?? "long");
  const workers = options.workers ?? availableParallelism();
  const totalToys = asimov ? 1 : scenario.toys;
  const range = shardRange(totalToys, shard);
  const shardText = `${shard.index}/${shard.count}`;
  const suffix = sharded ? shardSuffix(shard) : "";
  const dir = options.outDir ?? join("outputs", scenario.name);

  const table = computeExpectation(scenario);
  // Counts are int32 and the samplers exact up to MAX_MEAN_COUNTS: a larger total (the sum of
  // components with --truth, or the rounded Asimov count) would wrap, so it is a scenario error.
  const worst = table.muTotal.reduce((m, v) => Math.max(m, v), 0);
  if (worst > MAX_MEAN_COUNTS) {
    throw new ScenarioError(
      `the expected total in one bin is ${worst.toPrecision(4)} counts, above the ${MAX_MEAN_COUNTS} a bin can hold: use more, narrower bins or a shorter exposure`,
    );
  }
  const bins = table.muTotal.length;
  const rng = { "renp.rng": RNG_ALGORITHM };
  const expectedBytes = expectationIpc(table, {
    scenario,
    toys: { first: 0, count: totalToys },
    shard: "1/1",
    extra: rng,
  });
  const hasNuisance = scenario.systematics.length > 0 && !asimov;

  const outputs = new AtomicOutputs(options.force ?? false);
  const files = {
    expected: join(dir, "expected.arrow"),
    toys: join(dir, `toys${suffix}.arrow`),
    nuisance: hasNuisance ? join(dir, `nuisance${suffix}.arrow`) : undefined,
    run: join(dir, `run${suffix}.json`),
  };
  const open: StreamingIpcFile[] = [];
  try {
    const expectedTemp = outputs.reserve(
      files.expected,
      sharded ? { sameBytes: expectedBytes } : {},
    );
    const toysTemp = outputs.reserve(files.toys);
    const nuisanceTemp = files.nuisance ? outputs.reserve(files.nuisance) : undefined;
    const runTemp = outputs.reserve(files.run);
    writeFileSync(expectedTemp, expectedBytes);

    const spec = toySpec(table, { truth });
    const truthNames = truth ? spec.components.map((c) => c.column) : [];
    const metadata = (kind: string) =>
      metadataMap({
        scenario,
        toys: range,
        shard: shardText,
        extra: {
          ...rng,
          "renp.file": kind,
          "renp.layout": layout,
          "renp.truth": String(truth),
          "renp.asimov": String(asimov),
        },
      });
    let counts = 0;
    let clippedToys = 0;
    if (asimov) {
      const columns = asimovColumns(spec.components, table.muTotal, truth);
      const toysFile = new StreamingIpcFile(toysTemp, schemaOf(columns, metadata("toys")));
      open.push(toysFile);
      toysFile.write(columns.map((c) => c.data));
      counts = table.muTotal.reduce((s, mu) => s + Math.round(mu), 0); // the n_obs column's sum
    } else {
      const batcher = new ToysBatcher(layout, bins, truthNames);
      const toysFile = new StreamingIpcFile(
        toysTemp,
        schemaOf(emptyColumns(layout, bins, truthNames), metadata("toys")),
      );
      open.push(toysFile);
      const names = spec.systematics.map((s) => s.name);
      const nuisanceFile = nuisanceTemp
        ? new StreamingIpcFile(
            nuisanceTemp,
            schemaOf(nuisanceColumns(names, 0, 0, []), metadata("nuisance")),
          )
        : undefined;
      if (nuisanceFile) open.push(nuisanceFile);
      const onBlock = (block: ToyBlock) => {
        toysFile.write(
          batcher.columns(block.firstToy, block.count, block.nObs, block.truth).map((c) => c.data),
        );
        nuisanceFile?.write(
          nuisanceColumns(names, block.firstToy, block.count, block.nuisance).map((c) => c.data),
        );
        counts += block.totalCounts;
      };
      ({ clippedToys } = await runToys({
        spec,
        firstToy: range.first,
        count: range.count,
        workers,
        toysPerBatch: options.toysPerBatch ?? defaultToysPerBatch(bins),
        onBlock,
        onProgress: (done) => options.onProgress?.(done, range.count, bins),
      }));
    }
    for (const file of open) file.close();
    const toysBytes = open[0].bytes;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const summary: RunSummary = {
      scenario: scenario.name,
      seed: scenario.seed,
      bins,
      toys: range,
      shard: shardText,
      counts,
      workers,
      seconds,
      clippedToys,
      files: {
        expected: files.expected,
        toys: files.toys,
        ...(files.nuisance ? { nuisance: files.nuisance } : {}),
        run: files.run,
      },
      toysBytes,
    };
    const provenance = {
      renpVersion: RENP_VERSION,
      startedAt: startedAt.toISOString(),
      host: hostname(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      availableParallelism: availableParallelism(),
      maxRssKb: process.resourceUsage().maxRSS,
      options: {
        truth,
        asimov,
        layout,
        shard: shardText,
        toysPerBatch: options.toysPerBatch ?? null,
      },
      ...summary,
    };
    writeFileSync(runTemp, `${JSON.stringify(provenance, null, 2)}\n`);
    outputs.commit();
    return summary;
  } catch (err) {
    for (const file of open) file.discard();
    outputs.abort();
    throw err;
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
  truth: boolean,
): NamedColumn[] {
  const bins = muTotal.length;
  return [
    { name: "toy", data: new Int32Array(bins) },
    { name: "bin", data: Int32Array.from({ length: bins }, (_, k) => k) },
    { name: "n_obs", data: Int32Array.from(muTotal, (mu) => Math.round(mu)) },
    { name: "asimov_total", data: muTotal },
    ...(truth
      ? components.map((c) => ({ name: c.column.replace(/^n_/, "asimov_"), data: c.mu }))
      : []),
  ];
}
