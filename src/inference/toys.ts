/**
 * Fits of many toys, in worker threads, with results that do not depend on the worker count:
 * each toy is fitted on its own from the same start, by a model every thread builds from the
 * same plain-data job.
 */
import { z } from "zod";
import { ArgumentError, checkInteger, MAX_TOYS, optionalInteger } from "../arguments.js";
import type { FitColumns } from "../io/fits.js";
import { runOrdered, compiledModule, tasksOf } from "../parallel/pool.js";
import { workerCount } from "../parallel/workerCount.js";
import type { ResolvedScenario } from "../scenario/load.js";
import { FAMILY_KINDS } from "./families.js";
import { alternativeModel, Fitter, restrictedConfig, type FitConfig } from "./fit.js";
import { pairedFits } from "./global.js";
import { fitModel, type Alternative, type FitModel } from "./model.js";
import type { MinimizeStatus } from "./minimize.js";
import type { CellShare } from "./fast/pairCells.js";

const pairSchema = z.tuple([z.number().int().min(0).max(2), z.number().int().min(0).max(2)]);
const massive = {
  massEv: z.number().finite().nonnegative(),
  widthEv: z.number().finite().nonnegative().optional(),
  couplingScale: z.number().finite().positive().optional(),
};
const familySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("vector"), ...massive }),
  z.strictObject({ kind: z.literal("scalarS"), ...massive }),
  z.strictObject({ kind: z.literal("scalarP"), ...massive }),
  z.strictObject({
    kind: z.literal("magnetic"),
    pairs: z.array(pairSchema).optional(),
    couplingScale: z.number().finite().positive().optional(),
  }),
  z.strictObject({
    kind: z.literal("electric"),
    pairs: z.array(pairSchema).optional(),
    couplingScale: z.number().finite().positive().optional(),
  }),
  z.strictObject({
    kind: z.literal("nonUnitarity"),
    i: z.number().int().min(0).max(2),
    j: z.number().int().min(0).max(2),
    couplingScale: z.number().finite().positive().optional(),
  }),
]);

/**
 * The fit hypothesis of `renp fit --hypothesis H.json`: `ordering`, `nature`, `families` (BSM
 * families whose coupling `bsm.<kind>` becomes a parameter, families.ts), `fix` (parameter values
 * held fixed) and `negativeSignal` (signalNorm below 0 while every bin's mean stays >= 0).
 */
export const hypothesisSchema = z.strictObject({
  ordering: z.enum(["normal", "inverted"]).optional(),
  nature: z.enum(["majorana", "dirac"]).optional(),
  families: z
    .array(familySchema)
    .optional()
    .describe(`BSM families with a coupling parameter bsm.<kind>: ${FAMILY_KINDS.join(", ")}`),
  fix: z.record(z.string(), z.number().finite()).optional(),
  negativeSignal: z
    .boolean()
    .optional()
    .describe("signalNorm may go below 0 while every bin's mean stays >= 0 (docs/fitting.md)"),
});
/** A validated fit hypothesis. */
export type Hypothesis = z.output<typeof hypothesisSchema>;

/** The statuses of a fit, in the order of the codes fits.arrow's blocks carry. */
export const FIT_STATUS: readonly MinimizeStatus[] = ["ok", "not-converged", "at-bound"];

/**
 * What a toy fit does, as plain data sent to each worker: scenario, hypothesis, floated names,
 * test.
 */
export interface FitJob {
  scenario: ResolvedScenario;
  hypothesis: Hypothesis;
  float: string[];
  test?: Alternative | undefined;
  /** Exact integrals instead of the fast path's mass tables (model.ts `exact`). */
  exact?: boolean | undefined;
}

/**
 * Counts per toy and bin: a toy's integer n_obs, or the exact expected counts (float64) of an
 * Asimov run (its `asimov_total`, docs/fitting.md); the likelihood takes either.
 */
export type ToyCounts = Int32Array | Float64Array;

