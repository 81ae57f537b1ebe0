/**
 * Fixed means: inversion of cumulative tables with guide tables (C.-C. Chen, K.-Y. Asau, "On
 * generating random variates from an empirical distribution", AIIE Transactions 6 (1974)
 * 163-166; Devroye 1986, chapter III.2), many tables packed in two typed arrays (tables.ts).
 */
import { compensatedPrefixSums } from "../../numerics/sum.js";
import { TWO_POW_MINUS_32 } from "./limits.js";
import { refine53, type Uniforms } from "../streams.js";

/**
 * The guide of a cumulative table of n entries, the last +Infinity, for outcomes kAt + i:
 * M = 2^ceil(log2(cellsPerEntry n)) cells (a power of 2, so that the cell of a 32-bit word w is
 * w >>> (32 - log2 M), and j / M is exact). For cell [j/M, (j+1)/M) let i be the first index with
 * cdf[i] > j/M. If cdf[i] >= (j+1)/M too, the whole cell inverts to i and guide[j] = kAt + i, the
 * outcome itself (>= 0); otherwise guide[j] = ~i (< 0), where the search starts. For Poisson
 * tables most cells are whole (each central k spans many cells), so most draws read only the
 * guide; a search makes an expected <= 1 + n/M comparisons.
 */
export function buildGuide<T extends Int16Array | Int32Array>(
  cdf: Float64Array,
  kAt: number,
  cellsPerEntry: number,
  make: (cells: number) => T,
): T {
  const M = 2 ** Math.ceil(Math.log2(cellsPerEntry * cdf.length));
  const guide = make(M);
  let i = 0;
  for (let j = 0; j < M; j++) {
    while (cdf[i] <= j / M) i++;
    guide[j] = cdf[i] >= (j + 1) / M ? kAt + i : ~i;
  }
  return guide;
}

/**
 * Guide cells per table entry for the Poisson tables, whose guides are int16 (outcomes up to
 * ~1.1e4 at TABLE_MAX_MEAN_COUNTS, search starts up to ~2e3). What limits the speed is the
 * guides' size in the cache (a toy reads one random cell of each bin's guide), then the share of
 * draws that need a search: 4 cells an entry gives 1.5% (mean 0.5) to 7% (mean 10) searches in
 * 0.1-0.5 kB a bin, and 1000 such bins stay within a 1 MB L2 cache. Measured with 1000 bins of
 * means 1-10 (int32 guides): 2 cells an entry 70-100 M draws/s; 16, ~55; 64, ~25.
 */
export const CELLS_PER_ENTRY = 4;

/** The shift that takes a 32-bit word to its cell of a guide of `cells` cells (a power of 2). */
export const guideShift = (cells: number) => 32 - Math.log2(cells);

/**
 * The cumulative sums of `weights` (which sum to ~1) with the last entry set to +Infinity, so the
 * last cell takes what the weights leave out and a search always stops. Compensated sums keep
 * every entry within ~1 ulp of the exact sum, so no cell gains or loses mass to rounding drift.
 */
export function cumulative(weights: Float64Array): Float64Array {
  const cdf = compensatedPrefixSums(weights);
  cdf[cdf.length - 1] = Infinity;
  return cdf;
}

/**
 * The search of an inversion whose guide cell was not whole: the outcome i + kOffset, i the index
 * with cdf[i - 1] <= x < cdf[i], from index `from` on, for the 32-bit uniform x = word / 2^32.
 * x stands for the cell [x, x + 2^-32) of finer uniforms, which lies inside one guide cell: the
 * search decides unless cdf[i] falls inside x's cell, and only then are 21 more bits drawn.
 */
export function search(
  cdf: Float64Array,
  from: number,
  word: number,
  kOffset: number,
  q: Uniforms,
) {
  let x = word * TWO_POW_MINUS_32;
  let i = from;
  while (x >= cdf[i]) i++;
  if (cdf[i] - x < TWO_POW_MINUS_32) {
    x = refine53(x, q.uniform); // x is now a 53-bit uniform, exactly
    while (x >= cdf[i]) i++;
  }
  return i + kOffset;
}

/**
 * Inversion with a guide of buildGuide (guide[guideAt ..], cell shift `shift`) and its table
 * cdf[cdfAt ..]: the outcome kAt + i, i the index with cdf[cdfAt + i - 1] <= x < cdf[cdfAt + i],
 * for the next uniform x of q, where kOffset = kAt - cdfAt. A whole guide cell decides at once;
 * otherwise `search`.
 */
export function invert(
  cdf: Float64Array,
  cdfAt: number,
  guide: Int16Array | Int32Array,
  guideAt: number,
  shift: number,
  kOffset: number,
  q: Uniforms,
): number {
  if (q.pos === q.end) q.refill();
  const word = q.raw[q.pos++];
  const entry = guide[guideAt + (word >>> shift)];
  return entry >= 0 ? entry : search(cdf, cdfAt + ~entry, word, kOffset, q);
}
