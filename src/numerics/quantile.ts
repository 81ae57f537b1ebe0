/** Sample quantiles. */

/**
 * Quantile p of sorted values by linear interpolation between order statistics (R. J. Hyndman,
 * Y. Fan, Am. Stat. 50 (1996) 361, definition 7).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
