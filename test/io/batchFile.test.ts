/**
 * Batches written in place (BatchFile + BatchBytes, what the workers do) give the very bytes of
 * apache-arrow's RecordBatchFileWriter (StreamingIpcFile) for the same counts: every layout, with
 * and without truth columns, nuisance files, a short last batch, no toys at all.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { schemaOf, StreamingIpcFile, toysColumnRoles, ToysBatcher } from "../../src/io/toys.js";
import { BatchBytes, type ColumnRole } from "../../src/io/batchBytes.js";
import { BatchFile } from "../../src/io/batchFile.js";
import type { ColumnData } from "../../src/io/arrow.js";
import { tempDir } from "../helpers/runs.js";

/** Deterministic counts and values for toy t, bin k, column c (any will do: bytes are compared). */
const countOf = (t: number, k: number, c: number) => (t * 7919 + k * 31 + c * 1009) % 50_000;
const valueOf = (t: number, s: number) => Math.sin(t + 0.5 * s) * 1e3;

interface Case {
  /** The columns of toys [first, first + count): what StreamingIpcFile writes. */
  columns: (first: number, count: number) => ColumnData[];
  roles: ColumnRole[];
  names: string[];
}

function toysCase(layout: "long" | "wide", bins: number, truth: number): Case {
  const truthNames = Array.from({ length: truth }, (_, c) => `n_bkg_${c}`);
  const batcher = new ToysBatcher(layout, bins, truthNames);
  const counts = (first: number, count: number, c: number) =>
    Int32Array.from({ length: count * bins }, (_, i) =>
      countOf(first + Math.floor(i / bins), i % bins, c),
    );
  const columns = (first: number, count: number) =>
    batcher.columns(
      first,
      count,
      counts(first, count, 0),
      truthNames.map((_, c) => counts(first, count, c + 1)),
    );
  return {
    columns: (first, count) => columns(first, count).map((c) => c.data),
    roles: toysColumnRoles(layout, bins, truth),
    names: columns(0, 0).map((c) => c.name),
  };
}

function nuisanceCase(systematics: number): Case {
  return {
    columns: (first, count) => [
      Int32Array.from({ length: count }, (_, i) => first + i),
      ...Array.from({ length: systematics }, (_, s) =>
        Float64Array.from({ length: count }, (_, i) => valueOf(first + i, s)),
      ),
    ],
    roles: [
      { kind: "toy", perToy: 1 },
      ...Array.from({ length: systematics }, (_, index) => ({ kind: "nuisance" as const, index })),
    ],
    names: ["toy", ...Array.from({ length: systematics }, (_, s) => `sys_${s}`)],
  };
}

/** The file both ways; returns [apache-arrow's bytes, in-place bytes, reported length]. */
function bothWays(c: Case, bins: number, first: number, count: number, perBatch: number) {
  const dir = tempDir();
  const metadata = new Map([["renp.test", "batches in place"]]);
  const named = (first: number, count: number) =>
    c.columns(first, count).map((data, i) => ({ name: c.names[i], data }));
  const schema = schemaOf(named(0, 0), metadata);

  const reference = new StreamingIpcFile(join(dir, "reference.arrow"), schema);
  for (let at = first; at < first + count; at += perBatch)
    reference.write(c.columns(at, Math.min(perBatch, first + count - at)));
  reference.close();

  const file = new BatchFile(join(dir, "in-place.arrow"), schema, {
    firstToy: first,
    count,
    toysPerBatch: perBatch,
    bins,
    columns: c.roles,
    columnsFor: (toys) => c.columns(0, toys),
  });
  // Batches in reverse order, as threads may finish them, from a BatchBytes each (a thread each).
  const starts: number[] = [];
  for (let at = first; at < first + count; at += perBatch) starts.push(at);
  for (const at of starts.reverse()) {
    const n = Math.min(perBatch, first + count - at);
    const batch = new BatchBytes(file.plan).prepare(at, n);
    const values = c.columns(at, n);
    c.roles.forEach((role, i) => {
      const data = values[i];
      if (role.kind === "counts")
        batch.columns.counts[role.component + 1].set(
          data instanceof Int32Array ? data : (data as { values: Int32Array }).values,
        );
      if (role.kind === "nuisance")
        batch.columns.nuisance[role.index].set(values[i] as Float64Array);
    });
    new BatchBytes(file.plan).write(at, batch.bytes);
  }
  file.close();
  return [
    readFileSync(join(dir, "reference.arrow")),
    readFileSync(join(dir, "in-place.arrow")),
    file.bytes,
  ] as const;
}

describe("BatchFile: record batches written in place", () => {
  it("gives apache-arrow's bytes for the same toys (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("long", "wide", "nuisance"),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 3 }),
        fc.nat({ max: 1000 }),
        fc.nat({ max: 23 }),
        fc.integer({ min: 1, max: 7 }),
        (kind, bins, extra, first, count, perBatch) => {
          const c = kind === "nuisance" ? nuisanceCase(extra) : toysCase(kind, bins, extra);
          const [reference, inPlace, length] = bothWays(c, bins, first, count, perBatch);
          expect(inPlace.length).toBe(reference.length);
          expect(Buffer.compare(inPlace, reference)).toBe(0);
          expect(length).toBe(reference.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("reuses a batch's buffer without stale values (the toy column is rewritten)", () => {
    const c = toysCase("long", 3, 1);
    const dir = tempDir();
    const schema = schemaOf(
      c.columns(0, 0).map((data, i) => ({ name: c.names[i], data })),
      new Map(),
    );
    const file = new BatchFile(join(dir, "a.arrow"), schema, {
      firstToy: 0,
      count: 4,
      toysPerBatch: 2,
      bins: 3,
      columns: c.roles,
      columnsFor: (toys) => c.columns(0, toys),
    });
    const bytes = new BatchBytes(file.plan);
    const a = bytes.prepare(0, 2);
    const toyAt = file.plan.full.columnAt[0];
    expect(Array.from(new Int32Array(a.bytes.buffer, toyAt, 6))).toEqual([0, 0, 0, 1, 1, 1]);
    const b = bytes.prepare(2, 2);
    expect(b.bytes).toBe(a.bytes);
    expect(Array.from(new Int32Array(b.bytes.buffer, toyAt, 6))).toEqual([2, 2, 2, 3, 3, 3]);
    file.discard();
  });
});
