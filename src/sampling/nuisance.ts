/**
 * Nuisance draws: one value per systematic and toy, from the toy's own stream, before its counts
 * (docs/architecture.md, "Determinism"). Priors (experiment/systematics.ts):
 * - scale parameters (signalNorm, backgroundNorm, efficiencyScale), nominal 1:
 *   gaussian 1 + sigma z truncated to >= 0 by rejection; lognormal exp(sigma z) (median 1);
 *   uniform on [min, max).
 * - omegaOffsetEv, nominal 0: gaussian sigma z truncated to |z| <= OFFSET_GAUSSIAN_CUT_SIGMA by
 *   rejection (so a finite grid of precomputed offsets covers every draw; the cut removes
 *   1.2e-15 of the prior); uniform on [min, max).
 * Every variate uses 53-bit uniforms (uniform53): the 32-bit stream grid is too coarse for them.
 */
import type { Prior, Systematic } from "../experiment/systematics.js";
import { uniform53, type Uniform } from "./streams.js";

/** Gaussian omega offsets are cut at this many sigma (probability 1.2e-15 removed). */
export const OFFSET_GAUSSIAN_CUT_SIGMA = 8;

/**
 * A standard normal variate by Box-Muller (G. E. P. Box, M. E. Muller, Ann. Math. Stat. 29 (1958)
 * 610), the cosine branch only: two 53-bit uniforms per variate, no state kept between calls, so
 * a toy's stream use does not depend on how many normals came before.
 */
export function standardNormal(u: Uniform): number {
  const r = Math.sqrt(-2 * Math.log(1 - uniform53(u))); // 1 - U in (0, 1]: log never sees 0
  return r * Math.cos(2 * Math.PI * uniform53(u));
}

const isOffset = (s: Systematic) => s.parameter === "omegaOffsetEv";

/**
 * The largest |z| standardNormal can return: r = sqrt(-2 ln(1 - U)) with 1 - U >= 2^-53 (a 53-bit
 * uniform), so |z| <= sqrt(106 ln 2) = 8.5717. It bounds what a gaussian or lognormal prior draws.
 */
export const MAX_ABS_STANDARD_NORMAL = Math.sqrt(-2 * Math.log(2 ** -53));

/** The largest value a scale systematic's draws can take (uniform: below max; see drawNuisance). */
export function largestScale(s: Systematic): number {
  const prior = s.prior;
  if (prior.distribution === "uniform") return prior.max;
  if (prior.distribution === "lognormal") return Math.exp(prior.sigma * MAX_ABS_STANDARD_NORMAL);
  return 1 + prior.sigma * MAX_ABS_STANDARD_NORMAL;
}

/** One draw from a systematic's prior. */
export function drawNuisance(s: Systematic, u: Uniform): number {
  const prior = s.prior;
  if (prior.distribution === "uniform") return prior.min + (prior.max - prior.min) * uniform53(u);
  if (prior.distribution === "lognormal") return Math.exp(prior.sigma * standardNormal(u));
  if (isOffset(s)) {
    for (;;) {
      const z = standardNormal(u);
      if (Math.abs(z) <= OFFSET_GAUSSIAN_CUT_SIGMA) return prior.sigma * z;
    }
  }
  for (;;) {
    const v = 1 + prior.sigma * standardNormal(u);
    if (v >= 0) return v; // a scale cannot be negative: rejection keeps the shape above 0
  }
}

/** The interval every draw of a prior lies in (closed), for tests and the offset grid. */
export function priorSupport(s: Systematic): [number, number] {
  const prior: Prior = s.prior;
  if (prior.distribution === "uniform") return [prior.min, prior.max];
  if (prior.distribution === "lognormal") return [0, Infinity];
  if (isOffset(s))
    return [-OFFSET_GAUSSIAN_CUT_SIGMA * prior.sigma, OFFSET_GAUSSIAN_CUT_SIGMA * prior.sigma];
  return [0, Infinity];
}
