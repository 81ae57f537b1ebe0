/**
 * Compensated summation: Neumaier's variant of Kahan's (A. Neumaier, ZAMM 54 (1974) 39-51). Each
 * partial sum carries the rounding error of its additions, so every result is within ~1 ulp of
 * the exact sum whatever the order and magnitudes of the terms.
 */

/** The running sums of values (entry i = values[0] + ... + values[i]), each to ~1 ulp. */
export function compensatedPrefixSums(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
    out[i] = sum + compensation;
  }
  return out;
}

/** sum(values) to ~1 ulp (0 for no values). */
export function compensatedSum(values: ArrayLike<number>): number {
  const sums = compensatedPrefixSums(values);
  return sums.length === 0 ? 0 : sums[sums.length - 1];
}
