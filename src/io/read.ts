/**
 * Reading renp Arrow files back (docs/architecture.md, "File formats"): columns by name as typed
 * arrays, schema metadata parsed. Reads by column or by record batch, never row by row (row access
 * measured ~130x slower; docs/architecture.md).
 * Toy files are walked batch by batch (batches hold whole toys), so a summary over all toys or
 * the rows of one toy never materialise the whole table.
 */
import * as arrow from "apache-arrow";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { ResolvedScenario } from "../scenario/load.js";
import { RenpFileError } from "../errors.js";
import type { ColumnData } from "./arrow.js";
import { parseShardFileName } from "./shards.js";

export type NumericColumn = Int32Array | Float64Array;

export interface FieldInfo {
  name: string;
  /** Arrow type as printed by apache-arrow ("Int32", "Float64", ...). */
  type: string;
  nullable: boolean;
}

/** The renp keys of the schema metadata, parsed; `raw` keeps every key as written. */
export interface RenpMetadata {
  raw: Record<string, string>;
  version?: string | undefined;
  scenario?: ResolvedScenario | undefined;
  seed?: number | undefined;
  toys?: { first: number; count: number } | undefined;
  shard?: string | undefined;
  gamma0PerS?: number | undefined;
  massesEv?: number[] | undefined;
  thresholdsEv?: number[] | undefined;
}

export type FileKind = "expected" | "toys" | "nuisance" | "other";

export interface ArrowFileSummary {
  fields: FieldInfo[];
  metadata: RenpMetadata;
  numRows: number;
  numBatches: number;
  kind: FileKind;
}

export { RenpFileError };

const EXPECTED_COLUMNS = [
  "bin",
  "omega_lo_ev",
  "omega_ev",
  "omega_hi_ev",
  "exposure_s",
  "efficiency",
  "mu_signal",
  "mu_total",
];
const TOYS_COLUMNS = ["toy", "bin", "n_obs"];
/** The wide layout (`--layout wide`): toy and counts FixedSizeList<int32>[bins]. */
const WIDE_TOYS_COLUMNS = ["toy", "counts"];

function parseJson<T>(text: string | undefined, key: string): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new RenpFileError(`schema metadata ${key} is not valid JSON: ${text.slice(0, 60)}`);
  }
}

/** Parses the renp.* schema metadata; missing keys stay undefined (files from other tools). */
export function parseMetadata(metadata: Map<string, string>): RenpMetadata {
  const raw = Object.fromEntries(metadata);
  const seed = raw["renp.seed"];
  const gamma0 = raw["renp.gamma0_per_s"];
  return {
    raw,
    version: raw["renp.version"],
    scenario: parseJson<ResolvedScenario>(raw["renp.scenario"], "renp.scenario"),
    seed: seed === undefined ? undefined : Number(seed),
    toys: parseJson<{ first: number; count: number }>(raw["renp.toys"], "renp.toys"),
    shard: raw["renp.shard"],
    gamma0PerS: gamma0 === undefined ? undefined : Number(gamma0),
    massesEv: parseJson<number[]>(raw["renp.masses_ev"], "renp.masses_ev"),
    thresholdsEv: parseJson<number[]>(raw["renp.thresholds_ev"], "renp.thresholds_ev"),
  };
}

function fileKind(names: readonly string[], kindInMetadata?: string): FileKind {
  if (EXPECTED_COLUMNS.every((c) => names.includes(c))) return "expected";
  if (
    TOYS_COLUMNS.every((c) => names.includes(c)) ||
    WIDE_TOYS_COLUMNS.every((c) => names.includes(c))
  )
    return "toys";
  // nuisance.arrow: toy and one float64 column per systematic (renp.file says so too).
  if (names[0] === "toy" && names.length > 1 && kindInMetadata === "nuisance") return "nuisance";
  return "other";
}

function readBytes(path: string): Uint8Array {
  if (!existsSync(path)) throw new RenpFileError(`no such file: ${path}`);
  if (statSync(path).isDirectory())
    throw new RenpFileError(`${path} is a folder; give a file (expected.arrow, toys.arrow)`);
  return readFileSync(path);
}

