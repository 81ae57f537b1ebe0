/**
 * One fit run, as a library function beside generateRun (run.ts): the toys of a run folder (or
 * one toys file) -> the fit model (src/inference/) over worker threads -> fits.arrow
 * (io/fits.ts, docs/outputs.md "fits"; docs/fitting.md defines the statistics). The CLI
 * (cli/fit.ts) parses options and prints; tests and embedders call fitRun directly. The bytes do
 * not depend on the worker count; a failed run leaves no output behind.
 */
import {
  ArgumentError,
  checkInteger,
  MAX_TOYS,
  optionalBoolean,
  optionalFunction,
  optionalInteger,
  optionalPath,
} from "./arguments.js";
import { maxOf, minOf } from "./numerics/extent.js";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { InputError } from "./errors.js";
import { metadataMap } from "./io/arrow.js";
import { AtomicOutputs } from "./io/atomic.js";
import { pauseForTest } from "./io/testPause.js";
import { turnEventLoop } from "./interrupt.js";
import { fitsIpc } from "./io/fits.js";
import {
  checkToysHeld,
  checkWholeRun,
  readCounts,
  scenarioOfFile,
  toyFiles,
} from "./io/toyFiles.js";
import type { Alternative } from "./inference/model.js";
import {
  FIT_STATUS,
  fitToys,
  ToyFitter,
  type FitBlock,
  type FitJob,
  type Hypothesis,
} from "./inference/toys.js";

export interface FitRunOptions {
  /** A run folder (toys.arrow or its shards) or one toys file. */
  input: string;
  /** The parameters to float (at least one). */
  float: readonly string[];
  /** Ordering, nature, BSM families and fixed values of the fit model; default the scenario's. */
  hypothesis?: Hypothesis | undefined;
  /** Values to hold parameters at, on top of (and overriding) `hypothesis.fix`. */
  fix?: Record<string, number> | undefined;
  /** Fit only toys first..last (inclusive); default every toy of the input. */
  toys?: { first: number; last: number } | undefined;
  /** Worker threads; default os.availableParallelism(); 0 fits in the calling thread. */
  workers?: number | undefined;
  /** Output file; default fits.arrow beside the (first) toys file. */
  out?: string | undefined;
  /** Replace an existing output file. */
  force?: boolean | undefined;
  /** Also fit the other ordering or nature: column q_<test>. */
  test?: Alternative | undefined;
  /** Things the user should know that are not errors (workers capped). */
  onNotice?: ((message: string) => void) | undefined;
  /** Exact integrals instead of the fit's fast path (docs/fitting.md); recorded in renp.fit. */
  exact?: boolean | undefined;
}

export interface FitRunSummary {
  /** The fits.arrow written. */
  out: string;
  first: number;
  last: number;
  float: string[];
  /** The fitted block (status codes index FIT_STATUS). */
  block: FitBlock;
  /** How many toys ended with each status, in FIT_STATUS order. */
  statusCounts: Record<string, number>;
  /** Whether the input was an Asimov run, fitted on its asimov_total. */
  asimov: boolean;
}

const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

/**
 * Fits every toy of `options.input` (or a range) and writes fits.arrow.
 * @throws InputError on a missing, empty or mixed input or a toy range outside it;
 *   ScenarioError on unknown or impossible parameters (before any toy is read);
 *   OutputExistsError when the output exists without `force`.
 */
/** Refuses options the command line would refuse (arguments.ts), before anything is read. */
function checkFitRunOptions(options: FitRunOptions): void {
  if (typeof options !== "object" || options === null)
    throw new ArgumentError("options", options, "an object of fitRun options");
  if (optionalPath("input", options.input) === undefined)
    throw new ArgumentError("input", options.input, "a run folder or a toys file");
  if (!Array.isArray(options.float) || options.float.some((p) => typeof p !== "string"))
    throw new ArgumentError("float", options.float, "a list of parameter names");
  optionalInteger("workers", options.workers, 0, Number.MAX_SAFE_INTEGER);
  if (options.toys !== undefined) {
    const first = checkInteger("toys.first", options.toys.first, 0, MAX_TOYS);
    checkInteger("toys.last", options.toys.last, first, MAX_TOYS);
  }
  optionalPath("out", options.out);
  optionalBoolean("force", options.force);
  optionalFunction("onNotice", options.onNotice);
}