/**
 * A block of fitted toys: per toy a status code (an index into FIT_STATUS), nll, values and
 * errors per floated parameter, and q of the tested alternative (NaN without --test).
 */
export type FitBlock = FitColumns;

/** Worse of two statuses: not-converged > at-bound > ok. */
const worse = (a: MinimizeStatus, b: MinimizeStatus): MinimizeStatus =>
  a === "not-converged" || b === "not-converged"
    ? "not-converged"
    : a === "at-bound" || b === "at-bound"
      ? "at-bound"
      : "ok";

/** One thread's share of the fast-path tables of each model of a job (undefined: none). */
export type JobTables = (CellShare | undefined)[];

/** Fits toys of one job: builds the model(s) from the plain-data job. */
export class ToyFitter {
  readonly model: FitModel;
  readonly fitter: Fitter;
  readonly alternative?: Fitter;

  /** Checks the job as it builds the model(s): unknown parameters are ScenarioErrors. */
  constructor(readonly job: FitJob) {
    const h = job.hypothesis;
    const options = {
      ...(h.ordering ? { ordering: h.ordering } : {}),
      ...(h.nature ? { nature: h.nature } : {}),
      ...(h.families ? { families: h.families } : {}),
      ...(h.negativeSignal ? { negativeSignal: true } : {}),
      ...(job.exact ? { exact: true } : {}),
    };
    this.model = fitModel(job.scenario, options);
    const config: FitConfig = { float: job.float, fix: h.fix ?? {} };
    this.fitter = new Fitter(this.model, config);
    if (job.test) {
      const other = alternativeModel(this.model, job.test, options);
      this.alternative = new Fitter(other, restrictedConfig(other, config));
    }
  }

  /** The models this job fits: the hypothesis's and, with a test, the alternative's. */
  private models(): FitModel[] {
    return [this.model, ...(this.alternative ? [this.alternative.model] : [])];
  }

  /** Share `share` of `shares` of every model's fast-path tables (fastSignal.ts `buildShare`). */
  tableShares(share: number, shares: number): JobTables {
    return this.models().map((m) => m.fastSignal()?.buildShare(share, shares));
  }

  /** Takes another thread's `tableShares`. */
  importTables(tables: JobTables): void {
    this.models().forEach((m, i) => {
      const cells = tables[i];
      if (cells) m.fastSignal()?.importCells(cells);
    });
  }

  get bins(): number {
    return this.model.bins;
  }

  /** Fits toys firstToy .. firstToy + count - 1, whose counts are `count x bins`, toy-major. */
  fit(firstToy: number, count: number, counts: ToyCounts): FitBlock {
    const bins = this.model.bins;
    const p = this.fitter.names.length;
    const block = emptyFitBlock(firstToy, count, p);
    for (let t = 0; t < count; t++) {
      const n = counts.subarray(t * bins, (t + 1) * bins);
      // Only the alternative's D and status are kept: its errors are not computed.
      const paired = this.alternative
        ? pairedFits(this.fitter, this.alternative, n, false)
        : undefined;
      const r = paired?.fit ?? this.fitter.fit(n);
      let status = r.status;
      block.nll[t] = r.nll;
      for (let j = 0; j < p; j++) {
        block.values[j][t] = r.values[j];
        block.errors[j][t] = r.errors[j];
      }
      if (paired) {
        block.q[t] = paired.q;
        status = worse(status, paired.alternativeFit.status);
      }
      block.status[t] = FIT_STATUS.indexOf(status);
    }
    return block;
  }
}

/** A block of `count` fits of `parameters` floated parameters, q NaN until a test fills it. */
function emptyFitBlock(firstToy: number, count: number, parameters: number): FitBlock {
  return {
    firstToy,
    count,
    status: new Uint8Array(count),
    nll: new Float64Array(count),
    values: Array.from({ length: parameters }, () => new Float64Array(count)),
    errors: Array.from({ length: parameters }, () => new Float64Array(count)),
    q: new Float64Array(count).fill(Number.NaN),
  };
}

