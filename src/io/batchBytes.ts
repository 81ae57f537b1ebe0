/**
 * Record batches of an Arrow IPC file as bytes, made where the counts are drawn (a worker) and
 * written at their place in the file (a positional write), so that the main thread does no work
 * per count. This module does not load apache-arrow, so a worker starts quickly: the main thread
 * takes the bytes that do not depend on the counts (each batch's message header and where its
 * columns lie) from apache-arrow's own writer once (io/batchFile.ts), and this fills in the rest.
 *
 * An IPC file (Arrow columnar format, "IPC File Format": https://arrow.apache.org/docs/format/Columnar.html#ipc-file-format)
 * as apache-arrow's RecordBatchFileWriter writes it: "ARROW1" and 2 bytes of padding, then each
 * record batch as an encapsulated message (0xFFFFFFFF, the metadata length, the flatbuffer
 * Message and padding to 8 bytes: the "header" here) followed by its body (each buffer padded to
 * 8 bytes), then an end-of-stream marker, the footer, its length and "ARROW1". Batches of equal
 * row count have equal headers and bodies of equal length, so where each batch lies is known
 * before any is drawn.
 */
import { writeSync } from "node:fs";

/** Bytes before the first batch: "ARROW1" and 2 bytes of padding. */
export const FILE_PREFIX_BYTES = 8;

/** A record batch of one row count: its message header and where its columns lie. */
export interface BatchShape {
  /** The encapsulated message before the body (continuation, length, flatbuffer, padding). */
  header: Uint8Array;
  bodyLength: number;
  /** Byte offset of each column's values from the start of the batch (header included). */
  columnAt: number[];
}

/** What a column of toys.arrow or nuisance.arrow holds. */
export type ColumnRole =
  | { kind: "toy"; perToy: number } // the toy index, repeated perToy times (long: bins; else 1)
  | { kind: "bin" } // 0 .. bins - 1 for each toy (long layout)
  | { kind: "counts"; component: number } // n_obs (-1) or a component's counts, toy-major
  | { kind: "nuisance"; index: number }; // a systematic's value per toy (float64)

/** Everything a thread needs to write batches of one file (plain data: it goes to workers). */
export interface BatchFilePlan {
  /** The open file (workers share the process's descriptors). */
  fd: number;
  /** The first toy of batch 0 and the toys a batch holds (the last batch may hold fewer). */
  firstToy: number;
  toysPerBatch: number;
  bins: number;
  columns: ColumnRole[];
  full: BatchShape;
  /** The last batch's shape when it holds fewer toys (else the full shape). */
  last: BatchShape;
}

/** Where batch `index` starts in the file (every batch before it is full). */
export function batchOffset(plan: BatchFilePlan, index: number): number {
  return FILE_PREFIX_BYTES + index * (plan.full.header.length + plan.full.bodyLength);
}

/** The values of one batch's columns, by role (views into its bytes). */
export interface BatchColumns {
  counts: Int32Array[]; // [n_obs, component 0, ...]: index component + 1
  nuisance: Float64Array[];
}

/**
 * One reusable buffer per batch shape: the bytes of a batch of toys [first, first + count),
 * header copied in and the toy and bin columns filled; the counts and nuisance values are left to
 * the caller, through the views of `columns`.
 */
export class BatchBytes {
  private readonly buffers = new Map<BatchShape, { bytes: Uint8Array; columns: BatchColumns }>();
  private binPattern = new Int32Array(0);

  constructor(readonly plan: BatchFilePlan) {}

  /** The batch holding toys [first, first + count); `columns` views its count columns. */
  prepare(first: number, count: number): { bytes: Uint8Array; columns: BatchColumns } {
    const { plan } = this;
    const shape = count === plan.toysPerBatch ? plan.full : plan.last;
    let entry = this.buffers.get(shape);
    if (!entry) {
      const bytes = new Uint8Array(shape.header.length + shape.bodyLength);
      bytes.set(shape.header);
      entry = { bytes, columns: { counts: [], nuisance: [] } };
      plan.columns.forEach((role, c) => {
        const at = shape.columnAt[c];
        if (role.kind === "counts")
          entry!.columns.counts[role.component + 1] = new Int32Array(
            bytes.buffer,
            at,
            count * plan.bins,
          );
        else if (role.kind === "nuisance")
          entry!.columns.nuisance[role.index] = new Float64Array(bytes.buffer, at, count);
      });
      this.buffers.set(shape, entry);
    }
    const { bytes } = entry;
    plan.columns.forEach((role, c) => {
      const at = shape.columnAt[c];
      if (role.kind === "toy") {
        const toy = new Int32Array(bytes.buffer, at, count * role.perToy);
        for (let i = 0; i < count; i++) toy.fill(first + i, i * role.perToy, (i + 1) * role.perToy);
      } else if (role.kind === "bin") {
        const bin = new Int32Array(bytes.buffer, at, count * plan.bins);
        for (let i = 0; i < count; i++) bin.set(this.bins(), i * plan.bins);
      }
    });
    return entry;
  }

  /** Writes a prepared batch at its place in the file. */
  write(first: number, bytes: Uint8Array): void {
    const index = (first - this.plan.firstToy) / this.plan.toysPerBatch;
    writeAt(this.plan.fd, bytes, batchOffset(this.plan, index));
  }

  private bins(): Int32Array {
    if (this.binPattern.length !== this.plan.bins)
      this.binPattern = Int32Array.from({ length: this.plan.bins }, (_, k) => k);
    return this.binPattern;
  }
}

/** All of `bytes` at `position` of the file (positional writes: threads may write at once). */
export function writeAt(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.byteLength;)
    done += writeSync(fd, bytes, done, bytes.byteLength - done, position + done);
}
