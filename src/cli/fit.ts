/**
 * renp fit: fits every toy of a run (or a range) with the fit model (src/inference/), in worker
 * threads, and writes fits.arrow: one row per toy, `toy` int32, `status` utf8 (ok, at-bound,
 * not-converged), `nll` float64 (-ln(L / L_saturated) at the best fit, constraints included), per
 * floated parameter `<name>` and `<name>_err` float64, and `q_<alternative>` float64 with --test
 * (min -2 ln L of the other ordering or nature minus that of the scenario's). Schema metadata: the
 * scenario and toy range like every renp file, and renp.fit (the fit configuration). The bytes
 * do not depend on the worker count. docs/fitting.md defines the statistics.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { existsSync, statSync, writeFileSync } from "node:fs";
import * as arrow from "apache-arrow";
import type { Command } from "commander";
import { columnSchema, metadataMap, recordBatch, type ColumnData } from "../io/arrow.js";
import { AtomicOutputs } from "../io/atomic.js";
import { forEachToyBatch, summarizeArrow, toyFilesIn, type RenpMetadata } from "../io/read.js";
import {
  resolveScenario,
  ScenarioError,
  validateScenario,
  type ResolvedScenario,
} from "../scenario/load.js";
import type { Alternative } from "../inference/model.js";
import {
  FIT_STATUS,
  fitToys,
  hypothesisSchema,
  ToyFitter,
  type FitBlock,
  type FitJob,
  type Hypothesis,
} from "../inference/toys.js";
import { parseCount, UsageError } from "./errors.js";

interface FitOptions {
  float: string;
  fix?: string[] | undefined;
  hypothesis?: string | undefined;
  toys?: { first: number; last: number } | undefined;
  workers?: number | undefined;
  out?: string | undefined;
  force: boolean;
  test?: Alternative | undefined;
  exact: boolean;
}

/** "A..B" (inclusive) with 0 <= A <= B. */
export function parseToyRange(value: string): { first: number; last: number } {
  const m = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(value);
  const first = m ? Number(m[1]) : NaN;
  const last = m ? Number(m[2]) : NaN;
  if (!(Number.isSafeInteger(first) && Number.isSafeInteger(last) && first <= last))
    throw new UsageError(
      `--toys = ${JSON.stringify(value)}: expected A..B, the first and last toy (A <= B)`,
    );
  return { first, last };
}

function parseTest(value: string): Alternative {
  if (value !== "ordering" && value !== "nature")
    throw new UsageError(`--test = ${JSON.stringify(value)}: expected ordering or nature`);
  return value;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** --fix p=v[,p=v...] (repeatable) as a record. */
function parseFixes(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of values.flatMap((v) => v.split(","))) {
    const m = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(item);
    const value = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(value))
      throw new UsageError(
        `--fix ${JSON.stringify(item)}: expected name=value with a finite number`,
      );
    out[m[1]] = value;
  }
  return out;
}

function readHypothesis(path: string): Hypothesis {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new UsageError(`--hypothesis ${path}: ${(err as Error).message}`);
  }
  const parsed = hypothesisSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `--hypothesis ${path}: ${issue.path.join(".") || "(top level)"}: ${issue.message}; allowed keys: ordering, nature, families, fix`,
    );
  }
  return parsed.data;
}

/** The toy files of the input (a run folder or one toys file), each checked to be renp toys. */
function toyFiles(input: string): { path: string; metadata: RenpMetadata }[] {
  const paths = existsSync(input) && statSync(input).isDirectory() ? toyFilesIn(input) : [input];
  if (paths.length === 0)
    throw new UsageError(`${input} holds no toys.arrow (or toys-K-of-N.arrow shards)`);
  return paths.map((path) => {
    if (!existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);
    let summary;
    try {
      summary = summarizeArrow(path);
    } catch (err) {
      throw new UsageError(`${path} is not a renp toys file: ${(err as Error).message}`);
    }
    if (summary.kind !== "toys" || summary.metadata.scenario === undefined)
      throw new UsageError(
        `${path} is not a renp toys file (it needs columns toy, bin, n_obs or toy, counts and the renp.scenario metadata; columns: ${summary.fields.map((f) => f.name).join(", ")})`,
      );
    return { path, metadata: summary.metadata };
  });
}

/** The scenario recorded in a toys file, validated again. */
function scenarioOf(metadata: RenpMetadata, path: string): ResolvedScenario {
  try {
    return resolveScenario(validateScenario(metadata.scenario, `${path} (renp.scenario)`));
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    throw new UsageError(`${path}: renp.scenario: ${(err as Error).message}`);
  }
}

/** Counts of toys first..last (toy-major, bins per toy) from the files. */
function readCounts(
  files: readonly { path: string }[],
  first: number,
  last: number,
  bins: number,
): Int32Array {
  const count = last - first + 1;
  const counts = new Int32Array(count * bins);
  let rows = 0;
  for (const { path } of files) {
    forEachToyBatch(path, ({ toy, bin, nObs }) => {
      for (let r = 0; r < toy.length; r++) {
        const t = toy[r];
        if (t < first || t > last) continue;
        const b = bin[r];
        if (b < 0 || b >= bins)
          throw new UsageError(`${path}: toy ${t} has bin ${b}; the scenario has ${bins} bins`);
        counts[(t - first) * bins + b] = nObs[r];
        rows++;
      }
    });
  }
  if (rows !== count * bins)
    throw new UsageError(
      `the toys files hold ${rows} of the ${count * bins} (toy, bin) rows of toys ${first}..${last}`,
    );
  return counts;
}

