/**
 * The smallest and largest of many values, by a loop: Math.min(...values) passes every value as
 * an argument, and a 100,000-bin scan (the documented maximum) overflows the call stack.
 */

/** The smallest value (Infinity for none); NaN is skipped. */
export function minOf(values: Iterable<number>): number {
  let m = Infinity;
  for (const v of values) if (v < m) m = v;
  return m;
}

/** The largest value (-Infinity for none); NaN is skipped. */
export function maxOf(values: Iterable<number>): number {
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}
