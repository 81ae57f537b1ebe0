/**
 * Streaming Arrow IPC *file* writers for toys.arrow and nuisance.arrow (docs/architecture.md, "File formats").
 *
 * apache-arrow's RecordBatchFileWriter queues its bytes in an AsyncByteQueue, or pipes them to a
 * Node stream without backpressure, so a fast producer could pile up a whole run in memory. Here
 * the writer's sink is an AsyncByteQueue whose write() goes straight to the file descriptor
 * (fs.writeSync): each batch is on disk (page cache) when write() returns, memory stays one batch,
 * and close() writes the footer, so the file is a valid IPC file. Uncompressed (see io/arrow.ts).
 *
 * Layouts of toys.arrow:
 * - long (the contract): toy int32, bin int32, n_obs int32 [, n_signal, n_bkg_<name> int32],
 *   one row per (toy, bin), sorted by toy then bin;
 * - wide (`--layout wide`): toy int32 and `counts` FixedSizeList<int32>[bins] (n_obs), plus
 *   `counts_signal`, `counts_bkg_<name>` with --truth; 4 bytes a count instead of 12.
 * Asimov (`--asimov`): the long layout for toy 0 with n_obs = round(mu_total) and the exact
 * expectation in a float64 column asimov_total (asimov_signal, asimov_bkg_<name> with --truth).
 */
import * as arrow from "apache-arrow";
import { columnSchema, recordBatch, type ColumnData } from "./arrow.js";
import type { ColumnRole } from "./batchBytes.js";
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";

/** Bytes written straight to a file descriptor, synchronously. */
class FileSink extends arrow.AsyncByteQueue {
  bytes = 0;
  constructor(private readonly fd: number) {
    super();
  }

  // The writer hands over Uint8Arrays (RecordBatchWriter._write converts every chunk).
  override write(value: Parameters<arrow.AsyncByteQueue["write"]>[0]): void {
    if (!(value instanceof Uint8Array))
      throw new TypeError("FileSink: expected a Uint8Array chunk");
    const chunk = value;
    for (let done = 0; done < chunk.byteLength;)
      done += writeSync(this.fd, chunk, done, chunk.byteLength - done);
    this.bytes += chunk.byteLength;
  }
}

export type { ColumnData } from "./arrow.js";

export interface NamedColumn {
  name: string;
  data: ColumnData;
}

/** A schema of non-nullable columns typed by their first batch's data. */
export function schemaOf(
  columns: readonly NamedColumn[],
  metadata: Map<string, string>,
): arrow.Schema {
  return columnSchema(
    columns.map((c) => [c.name, c.data] as [string, ColumnData]),
    metadata,
  );
}

/** An IPC file written batch by batch; call close() to write the footer. */
export class StreamingIpcFile {
  private readonly fd: number;
  private readonly sink: FileSink;
  private readonly writer = new arrow.RecordBatchFileWriter();
  private closed = false;
  rows = 0;

  constructor(
    readonly path: string,
    readonly schema: arrow.Schema,
  ) {
    this.fd = openSync(path, "w");
    this.sink = new FileSink(this.fd);
    this.writer.reset(this.sink, schema);
  }

  get bytes(): number {
    return this.sink.bytes;
  }

  /** One record batch; columns in the schema's order. */
  write(columns: readonly ColumnData[]): void {
    const batch = recordBatch(this.schema, columns);
    this.writer.write(batch);
    this.rows += batch.numRows;
  }

  /** Writes the footer, flushes to disk and closes the file. */
  close(): void {
    if (this.closed) return;
    try {
      this.writer.finish(); // footer (and, for an empty file, the schema) through the sink
      fsyncSync(this.fd);
    } finally {
      this.closed = true;
      closeSync(this.fd);
    }
  }

  /** Closes the descriptor without a footer (the caller removes the file). */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

export type Layout = "long" | "wide";

/** Builds the record batches of toys.arrow from blocks of whole toys. */
export class ToysBatcher {
  private binColumn = new Int32Array(0);
  // Reused for every batch of one size: StreamingIpcFile.write copies it to disk before returning.
  private toyColumn = new Int32Array(0);

  constructor(
    readonly layout: Layout,
    readonly bins: number,
    /** Truth column names in the long layout (n_signal, n_bkg_<name>); [] without --truth. */
    readonly truthNames: readonly string[],
  ) {}

  /** Columns for toys first .. first + count - 1 with counts nObs and truth (toy-major). */
  columns(
    first: number,
    count: number,
    nObs: Int32Array,
    truth: readonly Int32Array[],
  ): NamedColumn[] {
    const bins = this.bins;
    if (this.layout === "wide") {
      const toy = Int32Array.from({ length: count }, (_, i) => first + i);
      return [
        { name: "toy", data: toy },
        { name: "counts", data: { listSize: bins, values: nObs } },
        ...truth.map((values, c) => ({
          name: this.truthNames[c].replace(/^n_/, "counts_"),
          data: { listSize: bins, values },
        })),
      ];
    }
    if (this.toyColumn.length !== count * bins) this.toyColumn = new Int32Array(count * bins);
    const toy = this.toyColumn;
    for (let i = 0; i < count; i++) toy.fill(first + i, i * bins, (i + 1) * bins);
    return [
      { name: "toy", data: toy },
      { name: "bin", data: this.bins_(count) },
      { name: "n_obs", data: nObs },
      ...truth.map((values, c) => ({ name: this.truthNames[c], data: values })),
    ];
  }

  /** 0..bins-1 repeated count times; one array reused for batches of equal size. */
  private bins_(count: number): Int32Array {
    const length = count * this.bins;
    if (this.binColumn.length !== length) {
      this.binColumn = new Int32Array(length);
      for (let i = 0; i < length; i++) this.binColumn[i] = i % this.bins;
    }
    return this.binColumn;
  }
}

/** What each column of ToysBatcher.columns holds, in the same order (io/batchBytes.ts). */
export function toysColumnRoles(layout: Layout, bins: number, truthColumns: number): ColumnRole[] {
  const counts = Array.from({ length: truthColumns + 1 }, (_, c) => ({
    kind: "counts" as const,
    component: c - 1,
  }));
  return layout === "wide"
    ? [{ kind: "toy", perToy: 1 }, ...counts]
    : [{ kind: "toy", perToy: bins }, { kind: "bin" }, ...counts];
}

/** A schema for toys.arrow without data (for a shard with no toys: column types only). */
export function emptyColumns(
  layout: Layout,
  bins: number,
  truthNames: readonly string[],
): NamedColumn[] {
  return new ToysBatcher(layout, bins, truthNames).columns(
    0,
    0,
    new Int32Array(0),
    truthNames.map(() => new Int32Array(0)),
  );
}
