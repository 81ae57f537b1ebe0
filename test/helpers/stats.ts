/**
 * Statistics for the samplers' tests: chi-square survival function, chi-square goodness of fit,
 * one-sample Kolmogorov-Smirnov test against U(0, 1), Pearson correlation. Checked against scipy
 * in test/sampling/poisson.test.ts ("test helpers").
 */

// log Gamma and the regularized incomplete gamma come from the library (checked against scipy in
// test/plot/stats.test.ts); the helpers below only add the tests built on them.
import { gammaQ } from "../../src/numerics/stats.js";
export { gammaQ, logGamma } from "../../src/numerics/stats.js";

export const chiSquareSurvival = (x: number, dof: number): number => gammaQ(dof / 2, x / 2);

export interface ChiSquareResult {
  statistic: number;
  dof: number;
  p: number;
  cells: number;
}

/**
 * Pearson's chi-square test of observed counts against expected counts (same total), cells pooled
 * left to right until each expects at least `minExpected` (a short last cell joins the previous).
 */
export function chiSquareTest(
  observed: ArrayLike<number>,
  expected: ArrayLike<number>,
  minExpected = 5,
): ChiSquareResult {
  const pooledO: number[] = [];
  const pooledE: number[] = [];
  let o = 0;
  let e = 0;
  for (let i = 0; i < expected.length; i++) {
    o += observed[i];
    e += expected[i];
    if (e >= minExpected) {
      pooledO.push(o);
      pooledE.push(e);
      o = 0;
      e = 0;
    }
  }
  if (pooledE.length === 0)
    throw new Error("chiSquareTest: fewer than minExpected counts expected in all");
  pooledO[pooledO.length - 1] += o;
  pooledE[pooledE.length - 1] += e;
  let statistic = 0;
  for (let i = 0; i < pooledE.length; i++) statistic += (pooledO[i] - pooledE[i]) ** 2 / pooledE[i];
  const dof = pooledE.length - 1;
  return {
    statistic,
    dof,
    p: dof > 0 ? chiSquareSurvival(statistic, dof) : 1,
    cells: pooledE.length,
  };
}

/**
 * One-sample Kolmogorov-Smirnov test of values against U(0, 1): D_n and its p-value from the
 * Kolmogorov distribution with Stephens' small-n correction, lambda = (sqrt(n) + 0.12 +
 * 0.11/sqrt(n)) D (M. A. Stephens, JRSS B 32 (1970) 115; Numerical Recipes 3rd ed., 14.3.3).
 */
export function ksUniform(values: ArrayLike<number>): { d: number; p: number } {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) d = Math.max(d, (i + 1) / n - sorted[i], sorted[i] - i / n);
  const lambda = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
  return { d, p: kolmogorovSurvival(lambda) };
}

/** Q_KS(lambda) = 2 sum_{j>=1} (-1)^(j-1) exp(-2 j^2 lambda^2). */
function kolmogorovSurvival(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += j % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** Pearson's sample correlation of two equally long series. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