interface FitTask {
  id: number;
  first: number;
  count: number;
  counts: ToyCounts;
}

type FitTaskResult = FitBlock & { id: number };

export interface FitToysOptions {
  job: FitJob;
  /** count x bins counts, toy-major, of toys firstToy .. firstToy + count - 1. */
  counts: ToyCounts;
  firstToy: number;
  count: number;
  /** Worker threads; 0 fits in this thread. */
  workers: number;
  toysPerTask?: number;
  onProgress?: (toysDone: number) => void;
  /** Things the user should know that are not errors (workers capped). */
  onNotice?: (message: string) => void;
  /** A ToyFitter of this job already built (by the caller's checks). */
  local?: ToyFitter;
}

/** The compiled fit worker (inference/worker.js). */
export const fitWorkerPath = (): string =>
  compiledModule(import.meta.url, "inference", "worker.js");

/**
 * Fits every toy over worker threads (options.workers = 0: this thread); the result is the same
 * for any worker count.
 */
export async function fitToys(options: FitToysOptions): Promise<FitBlock> {
  if (typeof options !== "object" || options === null)
    throw new ArgumentError("options", options, "an object of fitToys options");
  const local = options.local ?? new ToyFitter(options.job); // checks the job before any worker starts
  const bins = local.bins;
  const p = options.job.float.length;
  const count = checkInteger("count", options.count, 0, MAX_TOYS);
  const firstToy = checkInteger("firstToy", options.firstToy, 0, MAX_TOYS - count);
  const typed = options.counts instanceof Int32Array || options.counts instanceof Float64Array;
  if (!typed || options.counts.length !== count * bins)
    throw new ArgumentError(
      "counts",
      typed ? `${options.counts.length} counts` : options.counts,
      `an Int32Array (or Float64Array) of count x bins = ${count} x ${bins} counts`,
    );
  const workers = workerCount(
    checkInteger("workers", options.workers, 0, Number.MAX_SAFE_INTEGER),
    options.onNotice,
  );
  optionalInteger("toysPerTask", options.toysPerTask, 1, MAX_TOYS);
  const out = emptyFitBlock(firstToy, count, p);
  const place = (block: FitBlock) => {
    const at = block.firstToy - firstToy;
    out.status.set(block.status, at);
    out.nll.set(block.nll, at);
    out.q.set(block.q, at);
    for (let j = 0; j < p; j++) {
      out.values[j].set(block.values[j], at);
      out.errors[j].set(block.errors[j], at);
    }
  };
  // At most 256 toys a task, and at least 4 tasks a worker: with 400 toys on 2 workers, tasks of
  // 256 and 144 left one worker idle for a third of the run.
  const size =
    options.toysPerTask ??
    Math.max(1, Math.min(256, Math.ceil(count / (4 * Math.max(1, workers)))));
  const tasks: FitTask[] = tasksOf(firstToy, count, size).map((t) => ({
    ...t,
    counts: options.counts.slice(
      (t.first - firstToy) * bins,
      (t.first - firstToy + t.count) * bins,
    ),
  }));
  if (workers === 0) {
    let done = 0;
    for (const t of tasks) {
      place(local.fit(t.first, t.count, t.counts));
      done += t.count;
      options.onProgress?.(done);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return out;
  }
  // With the mass floated through the fast path, each worker builds a share of the tables and
  // takes the others' (inference/worker.ts), instead of every worker building them all.
  const shareTables = options.job.float.includes("lightestMassEv") && options.job.exact !== true;
  await runOrdered<FitTask, FitTaskResult>({
    entry: fitWorkerPath(),
    workerData: { job: options.job },
    ...(shareTables
      ? { workerDataFor: (index, shares) => ({ job: options.job, share: { index, shares } }) }
      : {}),
    workers,
    tasks,
    message: (t) => t,
    transfer: (t) => [t.counts.buffer as ArrayBuffer],
    onResult: (_, r) => place(r),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return out;
}
