/**
 * Any Arrow IPC file, read safely: framing checked, corrupt input a RenpFileError, columns by name
 * as typed arrays, by column or by record batch, never row by row (row access measured ~130x
 * slower; docs/architecture.md).
 */
import * as arrow from "apache-arrow";
import { RenpFileError } from "../../errors.js";
import { readInputFile } from "../inputFile.js";
import { checkIpcStructure } from "../ipcCheck.js";
import type { ColumnData } from "../arrow.js";
import { fileKind, parseMetadata, type FileKind, type RenpMetadata } from "./metadata.js";

export type NumericColumn = Int32Array | Float64Array;

export interface FieldInfo {
  name: string;
  /** Arrow type as printed by apache-arrow ("Int32", "Float64", ...). */
  type: string;
  nullable: boolean;
}

export interface ArrowFileSummary {
  fields: FieldInfo[];
  metadata: RenpMetadata;
  numRows: number;
  numBatches: number;
  kind: FileKind;
}

/** The most bytes read whole into memory (Node's largest file read; larger files are refused). */
const MAX_WHOLE_FILE_BYTES = 2 ** 31 - 1;

/**
 * A file's bytes; a RenpFileError for a missing file, a folder, or something that is not a
 * regular file (a FIFO or device could block or never end: io/inputFile.ts).
 */
export function readBytes(path: string): Uint8Array {
  return readInputFile(path, "file (expected.arrow, toys.arrow)", MAX_WHOLE_FILE_BYTES);
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
    checkIpcStructure(bytes, name); // every offset and count inside the bytes (io/ipcCheck.ts)
    return;
  }
  const stream =
    length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
  if (!stream)
    throw new RenpFileError(
      `${name} is not an Arrow IPC file (it does not start with ${MAGIC} or a stream message)`,
      { field: name },
    );
  checkIpcStructure(bytes, name);
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
export function openReader(source: string | Uint8Array): {
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
export function* batchesOf(
  reader: arrow.RecordBatchReader,
  name: string,
): Generator<arrow.RecordBatch> {
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
export function numericColumn(
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
    kind: fileKind(
      fields.map((f) => f.name),
      table.schema.metadata.get("renp.file"),
    ),
    columns,
    strings,
  };
}
