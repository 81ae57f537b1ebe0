/** Poisson counts for the bins of a toy, each bin with its fixed mean (the generate hot path). */
import { compensatedSum } from "../../numerics/sum.js";
import { CallUniforms, type Uniform, type Uniforms } from "../streams.js";
import { buildGuide, cumulative, guideShift, invert } from "./guide.js";
import { checkMean } from "./limits.js";
import {
  concat,
  fixedMeanTables,
  KIND_PTRS,
  KIND_TABLE,
  sampleInto,
  sampleOne,
  shared,
  type FixedMeanTables,
} from "./tables.js";

/** Bins with means up to this (and above 0) are drawn together, when there are two or more. */
export const SPARSE_MAX_MEAN_COUNTS = 0.5;

/** A BinSampler's tables (plain data over SharedArrayBuffers; see FixedMeanTables). */
export interface BinSamplerTables {
  bins: number;
  /** The other bins' means, then (if any) the sparse group's total. */
  fixed: FixedMeanTables;
  denseBins: Int32Array;
  sparseBins: Int32Array;
  sparseCdf: Float64Array;
  sparseGuide: Int32Array;
  /** The sparse group's total mean (0 without a group). */
  sparseExpected: number;
}

/**
 * Poisson counts for bins with fixed means, one toy at a time.
 *
 * Sparse bins (0 < mean <= SPARSE_MAX_MEAN_COUNTS) are drawn as a group: their total N ~
 * Poisson(sum of their means), then each of the N counts goes to bin i with probability
 * mean_i / sum. Independent Poisson variates are, given their sum, multinomial with these
 * probabilities, so this is exact, and it costs ~1 + N uniforms instead of one per sparse bin.
 * (Grouping pays below a mean of ~0.65 a bin, measured; SPARSE_MAX_MEAN_COUNTS keeps a margin.)
 *
 * Stream use per toy: the other bins in bin order (mean-0 bins consume nothing), then the sparse
 * group's total and its N allocations.
 */
export class BinSampler {
  readonly bins: number;
  readonly tables: BinSamplerTables;
  /** Uniforms a toy needs, about: one a table bin, ~2 a PTRS bin, 1 + N for the sparse group. */
  readonly expectedWords: number;
  private readonly sparseShift: number;
  private calls?: CallUniforms;

  /**
   * From the means per bin, or from the tables of another BinSampler (e.g. made in another
   * thread; they are shared, not copied).
   * @throws RangeError when a mean is negative, NaN, infinite or above MAX_MEAN_COUNTS.
   */
  constructor(meansPerBin: ArrayLike<number> | BinSamplerTables) {
    this.tables = "fixed" in meansPerBin ? meansPerBin : binSamplerTables(meansPerBin);
    this.bins = this.tables.bins;
    this.sparseShift = guideShift(Math.max(1, this.tables.sparseGuide.length));
    const { kind } = this.tables.fixed;
    let words = 0;
    for (let m = 0; m < kind.length; m++)
      words += kind[m] === KIND_TABLE ? 1 : kind[m] === KIND_PTRS ? 2 : 0;
    this.expectedWords = words + this.tables.sparseExpected;
  }

  /** Entries of the inversion tables of the dense bins (at most TABLE_BUDGET_ENTRIES + small ones). */
  get tableEntries(): number {
    const { cdf, guide } = this.tables.fixed;
    return cdf.length + guide.length / 2; // the int16 guide in 4-byte entries
  }

  /** One toy: out[offset + b] = the count of bin b, for every bin, from the stream u. */
  fill(u: Uniform, out: Int32Array, offset = 0): void {
    this.calls ??= new CallUniforms(u);
    this.calls.source = u;
    this.fillFrom(this.calls, out, offset);
  }

  /** One toy: out[offset + b] = the count of bin b, for every bin, from the queue q. */
  fillFrom(q: Uniforms, out: Int32Array, offset = 0): void {
    if (!(Number.isInteger(offset) && offset >= 0 && offset + this.bins <= out.length)) {
      throw new RangeError(
        `fill needs out.length >= offset + ${this.bins}, got offset ${offset}, length ${out.length}`,
      );
    }
    const { fixed, denseBins: dense, sparseBins: sparse, sparseCdf, sparseGuide } = this.tables;
    sampleInto(fixed, q, out, offset, dense);
    if (sparse.length === 0) return;
    for (let s = 0; s < sparse.length; s++) out[offset + sparse[s]] = 0;
    const shift = this.sparseShift;
    for (let n = sampleOne(fixed, dense.length, q); n > 0; n--)
      out[offset + sparse[invert(sparseCdf, 0, sparseGuide, 0, shift, 0, q)]]++;
  }
}

/** BinSampler's tables for the means per bin. */
function binSamplerTables(meansPerBin: ArrayLike<number>): BinSamplerTables {
  const bins = meansPerBin.length;
  const dense: number[] = [];
  const sparse: number[] = [];
  for (let b = 0; b < bins; b++) {
    const mu = meansPerBin[b];
    checkMean(mu, `meansPerBin[${b}]`);
    (mu > 0 && mu <= SPARSE_MAX_MEAN_COUNTS ? sparse : dense).push(b);
  }
  if (sparse.length < 2) {
    dense.push(...sparse);
    dense.sort((x, y) => x - y);
    sparse.length = 0;
  }
  const denseMeans = dense.map((b) => meansPerBin[b]);
  const tables = (
    fixed: FixedMeanTables,
    sparseCdf: Float64Array,
    sparseGuide: Int32Array,
    sparseExpected = 0,
  ) => ({
    bins,
    sparseExpected,
    fixed,
    denseBins: concat(shared(Int32Array, dense.length), [Int32Array.from(dense)]),
    sparseBins: concat(shared(Int32Array, sparse.length), [Int32Array.from(sparse)]),
    sparseCdf,
    sparseGuide,
  });
  if (sparse.length === 0)
    return tables(fixedMeanTables(denseMeans), new Float64Array(0), new Int32Array(0));
  const sparseTotal = compensatedSum(sparse.map((b) => meansPerBin[b]));
  const cdf = cumulative(Float64Array.from(sparse, (b) => meansPerBin[b] / sparseTotal));
  const guide = buildGuide(cdf, 0, 2, (cells) => new Int32Array(cells));
  return tables(
    fixedMeanTables([...denseMeans, sparseTotal]),
    concat(shared(Float64Array, cdf.length), [cdf]),
    concat(shared(Int32Array, guide.length), [guide]),
    sparseTotal,
  );
}