/** fits.arrow bytes. */
export function fitsIpc(block: FitBlock, job: FitJob, metadata: Map<string, string>): Uint8Array {
  const columns: [string, ColumnData][] = [
    ["toy", Int32Array.from({ length: block.count }, (_, i) => block.firstToy + i)],
    ["status", Array.from(block.status, (s) => FIT_STATUS[s])],
    ["nll", block.nll],
  ];
  job.float.forEach((name, j) => {
    columns.push([name, block.values[j]], [`${name}_err`, block.errors[j]]);
  });
  if (job.test) columns.push([`q_${job.test}`, block.q]);
  const schema = columnSchema(columns, metadata);
  const batch = recordBatch(
    schema,
    columns.map(([, data]) => data),
  );
  return arrow.tableToIPC(new arrow.Table([batch]), "file");
}

export function registerFit(program: Command): void {
  program
    .command("fit")
    .description(
      "fit every toy of a run (binned Poisson likelihood with the scenario's systematics as constraints) and write fits.arrow",
    )
    .argument("<input>", "a run folder (toys.arrow or its shards) or a toys file")
    .requiredOption(
      "--float <p1,p2,...>",
      "parameters to float: lightestMassEv, majoranaPhasesDeg.alpha21/alpha31, signalNorm, backgroundNorm:<name>, efficiencyScale, omegaOffsetEv, bsm.<family> (with --hypothesis families)",
    )
    .option("--fix <p=v>", "hold a parameter at a value (repeatable, or p=v,q=w)", collect)
    .option(
      "--hypothesis <H.json>",
      "JSON object: ordering, nature, families (BSM couplings as parameters), fix",
    )
    .option("--toys <A..B>", "fit only toys A to B (inclusive)", parseToyRange)
    .option(
      "--workers <W>",
      `worker threads (default: available cores, here ${availableParallelism()})`,
      parseCount("--workers"),
    )
    .option("--out <FILE>", "output file (default fits.arrow beside the toys)")
    .option(
      "--exact",
      "evaluate the mass, phases and non-unitarity by the exact integrals, not the fast path's mass tables (docs/fitting.md)",
      false,
    )
    .option("--force", "replace an existing output file", false)
    .option(
      "--test <ordering|nature>",
      "also fit the other ordering or nature: column q_<test> = its min -2 ln L minus the scenario's",
      parseTest,
    )
    .action(async (input: string, opts: FitOptions) => {
      const started = performance.now();
      const float = opts.float
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      if (float.length === 0) throw new UsageError("--float: name at least one parameter");
      const hypothesis = opts.hypothesis ? readHypothesis(opts.hypothesis) : {};
      const fix = { ...hypothesis.fix, ...parseFixes(opts.fix ?? []) };
      const files = toyFiles(input);
      const scenario = scenarioOf(files[0].metadata, files[0].path);
      const text = files[0].metadata.raw["renp.scenario"];
      for (const f of files.slice(1))
        if (f.metadata.raw["renp.scenario"] !== text)
          throw new UsageError(`${f.path} holds toys of another scenario than ${files[0].path}`);
      const job: FitJob = {
        scenario,
        hypothesis: { ...hypothesis, fix },
        float,
        ...(opts.test ? { test: opts.test } : {}),
        ...(opts.exact ? { exact: true } : {}),
      };
      const local = new ToyFitter(job); // exit 2 on unknown or impossible parameters, before reading
      const ranges = files.map((f) => f.metadata.toys ?? { first: 0, count: 0 });
      const available = {
        first: Math.min(...ranges.map((r) => r.first)),
        last: Math.max(...ranges.map((r) => r.first + r.count - 1)),
      };
      const range = opts.toys ?? available;
      if (range.first < available.first || range.last > available.last)
        throw new UsageError(
          `--toys ${range.first}..${range.last}: the input holds toys ${available.first}..${available.last}`,
        );
      const out = opts.out ?? join(dirname(files[0].path), "fits.arrow");
      const outputs = new AtomicOutputs(opts.force);
      try {
        const temporary = outputs.reserve(out);
        const counts = readCounts(files, range.first, range.last, local.bins);
        const count = range.last - range.first + 1;
        const block = await fitToys({
          job,
          counts,
          firstToy: range.first,
          count,
          workers: opts.workers ?? availableParallelism(),
          local,
        });
        const metadata = metadataMap({
          scenario,
          toys: { first: range.first, count },
          shard: "1/1",
          extra: {
            "renp.file": "fits",
            "renp.fit": JSON.stringify({
              float,
              hypothesis: job.hypothesis,
              test: opts.test ?? null,
              ...(opts.exact ? { exact: true } : {}),
            }),
          },
        });
        writeFileSync(temporary, fitsIpc(block, job, metadata));
        outputs.commit();
        const tally = FIT_STATUS.map(
          (s, i) => `${block.status.reduce((n, v) => n + (v === i ? 1 : 0), 0)} ${s}`,
        ).join(", ");
        process.stderr.write(
          `renp: fitted ${count} toys (${range.first}..${range.last}) floating ${float.join(", ")}: ${tally}; ${((performance.now() - started) / 1000).toFixed(2)} s -> ${out}\n`,
        );
      } catch (err) {
        outputs.abort();
        throw err;
      }
    });
}
