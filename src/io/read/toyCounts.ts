/**
 * Toy files (toys.arrow, long or wide layout) walked batch by batch (batches hold whole toys), so
 * a summary over all toys or the rows of one toy never materialise the whole table.
 */
import * as arrow from "apache-arrow";
import { RenpFileError } from "../../errors.js";
import {
  batchesOf,
  numericColumn,
  openReader,
  readBytes,
  type NumericColumn,
} from "./arrowFile.js";
import { fileKind, parseMetadata, type RenpMetadata } from "./metadata.js";

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
