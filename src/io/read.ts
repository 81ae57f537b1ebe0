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
  /** renp.* keys whose value is not what renp writes (each left undefined below). */
  problems: string[];
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

/** A short, escaped excerpt of text read from a file: never more than `max` characters of it. */
export function excerpt(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}...` : text);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isNumberArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isFinite(x));

/**
 * Parses the renp.* schema metadata; missing keys stay undefined (files from other tools). A key
 * that is not what renp writes is left undefined too, and described in `problems`.
 */
export function parseMetadata(metadata: Map<string, string>): RenpMetadata {
  const raw = Object.fromEntries(metadata);
  const problems: string[] = [];
  const parsed = <T>(
    key: string,
    valid: (v: unknown) => v is T,
    expected: string,
  ): T | undefined => {
    const text = raw[key];
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      problems.push(`${key} = ${excerpt(text)} is not valid JSON (expected ${expected})`);
      return undefined;
    }
    if (valid(value)) return value;
    problems.push(`${key} = ${excerpt(text)}: expected ${expected}`);
    return undefined;
  };
  const toys = parsed(
    "renp.toys",
    (v): v is { first: number; count: number } =>
      isObject(v) && isCount(v.first) && isCount(v.count),
    '{"first": N, "count": N} with integers >= 0',
  );
  const seed = parsed("renp.seed", isCount, "an integer >= 0");
  const gamma0 = raw["renp.gamma0_per_s"];
  return {
    raw,
    problems,
    version: raw["renp.version"],
    scenario: parsed(
      "renp.scenario",
      (v): v is ResolvedScenario => isObject(v),
      "a scenario object",
    ),
    seed,
    toys,
    shard: raw["renp.shard"],
    gamma0PerS: gamma0 === undefined ? undefined : Number(gamma0),
    massesEv: parsed("renp.masses_ev", isNumberArray, "an array of numbers"),
    thresholdsEv: parsed("renp.thresholds_ev", isNumberArray, "an array of numbers"),
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

const MAGIC = "ARROW1";
const hasMagicAt = (bytes: Uint8Array, at: number) =>
  at >= 0 &&
  Buffer.from(bytes.buffer, bytes.byteOffset + at, MAGIC.length).toString("latin1") === MAGIC;

/**
 * The bytes' framing: an IPC file starts and ends with ARROW1 (a missing end means a truncated
 * file), an IPC stream starts with a message's 0xFFFFFFFF continuation marker.
 */
function checkFraming(bytes: Uint8Array, name: string): void {
  const length = bytes.byteLength;
  if (length >= MAGIC.length && hasMagicAt(bytes, 0)) {
    if (length < 2 * MAGIC.length + 4 || !hasMagicAt(bytes, length - MAGIC.length))
      throw new RenpFileError(
        `${name} is truncated or corrupt: an Arrow IPC file ends with ${MAGIC}, this one (${length} bytes) does not`,
        { field: name },
      );
    return;
  }
  const stream =
    length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
  if (!stream)
    throw new RenpFileError(
      `${name} is not an Arrow IPC file (it does not start with ${MAGIC} or a stream message)`,
      { field: name },
    );
}

/** apache-arrow's own exceptions on a malformed file, as one clear RenpFileError. */
function corrupt(name: string, err: unknown): RenpFileError {
  if (err instanceof RenpFileError) return err;
  const reason =
    err instanceof RangeError || err instanceof TypeError
      ? ""
      : ` (${String((err as Error)?.message ?? err).slice(0, 120)})`;
  return new RenpFileError(
    `${name} is truncated or corrupt: apache-arrow cannot decode it${reason}`,
    { field: name },
  );
}

/** Opens an Arrow IPC file (or bytes) as a batch reader; a clear error for files that are not Arrow. */
function openReader(source: string | Uint8Array): {
  reader: arrow.RecordBatchReader;
  name: string;
} {
  const bytes = typeof source === "string" ? readBytes(source) : source;
  const name = typeof source === "string" ? source : "input";
  checkFraming(bytes, name);
  try {
    const reader = arrow.RecordBatchReader.from(bytes);
    reader.open();
    // apache-arrow does not throw on bytes that are not Arrow: it yields a reader without a schema.
    if (!reader.schema)
      throw new RenpFileError(`${name} is not an Arrow IPC file (no schema found)`);
    return { reader, name };
  } catch (err) {
    throw corrupt(name, err);
  }
}

/** The reader's record batches; apache-arrow's decoding errors become RenpFileErrors. */
function* batchesOf(reader: arrow.RecordBatchReader, name: string): Generator<arrow.RecordBatch> {
  const iterator = reader[Symbol.iterator]();
  for (;;) {
    let next: IteratorResult<arrow.RecordBatch>;
    try {
      next = iterator.next();
    } catch (err) {
      throw corrupt(name, err);
    }
    if (next.done) return;
    yield next.value;
  }
}

function fieldInfo(schema: arrow.Schema): FieldInfo[] {
  return schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable }));
}

/** Schema, metadata, row and batch counts of an Arrow file, without keeping its columns. */
export function summarizeArrow(source: string | Uint8Array): ArrowFileSummary {
  const { reader, name } = openReader(source);
  const schema = reader.schema; // read before iterating: the reader drops it when it closes
  let numRows = 0;
  let numBatches = 0;
  for (const batch of batchesOf(reader, name)) {
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

/**
 * A column's values as a typed array, if int32 or float64 without nulls; `rows` values exactly
 * (a shorter buffer than the header claims is a corrupt file, not a shorter column).
 */
function numericColumn(
  vector: arrow.Vector | null,
  rows: number,
  where: string,
): NumericColumn | undefined {
  if (!vector) return undefined;
  if (!arrow.DataType.isInt(vector.type) && !arrow.DataType.isFloat(vector.type)) return undefined;
  let values: unknown;
  try {
    values = vector.toArray();
  } catch (err) {
    throw corrupt(where, err);
  }
  if (!(values instanceof Int32Array || values instanceof Float64Array)) return undefined;
  if (values.length !== rows)
    throw new RenpFileError(
      `${where} is corrupt: a column holds ${values.length} values for ${rows} rows`,
      { field: where },
    );
  return values;
}

/** The whole file: numeric columns as typed arrays (batches concatenated), metadata parsed. */
export function readArrowColumns(source: string | Uint8Array): ArrowColumns {
  const bytes = typeof source === "string" ? readBytes(source) : source;
  const name = typeof source === "string" ? source : "input";
  checkFraming(bytes, name);
  let table: arrow.Table;
  try {
    table = arrow.tableFromIPC(bytes);
  } catch (err) {
    throw corrupt(name, err);
  }
  if (!table.schema) throw new RenpFileError(`${name} is not an Arrow IPC file (no schema found)`);
  const fields = fieldInfo(table.schema);
  const columns: Record<string, NumericColumn> = {};
  const strings: Record<string, string[]> = {};
  for (const f of table.schema.fields) {
    const vector = table.getChild(f.name);
    const values = numericColumn(vector, table.numRows, name);
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
  const values = numericColumn(batch.getChild(name), batch.numRows, where);
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
  const { reader, name: where } = openReader(source);
  const schema = reader.schema; // read before iterating: the reader drops it when it closes
  const names = schema.fields.map((f) => f.name);
  if (fileKind(names) !== "toys")
    throw new RenpFileError(`${where} is not a toys file (columns: ${names.join(", ")})`);
  const wide = !names.includes("bin");
  for (const batch of batchesOf(reader, where)) {
    if (wide) {
      // The wide layout seen as the long one: n_obs are the list's values, toy-major already.
      if (visit({ ...longFromWide(batch, where), columns: {} }) === true) break;
      continue;
    }
    const columns: Record<string, NumericColumn> = {};
    for (const name of names) {
      const values = numericColumn(batch.getChild(name), batch.numRows, where);
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
  const child = counts.data[0]?.children[0];
  const values: unknown = child?.values;
  // Sizes come from the file's header: check them against the data before allocating by them.
  if (!child || !(values instanceof Int32Array) || !(bins >= 1))
    throw new RenpFileError(`${where}: column counts is not a list of int32 counts`);
  const needed = toys.length * bins;
  if (child.offset + needed > values.length)
    throw new RenpFileError(
      `${where} is corrupt: ${toys.length} toys of ${bins} counts need ${needed} values, the batch holds ${values.length - child.offset}`,
      { field: where },
    );
  const nObs = values.subarray(child.offset, child.offset + needed);
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

/**
 * Mean and variance of n_obs per bin over every toy of the file, in two passes over its batches:
 * the first finds the bin range, checked against the rows (a toys file holds every bin of a toy,
 * so its largest bin index is below its row count), the second sums into arrays of that size.
 * So the arrays are sized by the data, never by an index written in the file.
 */
export function summarizeToys(source: string | Uint8Array): ToySummary {
  const bytes = typeof source === "string" ? readBytes(source) : source;
  const where = typeof source === "string" ? source : "toys table";
  let rows = 0;
  let maxBin = -1;
  forEachToyBatch(bytes, ({ toy, bin }) => {
    for (let r = 0; r < bin.length; r++) {
      const b = bin[r];
      if (b < 0) throw new RenpFileError(`${where}: negative bin index ${b} in toy ${toy[r]}`);
      if (b > maxBin) maxBin = b;
    }
    rows += bin.length;
  });
  if (maxBin >= rows)
    throw new RenpFileError(
      `${where} is not a renp toys file: bin index ${maxBin} in a file of ${rows} rows (every toy holds bins 0..bins-1)`,
      { field: where, value: maxBin, allowed: `bin indices below the row count ${rows}` },
    );
  const nBins = maxBin + 1;
  const sum = new Float64Array(nBins);
  const sumSq = new Float64Array(nBins);
  const rowsPerBin = new Float64Array(nBins);
  let toys = 0;
  let firstToy = NaN;
  let lastToy = NaN;
  let sorted = true;
  let prevToy = -Infinity;
  let prevBin = -Infinity;
  forEachToyBatch(bytes, ({ toy, bin, nObs }) => {
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
      const n = nObs[r];
      sum[b] += n;
      sumSq[b] += n * n;
      rowsPerBin[b]++;
    }
  });
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
