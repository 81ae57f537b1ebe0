/**
 * The tables for a list of fixed means (the hot path: each bin's mean is the same in every toy):
 * a guided inversion table each up to TABLE_MAX_MEAN_COUNTS (guide.ts), PTRS with tabulated
 * squeezes above (ptrs.ts), packed in typed arrays over SharedArrayBuffers.
 */
import { PTRS_MIN_MEAN_COUNTS, TABLE_BUDGET_ENTRIES, TABLE_MAX_MEAN_COUNTS } from "./limits.js";
import { buildGuide, CELLS_PER_ENTRY, cumulative, guideShift, invert, search } from "./guide.js";
import { poissonPmfTable } from "./pmf.js";
import {
  PTRS_CONSTANTS,
  ptrsConstants,
  ptrsSqueezed,
  ptrsSqueezes,
  SQUEEZE_VALUES,
} from "./ptrs.js";
import type { Uniforms } from "../streams.js";

/** What tables.kind[m] says of mean m: zero (no draw), a table, or PTRS. */
export const KIND_ZERO = 0;
export const KIND_TABLE = 1;
export const KIND_PTRS = 2;

/**
 * The tables for a list of fixed means, as plain typed arrays over SharedArrayBuffers: built once
 * (in the main thread), they go to every worker by structured clone without a copy, so their
 * memory does not grow with the worker count.
 */
export interface FixedMeanTables {
  kind: Uint8Array;
  guideAt: Int32Array;
  guideShift: Int32Array;
  cdfAt: Int32Array;
  kOffset: Int32Array; // k = (index into cdf) + kOffset, for a search
  cdf: Float64Array;
  guide: Int16Array;
  ptrsConst: Float64Array; // PTRS_CONSTANTS per mean
  squeezeAt: Int32Array;
  squeezes: Float64Array; // SQUEEZE_VALUES per PTRS mean
}

/** A typed array of `length` over a new SharedArrayBuffer. */
export function shared<T extends Uint8Array | Int16Array | Int32Array | Float64Array>(
  Type: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT));
}

/** The tables for a list of fixed means: a table each up to TABLE_MAX_MEAN_COUNTS, PTRS above. */
export function fixedMeanTables(meansCounts: ArrayLike<number>): FixedMeanTables {
  const n = meansCounts.length;
  const kind = shared(Uint8Array, n);
  const guideAt = shared(Int32Array, n);
  const shifts = shared(Int32Array, n);
  const cdfAt = shared(Int32Array, n);
  const kOffset = shared(Int32Array, n);
  const ptrsConst = shared(Float64Array, PTRS_CONSTANTS * n);
  const squeezeAt = shared(Int32Array, n);
  const ptrsMeans: number[] = [];
  const cdfs: Float64Array[] = [];
  const guides: Int16Array[] = [];
  let cdfLength = 0;
  let guideLength = 0;
  for (let m = 0; m < n; m++) {
    const mu = meansCounts[m];
    if (mu === 0) {
      kind[m] = KIND_ZERO;
    } else if (
      mu < PTRS_MIN_MEAN_COUNTS ||
      (mu <= TABLE_MAX_MEAN_COUNTS && cdfLength + guideLength / 2 < TABLE_BUDGET_ENTRIES)
    ) {
      const { kLo, pmf } = poissonPmfTable(mu);
      const cdf = cumulative(pmf);
      const guide = buildGuide(cdf, kLo, CELLS_PER_ENTRY, (cells) => new Int16Array(cells));
      cdfs.push(cdf);
      guides.push(guide);
      kind[m] = KIND_TABLE;
      guideAt[m] = guideLength;
      shifts[m] = guideShift(guide.length);
      cdfAt[m] = cdfLength;
      kOffset[m] = kLo - cdfLength;
      cdfLength += cdf.length;
      guideLength += guide.length;
    } else {
      kind[m] = KIND_PTRS;
      ptrsConstants(mu, ptrsConst, PTRS_CONSTANTS * m);
      squeezeAt[m] = SQUEEZE_VALUES * ptrsMeans.length;
      ptrsMeans.push(m);
    }
  }
  const squeezes = shared(Float64Array, SQUEEZE_VALUES * ptrsMeans.length);
  for (const m of ptrsMeans) ptrsSqueezes(ptrsConst, PTRS_CONSTANTS * m, squeezes, squeezeAt[m]);
  return {
    kind,
    guideAt,
    guideShift: shifts,
    cdfAt,
    kOffset,
    cdf: concat(shared(Float64Array, cdfLength), cdfs),
    guide: concat(shared(Int16Array, guideLength), guides),
    ptrsConst,
    squeezeAt,
    squeezes,
  };
}

/** One draw of mean m of the tables t from q. */
export function sampleOne(t: FixedMeanTables, m: number, q: Uniforms): number {
  const kind = t.kind[m];
  if (kind === KIND_TABLE)
    return invert(t.cdf, t.cdfAt[m], t.guide, t.guideAt[m], t.guideShift[m], t.kOffset[m], q);
  if (kind === KIND_PTRS)
    return ptrsSqueezed(t.ptrsConst, PTRS_CONSTANTS * m, t.squeezes, t.squeezeAt[m], q.uniform);
  return 0;
}

/**
 * out[offset + targets[m]] = a draw of mean m of the tables t, for m = 0 .. targets.length - 1,
 * in order, from q. The same as sampleOne in a loop, with the guide's fast path inlined and the
 * queue's position in a local: most draws are then a word read, a shift and a guide read.
 */
export function sampleInto(
  t: FixedMeanTables,
  q: Uniforms,
  out: Int32Array,
  offset: number,
  targets: Int32Array,
): void {
  const { kind, cdf, cdfAt, guide, guideAt, guideShift: shifts, kOffset } = t;
  let raw = q.raw;
  let pos = q.pos;
  let end = q.end;
  for (let m = 0; m < targets.length; m++) {
    let k = 0;
    if (kind[m] === KIND_TABLE) {
      if (pos === end) {
        q.refill();
        ({ raw, pos, end } = q);
      }
      const word = raw[pos++];
      k = guide[guideAt[m] + (word >>> shifts[m])];
      if (k < 0) {
        q.pos = pos;
        k = search(cdf, cdfAt[m] + ~k, word, kOffset[m], q);
        ({ raw, pos, end } = q);
      }
    } else if (kind[m] === KIND_PTRS) {
      q.pos = pos;
      k = sampleOne(t, m, q);
      ({ raw, pos, end } = q);
    }
    out[offset + targets[m]] = k;
  }
  q.pos = pos;
}

/** Copies `parts` one after another into `into`; returns it. */
export function concat<T extends Float64Array | Int32Array | Int16Array>(into: T, parts: T[]): T {
  let at = 0;
  for (const part of parts) {
    into.set(part, at);
    at += part.length;
  }
  return into;
}