/** Opens an Arrow IPC file (or bytes) as a batch reader; a clear error for files that are not Arrow. */
function openReader(source: string | Uint8Array): arrow.RecordBatchReader {
  const bytes = typeof source === "string" ? readBytes(source) : source;
  try {
    const reader = arrow.RecordBatchReader.from(bytes);
    reader.open();
    // apache-arrow does not throw on bytes that are not Arrow: it yields a reader without a schema.
    if (!reader.schema) throw new Error("no Arrow schema found");
    return reader;
  } catch (err) {
    const name = typeof source === "string" ? source : "input";
    throw new RenpFileError(`${name} is not an Arrow IPC file (${(err as Error).message})`);
  }
}

function fieldInfo(schema: arrow.Schema): FieldInfo[] {
  return schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable }));
}

/** Schema, metadata, row and batch counts of an Arrow file, without keeping its columns. */
export function summarizeArrow(source: string | Uint8Array): ArrowFileSummary {
  const reader = openReader(source);
  const schema = reader.schema; // read before iterating: the reader drops it when it closes
  let numRows = 0;
  let numBatches = 0;
  for (const batch of reader) {
    numRows += batch.numRows;
    numBatches++;
  }
  const fields = fieldInfo(schema);
  return {
    fields,
    metadata: parseMetadata(schema.metadata),
    numRows,
    numBatches,
    kind: fileKind(
      fields.map((f) => f.name),
      schema.metadata.get("renp.file"),
    ),
  };
}

/**
 * A record batch's columns as renp writes them (io/arrow.ts ColumnData), views of the batch's
 * buffers: int32 and float64 columns as typed arrays, FixedSizeList<int32> as its flat values.
 */
export function batchColumns(batch: arrow.RecordBatch): ColumnData[] {
  return batch.schema.fields.map((field, i) => {
    const data = batch.getChildAt(i)?.data[0];
    if (!data) throw new RenpFileError(`column ${field.name} has no data`);
    if (arrow.DataType.isFixedSizeList(data.type)) {
      const child = data.children[0];
      const listSize = data.type.listSize;
      const values = (child.values as Int32Array).subarray(
        child.offset + data.offset * listSize,
        child.offset + (data.offset + data.length) * listSize,
      );
      return { listSize, values };
    }
    const values = data.values as unknown;
    if (values instanceof Int32Array || values instanceof Float64Array)
      return values.subarray(data.offset, data.offset + data.length);
    throw new RenpFileError(
      `column ${field.name}: ${String(field.type)} is not a renp column type`,
    );
  });
}

export interface ArrowColumns extends ArrowFileSummary {
  /** Every int32 / float64 column by name (other types are listed in `fields` only). */
  columns: Record<string, NumericColumn>;
  /** Every utf8 column by name (the fit status of fits.arrow). */
  strings: Record<string, string[]>;
}

function numericColumn(vector: arrow.Vector | null): NumericColumn | undefined {
  if (!vector) return undefined;
  const values = vector.toArray() as unknown;
  if (values instanceof Int32Array || values instanceof Float64Array) return values;
  return undefined;
}

/** The whole file: numeric columns as typed arrays (batches concatenated), metadata parsed. */
export function readArrowColumns(source: string | Uint8Array): ArrowColumns {
  const bytes = typeof source === "string" ? readBytes(source) : source;
  let table: arrow.Table;
  try {
    table = arrow.tableFromIPC(bytes);
    if (!table.schema) throw new Error("no Arrow schema found");
  } catch (err) {
    throw new RenpFileError(
      `${typeof source === "string" ? source : "input"} is not an Arrow IPC file (${(err as Error).message})`,
    );
  }
  const fields = fieldInfo(table.schema);
  const columns: Record<string, NumericColumn> = {};
  const strings: Record<string, string[]> = {};
  for (const f of table.schema.fields) {
    const vector = table.getChild(f.name);
    const values = numericColumn(vector);
    if (values) columns[f.name] = values;
    else if (vector && arrow.DataType.isUtf8(vector.type))
      strings[f.name] = vector.toArray() as string[];
  }
  return {
    fields,
    metadata: parseMetadata(table.schema.metadata),
    numRows: table.numRows,
    numBatches: table.batches.length,
    kind: fileKind(fields.map((f) => f.name)),
    columns,
    strings,
  };
}

/** expected.arrow (or the spectrum command's Arrow output) as typed columns. */
export interface ExpectedData {
  path?: string | undefined;
  metadata: RenpMetadata;
  bin: Int32Array;
  omegaLoEv: Float64Array;
  omegaEv: Float64Array;
  omegaHiEv: Float64Array;
  exposureS: Float64Array;
  efficiency: Float64Array;
  muSignal: Float64Array;
  /** One entry per mu_bkg_<name> column, in file order. */
  backgrounds: { name: string; mu: Float64Array }[];
  muTotal: Float64Array;
}