export async function fitRun(options: FitRunOptions): Promise<FitRunSummary> {
  checkFitRunOptions(options);
  const float = [...options.float];
  if (float.length === 0)
    throw new InputError("--float: name at least one parameter", { field: "float" });
  const hypothesis = options.hypothesis ?? {};
  const fix = { ...hypothesis.fix, ...options.fix };
  const files = toyFiles(options.input);
  const scenario = scenarioOfFile(files[0].metadata, files[0].path);
  const text = files[0].metadata.raw["renp.scenario"];
  for (const f of files.slice(1))
    if (f.metadata.raw["renp.scenario"] !== text)
      throw new InputError(`${f.path} holds toys of another scenario than ${files[0].path}`, {
        field: f.path,
      });
  const job: FitJob = {
    scenario,
    hypothesis: { ...hypothesis, fix },
    float,
    ...(options.test ? { test: options.test } : {}),
    ...(options.exact ? { exact: true } : {}),
  };
  const local = new ToyFitter(job); // unknown or impossible parameters throw here, before reading
  const ranges = files.map((f) => f.metadata.toys ?? { first: 0, count: 0 });
  const available = {
    first: minOf(ranges.map((r) => r.first)),
    last: maxOf(ranges.map((r) => r.first + r.count - 1)),
  };
  // Without a range, the files must be the whole run: a partial shard set is never fitted silently.
  // (A toys file named on its own is fitted as it is: its range is in the output's renp.toys.)
  const asimov = files[0].metadata.raw["renp.asimov"] === "true";
  if (!options.toys && isFolder(options.input)) checkWholeRun(files, asimov ? 1 : scenario.toys);
  const range = options.toys ?? available;
  checkToysHeld(files, range.first, range.last);
  if (range.first < available.first || range.last > available.last)
    throw new InputError(
      `--toys ${range.first}..${range.last}: the input holds toys ${available.first}..${available.last}`,
      { field: "toys" },
    );
  const out = options.out ?? join(dirname(files[0].path), "fits.arrow");
  const outputs = new AtomicOutputs(options.force ?? false);
  try {
    const temporary = outputs.reserve(out);
    // An Asimov run is fitted on its exact expected counts (docs/fitting.md).
    const asimov = files.every((f) => f.metadata.raw["renp.asimov"] === "true");
    const counts = readCounts(files, range.first, range.last, local.bins, asimov);
    const count = range.last - range.first + 1;
    const block = await fitToys({
      job,
      counts,
      firstToy: range.first,
      count,
      workers: options.workers ?? availableParallelism(),
      local,
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
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
          test: options.test ?? null,
          data: asimov ? "asimov_total" : "n_obs",
          ...(options.exact ? { exact: true } : {}),
        }),
      },
    });
    writeFileSync(
      temporary,
      fitsIpc(block, { statusNames: FIT_STATUS, float, test: options.test }, metadata),
    );
    pauseForTest("fit: before commit");
    // A signal that came during the synchronous steps since the last await is handled now, by the
    // caller's handler (renp fit: no output, exit 128 + n), not after the file is in place.
    await turnEventLoop();
    outputs.commit();
    const statusCounts = Object.fromEntries(
      FIT_STATUS.map((s, i) => [s, block.status.reduce((n, v) => n + (v === i ? 1 : 0), 0)]),
    );
    return { out, first: range.first, last: range.last, float, block, statusCounts, asimov };
  } catch (err) {
    outputs.abort();
    throw err;
  }
}
