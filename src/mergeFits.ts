/**
 * renp merge --fits, as a library function: the fits files of one fit split over toy ranges
 * (`renp fit --toys A..B`, e.g. Slurm array tasks; docs/clusters.md) back into the fits.arrow of
 * one fit of all their toys, byte for byte.
 *
 * The files must be one fit: the same schema metadata apart from the toy range (same scenario,
 * seed, version and fit configuration `renp.fit`: floated parameters, hypothesis, test, exact),
 * and their ranges must tile first..last with neither a gap nor an overlap. Anything else is a
 * FitSetError naming the files or the toys, and nothing is written. The merged file is laid out
 * by io/fits.ts as `fitRun` lays out its own, with the same metadata and renp.toys = every toy;
 * each toy's fit does not depend on which other toys a process fitted (the fit model's caches
 * hold values that are a function of the point alone), so the bytes are those of the single
 * fit.
 */
import * as arrow from "apache-arrow";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { RenpError } from "./errors.js";
import { AtomicOutputs } from "./io/atomic.js";
import { pauseForTest } from "./io/testPause.js";
import { turnEventLoop } from "./interrupt.js";
import { fitsIpc, type FitColumns } from "./io/fits.js";
import { FIT_STATUS } from "./inference/toys.js";

/** The fits files are not one complete fit: a gap, an overlap, or another configuration. */
export class FitSetError extends RenpError {
  constructor(message: string) {
    super("invalid-input", message);
    this.name = "FitSetError";
  }
}

export interface MergeFitsOptions {
  /** The folder holding the fits files (every fits*.arrow of renp.file "fits" but the output). */
  dir: string;
  /** The merged file; default DIR/fits.arrow. */
  out?: string | undefined;
  force?: boolean | undefined;
}

export interface MergeFitsSummary {
  out: string;
  files: number;
  first: number;
  last: number;
}

interface FitsFile {
  path: string;
  table: arrow.Table;
  metadata: Map<string, string>;
  first: number;
  count: number;
}

/** Keys that may differ between the files of one fit. */
const RANGE_KEY = "renp.toys";

function readFits(path: string): FitsFile | undefined {
  let table: arrow.Table;
  try {
    table = arrow.tableFromIPC(readFileSync(path));
  } catch {
    return undefined; // not an Arrow file: not one of ours
  }
  const metadata = table.schema.metadata;
  if (metadata.get("renp.file") !== "fits") return undefined;
  const range = JSON.parse(metadata.get(RANGE_KEY) ?? "null") as {
    first: number;
    count: number;
  } | null;
  if (!range || table.numRows !== range.count)
    throw new FitSetError(`${path}: its renp.toys does not match its ${table.numRows} rows`);
  return { path, table, metadata, first: range.first, count: range.count };
}

/** The metadata without the toy range, for comparing files. */
const configuration = (m: Map<string, string>): string =>
  JSON.stringify([...m].filter(([k]) => k !== RANGE_KEY));

/** Checks the files are one fit tiling first..last; returns them in toy order. */
function checkSet(files: FitsFile[]): FitsFile[] {
  if (files.length === 0) throw new FitSetError("no fits files (renp.file = fits) to merge");
  const reference = configuration(files[0].metadata);
  for (const f of files.slice(1))
    if (configuration(f.metadata) !== reference)
      throw new FitSetError(
        `${basename(f.path)} is another fit than ${basename(files[0].path)} (scenario, version or fit configuration renp.fit differ): ${f.metadata.get("renp.fit")} vs ${files[0].metadata.get("renp.fit")}`,
      );
  const sorted = [...files].sort((a, b) => a.first - b.first);
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1];
    const end = before.first + before.count;
    const f = sorted[i];
    if (f.first < end)
      throw new FitSetError(
        `${basename(before.path)} and ${basename(f.path)} both hold toys ${f.first}..${Math.min(end, f.first + f.count) - 1}`,
      );
    if (f.first > end)
      throw new FitSetError(
        `toys ${end}..${f.first - 1} are missing between ${basename(before.path)} and ${basename(f.path)}`,
      );
  }
  return sorted;
}

/** The columns of the files, concatenated in toy order. */
function concatenate(files: FitsFile[], float: readonly string[], test: string | null): FitColumns {
  const first = files[0].first;
  const count = files.reduce((n, f) => n + f.count, 0);
  const numbers = (name: string) => {
    const out = new Float64Array(count);
    let at = 0;
    for (const f of files) {
      const column = f.table.getChild(name);
      if (!column) throw new FitSetError(`${basename(f.path)} has no column ${name}`);
      out.set(column.toArray() as Float64Array, at);
      at += f.count;
    }
    return out;
  };
  const status = new Uint8Array(count);
  let at = 0;
  for (const f of files) {
    const names = f.table.getChild("status")?.toArray() as string[] | undefined;
    if (!names) throw new FitSetError(`${basename(f.path)} has no column status`);
    names.forEach((s, i) => {
      const code = FIT_STATUS.indexOf(s as (typeof FIT_STATUS)[number]);
      if (code < 0) throw new FitSetError(`${basename(f.path)}: unknown status ${s}`);
      status[at + i] = code;
    });
    at += f.count;
  }
  return {
    firstToy: first,
    count,
    status,
    nll: numbers("nll"),
    values: float.map((name) => numbers(name)),
    errors: float.map((name) => numbers(`${name}_err`)),
    q: test ? numbers(`q_${test}`) : new Float64Array(count).fill(NaN),
  };
}

/**
 * Merges the fits files of DIR into one fits.arrow, byte-identical to one fit of all their toys.
 * @throws FitSetError on a gap, an overlap or files of different fits (nothing written);
 *   OutputExistsError when the output exists without `force`.
 */
export async function mergeFits(options: MergeFitsOptions): Promise<MergeFitsSummary> {
  const out = options.out ?? join(options.dir, "fits.arrow");
  const files = readdirSync(options.dir)
    .filter((name) => name.startsWith("fits") && name.endsWith(".arrow"))
    .map((name) => join(options.dir, name))
    .filter((path) => path !== out)
    .map(readFits)
    .filter((f): f is FitsFile => f !== undefined);
  const sorted = checkSet(files);
  const config = JSON.parse(sorted[0].metadata.get("renp.fit") ?? "{}") as {
    float?: string[];
    test?: string | null;
  };
  const float = config.float ?? [];
  const block = concatenate(sorted, float, config.test ?? null);
  // The single fit's metadata: the same entries, in the same order, renp.toys every toy.
  const metadata = new Map(
    [...sorted[0].metadata].map(([k, v]) => [
      k,
      k === RANGE_KEY ? JSON.stringify({ first: block.firstToy, count: block.count }) : v,
    ]),
  );
  const bytes = fitsIpc(
    block,
    { statusNames: FIT_STATUS, float, test: config.test ?? undefined },
    metadata,
  );
  const outputs = new AtomicOutputs(options.force ?? false);
  try {
    writeFileSync(outputs.reserve(out), bytes);
    pauseForTest("merge --fits: before commit");
    // A signal that came during the synchronous merge is handled now, by the caller's handler
    // (renp merge --fits: no output, exit 128 + n), not after the file is in place.
    await turnEventLoop();
    outputs.commit();
  } catch (err) {
    outputs.abort();
    throw err;
  }
  return {
    out,
    files: sorted.length,
    first: block.firstToy,
    last: block.firstToy + block.count - 1,
  };
}