function float64(
  columns: Record<string, NumericColumn>,
  name: string,
  where: string,
): Float64Array {
  const c = columns[name];
  if (!(c instanceof Float64Array))
    throw new RenpFileError(`${where}: column ${name} (float64) is missing`);
  return c;
}

export function readExpected(source: string | Uint8Array): ExpectedData {
  const where = typeof source === "string" ? source : "expected table";
  const file = readArrowColumns(source);
  if (file.kind !== "expected") {
    throw new RenpFileError(
      `${where} is not an expectation table (columns: ${file.fields.map((f) => f.name).join(", ")})`,
    );
  }
  const bin = file.columns.bin;
  if (!(bin instanceof Int32Array)) throw new RenpFileError(`${where}: column bin is not int32`);
  return {
    path: typeof source === "string" ? source : undefined,
    metadata: file.metadata,
    bin,
    omegaLoEv: float64(file.columns, "omega_lo_ev", where),
    omegaEv: float64(file.columns, "omega_ev", where),
    omegaHiEv: float64(file.columns, "omega_hi_ev", where),
    exposureS: float64(file.columns, "exposure_s", where),
    efficiency: float64(file.columns, "efficiency", where),
    muSignal: float64(file.columns, "mu_signal", where),
    backgrounds: file.fields
      .filter((f) => f.name.startsWith("mu_bkg_"))
      .map((f) => ({
        name: f.name.slice("mu_bkg_".length),
        mu: float64(file.columns, f.name, where),
      })),
    muTotal: float64(file.columns, "mu_total", where),
  };
}

function int32Child(batch: arrow.RecordBatch, name: string, where: string): Int32Array {
  const values = batch.getChild(name)?.toArray() as unknown;
  if (!(values instanceof Int32Array))
    throw new RenpFileError(`${where}: column ${name} (int32) is missing`);
  return values;
}

/** Calls `visit` with each record batch's toy, bin and n_obs columns (and the rest by name). */
export function forEachToyBatch(
  source: string | Uint8Array,
  visit: (batch: {
    toy: Int32Array;
    bin: Int32Array;
    nObs: Int32Array;
    columns: Record<string, NumericColumn>;
  }) => boolean | void,
): RenpMetadata {
  const where = typeof source === "string" ? source : "toys table";
  const reader = openReader(source);
  const schema = reader.schema; // read before iterating: the reader drops it when it closes
  const names = schema.fields.map((f) => f.name);
  if (fileKind(names) !== "toys")
    throw new RenpFileError(`${where} is not a toys file (columns: ${names.join(", ")})`);
  const wide = !names.includes("bin");
  for (const batch of reader) {
    if (wide) {
      // The wide layout seen as the long one: n_obs are the list's values, toy-major already.
      if (visit({ ...longFromWide(batch, where), columns: {} }) === true) break;
      continue;
    }
    const columns: Record<string, NumericColumn> = {};
    for (const name of names) {
      const values = numericColumn(batch.getChild(name));
      if (values) columns[name] = values;
    }
    const stop = visit({
      toy: int32Child(batch, "toy", where),
      bin: int32Child(batch, "bin", where),
      nObs: int32Child(batch, "n_obs", where),
      columns,
    });
    if (stop === true) break;
  }
  return parseMetadata(schema.metadata);
}

/** A wide-layout batch (toy, counts[bins]) as long-layout columns toy, bin, n_obs. */
function longFromWide(
  batch: arrow.RecordBatch,
  where: string,
): { toy: Int32Array; bin: Int32Array; nObs: Int32Array } {
  const toys = int32Child(batch, "toy", where);
  const counts = batch.getChild("counts");
  if (!counts || !arrow.DataType.isFixedSizeList(counts.type))
    throw new RenpFileError(`${where}: column counts is not a fixed-size list`);
  const bins = counts.type.listSize;
  const child = counts.data[0].children[0];
  const nObs = (child.values as Int32Array).subarray(
    child.offset,
    child.offset + toys.length * bins,
  );
  const toy = new Int32Array(toys.length * bins);
  const bin = new Int32Array(toys.length * bins);
  for (let t = 0; t < toys.length; t++) {
    toy.fill(toys[t], t * bins, (t + 1) * bins);
    for (let b = 0; b < bins; b++) bin[t * bins + b] = b;
  }
  return { toy, bin, nObs };
}

