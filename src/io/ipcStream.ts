/**
 * Streaming Arrow IPC files batch by batch (renp merge): a file's schema without its rows, its
 * record batches one at a time, and row slices of batch columns gathered into new batches. Memory
 * stays at about one record batch whatever the file's size.
 */
import * as arrow from "apache-arrow";
import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { RenpFileError } from "../errors.js";
import { isStrings, type ColumnData } from "./arrow.js";
import { entryKind } from "./atomic.js";
import { checkIpcFileStructure } from "./ipcCheck.js";

/**
 * Opens an Arrow file to stream: only a regular file (a FIFO would block, a device never end;
 * opened non-blocking so refusing one never waits), its structure checked against its size
 * first (io/ipcCheck.ts: the footer and message headers, not the bodies).
 */
async function openChecked(path: string): Promise<{ handle: FileHandle; rows: number }> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile())
      throw new RenpFileError(`${path} is ${entryKind(stats)}, not a regular file`, {
        field: path,
      });
    return { handle, rows: checkIpcFileStructure(handle.fd, stats.size, path).rows };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/**
 * The schema (fields and metadata) of an Arrow IPC file or stream, read without its batches, and
 * the rows its batches hold (from their headers, checked against the file: io/ipcCheck.ts).
 */
export async function readSchema(path: string): Promise<{ schema: arrow.Schema; rows: number }> {
  const { handle, rows } = await openChecked(path);
  try {
    const reader = await arrow.RecordBatchReader.from(handle);
    await reader.open();
    if (!reader.schema) throw new RenpFileError("no Arrow schema found", { field: path });
    return { schema: reader.schema, rows };
  } finally {
    await handle.close();
  }
}

/** The record batches of an Arrow IPC file, one at a time. */
export async function* batchesOf(path: string): AsyncGenerator<arrow.RecordBatch> {
  const { handle } = await openChecked(path);
  try {
    const reader = await arrow.RecordBatchReader.from(handle);
    for await (const batch of reader) yield batch;
  } finally {
    await handle.close();
  }
}

/** Row slices of columns waiting to fill one output record batch. */
export class Pending {
  private parts: ColumnData[][];
  constructor(private readonly width: number) {
    this.parts = Array.from({ length: width }, () => []);
  }

  /** Queues rows start..stop (exclusive) of every column. */
  add(columns: readonly ColumnData[], start: number, stop: number): void {
    if (stop <= start) return;
    columns.forEach((c, i) => this.parts[i].push(sliceRows(c, start, stop)));
  }

  /** The pending rows as one batch's columns; empties the queue. */
  take(): ColumnData[] {
    const columns = this.parts.map(concatColumn);
    this.parts = Array.from({ length: this.width }, () => []);
    return columns;
  }
}

/** Rows start..stop (exclusive) of a column, as a view where the column type allows. */
export function sliceRows(column: ColumnData, start: number, stop: number): ColumnData {
  if (isStrings(column)) return column.slice(start, stop);
  if (column instanceof Int32Array || column instanceof Float64Array)
    return column.subarray(start, stop);
  const n = column.listSize;
  return { listSize: n, values: column.values.subarray(start * n, stop * n) };
}

/** One column of the parts' rows in order; the parts must share the column's type. */
export function concatColumn(parts: ColumnData[]): ColumnData {
  if (parts.every(isStrings)) return parts.flat();
  const values = parts.map((p) => {
    if (isStrings(p)) throw new RenpFileError("merge: mixed column types");
    return p instanceof Int32Array || p instanceof Float64Array ? p : p.values;
  });
  const length = values.reduce((s, v) => s + v.length, 0);
  const first = parts[0];
  if (first === undefined || isStrings(first)) throw new RenpFileError("merge: mixed column types");
  const out = first instanceof Float64Array ? new Float64Array(length) : new Int32Array(length);
  let at = 0;
  for (const v of values) {
    out.set(v, at);
    at += v.length;
  }
  if (first instanceof Int32Array || first instanceof Float64Array) return out;
  return { listSize: first.listSize, values: out as Int32Array };
}
