/** Poisson variates whose mean varies from draw to draw (per toy): no table to build. */
import { checkMean, PTRS_MIN_MEAN_COUNTS, TWO_POW_MINUS_32 } from "./limits.js";
import { ptrs, ptrsConstants, PTRS_CONSTANTS } from "./ptrs.js";
import { refine53, type Uniform } from "../streams.js";

const ptrsScratch = new Float64Array(PTRS_CONSTANTS);

/**
 * Inversion by sequential search from 0 (L. Devroye, "Non-Uniform Random Variate Generation",
 * Springer 1986, chapter III.2), for means below 10: one uniform, rarely two.
 */
function invertFromZero(meanCounts: number, u: Uniform): number {
  let x = u();
  let refined = false;
  let k = 0;
  let p = Math.exp(-meanCounts);
  let cdf = p;
  for (;;) {
    while (x >= cdf) {
      k++;
      p *= meanCounts / k;
      const next = cdf + p;
      if (next === cdf) return k; // what is left is below double resolution
      cdf = next;
    }
    // x's 32 bits stand for [x, x + 2^-32); refine once, to 53 bits, if a boundary falls inside.
    if (refined || cdf - x >= TWO_POW_MINUS_32) return k;
    x = refine53(x, u);
    refined = true;
  }
}

/**
 * One Poisson variate of any mean in [0, 1e9] (means that vary per toy). Mean 0 gives 0 and
 * consumes no uniform.
 */
export function samplePoisson(meanCounts: number, u: Uniform): number {
  checkMean(meanCounts, "meanCounts");
  if (meanCounts === 0) return 0;
  if (meanCounts < PTRS_MIN_MEAN_COUNTS) return invertFromZero(meanCounts, u);
  ptrsConstants(meanCounts, ptrsScratch, 0);
  return ptrs(ptrsScratch, 0, u);
}
