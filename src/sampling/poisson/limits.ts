/**
 * The range of means renp's Poisson samplers accept, and where each method takes over (counts
 * are int32; the samplers are exact: see sampling/poisson.ts).
 */

/** The largest mean accepted: counts then stay far below 2^31 - 1. */
export const MAX_MEAN_COUNTS = 1e9;

/**
 * Fixed means up to this use table inversion; above, PTRS. A table spans about +-9 sigma: ~31 KB
 * a bin at 1e4 (cumulative table and guide), ~110 KB at 1e5. Measured with 100 bins of one mean,
 * against PTRS with tabulated squeezes: tables draw 1.45x as fast at 1e4, 1.2x at 1e5, 0.56x at
 * 3e5; the cutoff also keeps the tables' memory small.
 */
export const TABLE_MAX_MEAN_COUNTS = 1e4;

/**
 * Table entries (cumulative table plus guide) one FixedMeanSamplers may hold for means of at least
 * PTRS_MIN_MEAN_COUNTS: 2^22 entries, at most 48 MB. Further such means use PTRS, which keeps
 * ~0.2 KB a bin whatever the mean, so a run's memory per bin does not depend on how many tables
 * its means would ask for (a table at a mean of 1e4 is ~31 KB). Smaller means always get a table
 * (a few dozen entries). The choice depends on the means alone, in bin order: deterministic.
 * A guide counts in 4-byte entries: its int16 cells, twice as many as an int32 guide of 2n cells
 * would have, take the same bytes (and so the same bins get tables as with such guides).
 */
export const TABLE_BUDGET_ENTRIES = 2 ** 22;

/** Below this mean samplePoisson inverts sequentially; PTRS needs a mean of at least 10. */
export const PTRS_MIN_MEAN_COUNTS = 10;

/** The width of the cell of finer uniforms a 32-bit uniform stands for. */
export const TWO_POW_MINUS_32 = 2 ** -32;

/** Throws a RangeError unless 0 <= meanCounts <= MAX_MEAN_COUNTS (`what` names the value). */
export function checkMean(meanCounts: number, what: string): void {
  if (!(meanCounts >= 0 && meanCounts <= MAX_MEAN_COUNTS)) {
    throw new RangeError(`${what} must be a number in [0, ${MAX_MEAN_COUNTS}], got ${meanCounts}`);
  }
}
