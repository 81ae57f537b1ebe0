/**
 * An Arrow IPC file whose record batches other threads write in place (io/batchBytes.ts): this
 * side opens the file, takes each batch shape's header from apache-arrow's own writer, and writes
 * the prefix and, at close, the footer listing every batch. The bytes are those apache-arrow's
 * RecordBatchFileWriter gives for the same batches (checked in test/io/batchFile.test.ts).
 */
import * as arrow from "apache-arrow";
import { FileBlock, Footer } from "apache-arrow/ipc/metadata/file";
import { closeSync, fsyncSync, openSync } from "node:fs";
import { isStrings, recordBatch, type ColumnData } from "./arrow.js";
import {
  batchOffset,
  FILE_PREFIX_BYTES,
  writeAt,
  type BatchFilePlan,
  type BatchShape,
  type ColumnRole,
} from "./batchBytes.js";

/** Collects what apache-arrow's writer writes. */
class CaptureSink extends arrow.AsyncByteQueue {
  readonly chunks: Uint8Array[] = [];
  override write(value: Parameters<arrow.AsyncByteQueue["write"]>[0]): void {
    if (!(value instanceof Uint8Array)) throw new TypeError("CaptureSink: expected a Uint8Array");
    this.chunks.push(value.slice());
  }
}

const pad8 = (n: number) => (n + 7) & ~7;

/** The bytes of one column's values (a FixedSizeList's child values); fixed-width columns only. */
function valueBytes(data: ColumnData): number {
  if (data instanceof Int32Array || data instanceof Float64Array) return data.byteLength;
  if (isStrings(data))
    throw new TypeError("batches written in place hold fixed-width columns only");
  return data.values.byteLength;
}

/**
 * The shape of a batch of `columns` (any values: zeros do), from apache-arrow's writer: the
 * message header it writes, the body's length, and where each column's values lie (the body holds
 * each column's values in order, padded to 8 bytes; non-null columns have no validity bitmap).
 * @throws Error if the body apache-arrow writes is not laid out so (a change of apache-arrow).
 */
export function batchShape(schema: arrow.Schema, columns: readonly ColumnData[]): BatchShape {
  const sink = new CaptureSink();
  const writer = new arrow.RecordBatchFileWriter();
  writer.reset(sink, schema); // writes the file prefix
  writer.write(recordBatch(schema, columns));
  const bytes = new Uint8Array(sink.chunks.reduce((n, c) => n + c.length, 0));
  sink.chunks.reduce((at, c) => (bytes.set(c, at), at + c.length), 0);
  const view = new DataView(bytes.buffer);
  if (view.getInt32(FILE_PREFIX_BYTES, true) !== -1)
    throw new Error("apache-arrow wrote no continuation marker before the batch");
  const headerEnd = FILE_PREFIX_BYTES + 8 + view.getInt32(FILE_PREFIX_BYTES + 4, true);
  const header = bytes.slice(FILE_PREFIX_BYTES, headerEnd);
  const bodyLength = bytes.length - headerEnd;
  const columnAt: number[] = [];
  let at = header.length;
  for (const data of columns) {
    columnAt.push(at);
    at += pad8(valueBytes(data));
  }
  if (at !== header.length + bodyLength)
    throw new Error(
      `apache-arrow's record batch body is ${bodyLength} bytes, not the ${at - header.length} expected`,
    );
  return { header, bodyLength, columnAt };
}

export interface BatchFileOptions {
  firstToy: number;
  /** Toys in the file and per batch (the last batch holds the rest). */
  count: number;
  toysPerBatch: number;
  bins: number;
  columns: ColumnRole[];
  /** The columns of a batch of `toys` toys, any values (their shape is what counts). */
  columnsFor: (toys: number) => ColumnData[];
}

/** An IPC file laid out for batches written in place; close() writes the footer. */
export class BatchFile {
  readonly plan: BatchFilePlan;
  private readonly batches: number;
  private closed = false;

  constructor(
    readonly path: string,
    readonly schema: arrow.Schema,
    options: BatchFileOptions,
  ) {
    const { count, toysPerBatch } = options;
    if (!(Number.isSafeInteger(toysPerBatch) && toysPerBatch >= 1))
      throw new RangeError(`toysPerBatch must be a positive integer, got ${toysPerBatch}`);
    const full = batchShape(schema, options.columnsFor(toysPerBatch));
    const rest = count % toysPerBatch;
    const last = rest === 0 ? full : batchShape(schema, options.columnsFor(rest));
    this.batches = Math.ceil(count / toysPerBatch);
    const fd = openSync(path, "w");
    const { firstToy, bins, columns } = options;
    this.plan = { fd, firstToy, toysPerBatch, bins, columns, full, last };
    writeAt(fd, MAGIC_AND_PADDING, 0);
  }

  /** The file's length once closed. */
  get bytes(): number {
    return this.end() + this.footer().length;
  }

  /** Writes the footer (every batch must have been written), flushes and closes the file. */
  close(): void {
    if (this.closed) return;
    try {
      writeAt(this.plan.fd, this.footer(), this.end());
      fsyncSync(this.plan.fd);
    } finally {
      this.closed = true;
      closeSync(this.plan.fd);
    }
  }

  /** Closes the descriptor without a footer (the caller removes the file). */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.plan.fd);
  }

  /** Where the last batch ends. */
  private end(): number {
    if (this.batches === 0) return FILE_PREFIX_BYTES;
    const { last } = this.plan;
    return batchOffset(this.plan, this.batches - 1) + last.header.length + last.bodyLength;
  }

  private footerBytes?: Uint8Array;
  /** End-of-stream marker, footer, its length, "ARROW1": what RecordBatchFileWriter.finish writes. */
  private footer(): Uint8Array {
    if (this.footerBytes) return this.footerBytes;
    const blocks: FileBlock[] = [];
    for (let i = 0; i < this.batches; i++) {
      const shape = i === this.batches - 1 ? this.plan.last : this.plan.full;
      blocks.push(new FileBlock(shape.header.length, shape.bodyLength, batchOffset(this.plan, i)));
    }
    const footer = Footer.encode(new Footer(this.schema, arrow.MetadataVersion.V5, blocks, []));
    const bytes = new Uint8Array(8 + footer.length + 4 + MAGIC.length);
    const view = new DataView(bytes.buffer);
    view.setInt32(0, -1, true);
    bytes.set(footer, 8);
    view.setInt32(8 + footer.length, footer.length, true);
    bytes.set(MAGIC, 8 + footer.length + 4);
    return (this.footerBytes = bytes);
  }
}

const MAGIC = new TextEncoder().encode("ARROW1");
const MAGIC_AND_PADDING = Uint8Array.from([...MAGIC, 0, 0]);