/** The observed counts of one toy, indexed by bin (length nBins); undefined if the file lacks it. */
export function readToyCounts(
  source: string | Uint8Array,
  toyIndex: number,
  nBins: number,
): Int32Array | undefined {
  const counts = new Int32Array(nBins);
  let found = false;
  forEachToyBatch(source, ({ toy, bin, nObs }) => {
    if (toy.length === 0 || toy[0] > toyIndex || toy[toy.length - 1] < toyIndex)
      return toy.length > 0 && toy[0] > toyIndex;
    for (let r = 0; r < toy.length; r++) {
      if (toy[r] !== toyIndex) continue;
      const b = bin[r];
      if (b < 0 || b >= nBins)
        throw new RenpFileError(
          `toy ${toyIndex}: bin ${b} outside the expectation's ${nBins} bins`,
        );
      counts[b] = nObs[r];
      found = true;
    }
    return false;
  });
  return found ? counts : undefined;
}

export interface ToySummary {
  /** Distinct toys, the first and last index. */
  toys: number;
  firstToy: number;
  lastToy: number;
  rows: number;
  nBins: number;
  /** Per bin: mean and (unbiased) variance of n_obs over the toys. */
  mean: Float64Array;
  variance: Float64Array;
  /** Rows sorted by toy then bin, and every toy with the same bin set 0..nBins-1. */
  sorted: boolean;
  complete: boolean;
}

/** Mean and variance of n_obs per bin over every toy of the file, in one pass over its batches. */
export function summarizeToys(source: string | Uint8Array): ToySummary {
  let sum = new Float64Array(0);
  let sumSq = new Float64Array(0);
  let rowsPerBin = new Float64Array(0);
  let rows = 0;
  let toys = 0;
  let firstToy = NaN;
  let lastToy = NaN;
  let sorted = true;
  let prevToy = -Infinity;
  let prevBin = -Infinity;
  const grow = (n: number) => {
    if (n <= sum.length) return;
    const size = Math.max(n, 2 * sum.length);
    const resize = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    sum = resize(sum);
    sumSq = resize(sumSq);
    rowsPerBin = resize(rowsPerBin);
  };
  let maxBin = -1;
  forEachToyBatch(source, ({ toy, bin, nObs }) => {
    for (let r = 0; r < toy.length; r++) {
      const t = toy[r];
      const b = bin[r];
      if (t !== prevToy) {
        if (t < prevToy) sorted = false;
        toys++;
        if (Number.isNaN(firstToy)) firstToy = t;
        prevBin = -Infinity;
      } else if (b <= prevBin) sorted = false;
      prevToy = t;
      prevBin = b;
      lastToy = t;
      if (b < 0) throw new RenpFileError(`negative bin index ${b} in toy ${t}`);
      if (b > maxBin) {
        maxBin = b;
        grow(b + 1);
      }
      const n = nObs[r];
      sum[b] += n;
      sumSq[b] += n * n;
      rowsPerBin[b]++;
    }
    rows += toy.length;
  });
  const nBins = maxBin + 1;
  const mean = new Float64Array(nBins);
  const variance = new Float64Array(nBins);
  let complete = sorted && rows === toys * nBins;
  for (let b = 0; b < nBins; b++) {
    const m = rowsPerBin[b];
    if (m !== toys) complete = false;
    mean[b] = m > 0 ? sum[b] / m : NaN;
    variance[b] = m > 1 ? (sumSq[b] - m * mean[b] * mean[b]) / (m - 1) : NaN;
  }
  return { toys, firstToy, lastToy, rows, nBins, mean, variance, sorted, complete };
}

/** The toy files of a run folder: toys.arrow, or its shards toys-K-of-N.arrow in K order. */
export function toyFilesIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  if (existsSync(join(dir, "toys.arrow"))) return [join(dir, "toys.arrow")];
  return readdirSync(dir)
    .map((f) => ({ f, shard: parseShardFileName(f) }))
    .filter((x) => x.shard?.stem === "toys" && x.shard.ext === "arrow")
    .sort((a, b) => a.shard!.index - b.shard!.index)
    .map((x) => join(dir, x.f));
}

/** expected.arrow beside a toys file (same folder), if present. */
export function expectedBeside(toysPath: string): string | undefined {
  const candidate = join(dirname(toysPath), "expected.arrow");
  return basename(toysPath) !== "expected.arrow" && existsSync(candidate) ? candidate : undefined;
}
