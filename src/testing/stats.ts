/**
 * The building blocks of the statistical checks (checks.ts), public for tests that need them on
 * their own: Pearson's chi-square test with pooled cells, the one-sample Kolmogorov-Smirnov test,
 * the standard normal and chi-square distribution functions, binomial tails and a correlation.
 * Checked against scipy in test/testing/stats.test.ts.
 */
import erfc from "@stdlib/math-base-special-erfc";
import { chiSquareSf, logGamma } from "../numerics/stats.js";

export { chiSquareSf } from "../numerics/stats.js";

/** Phi(x), the standard normal distribution function, as erfc(-x / sqrt 2) / 2 (no cancellation in the lower tail). */
export const normalCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

/** Two-sided tail probability of a standard normal z: P(|Z| >= |z|). */
export const normalTwoSided = (z: number): number => erfc(Math.abs(z) / Math.SQRT2);

/** The chi-square distribution function with k degrees of freedom, 1 - chiSquareSf(x, k). */
export const chiSquareCdf = (x: number, k: number): number => 1 - chiSquareSf(x, k);

/** Two-sided tail probability of x under chi2(k): 2 min(P(X <= x), P(X >= x)), at most 1. */
export function chiSquareTwoSided(x: number, k: number): number {
  const upper = chiSquareSf(x, k);
  return Math.min(1, 2 * Math.min(upper, 1 - upper));
}

export interface ChiSquareResult {
  statistic: number;
  dof: number;
  /** P(chi2(dof) >= statistic). */
  p: number;
  cells: number;
}

/**
 * Pearson's chi-square test of observed counts against expected counts (same total), cells pooled
 * left to right until each expects at least `minExpected` (a short last cell joins the previous).
 * dof = cells - 1 (the total is fixed).
 * @throws Error when even all cells together expect fewer than minExpected counts.
 */
export function chiSquareTest(
  observed: ArrayLike<number>,
  expected: ArrayLike<number>,
  minExpected = 5,
): ChiSquareResult {
  const { observed: o, expected: e } = poolCells(observed, expected, minExpected);
  if (e.length === 0 || e[0] < minExpected)
    throw new Error("chiSquareTest: fewer than minExpected counts expected in all");
  let statistic = 0;
  for (let i = 0; i < e.length; i++) statistic += (o[i] - e[i]) ** 2 / e[i];
  const dof = e.length - 1;
  return { statistic, dof, p: dof > 0 ? chiSquareSf(statistic, dof) : 1, cells: e.length };
}

/**
 * Sums neighbouring cells left to right until each expects at least `minExpected`; a short last
 * cell joins the previous one (or stays alone when it is the only one). `members` lists the
 * original indices of each pooled cell.
 */
export function poolCells(
  observed: ArrayLike<number>,
  expected: ArrayLike<number>,
  minExpected: number,
): { observed: number[]; expected: number[]; members: number[][] } {
  const pooledO: number[] = [];
  const pooledE: number[] = [];
  const members: number[][] = [];
  let o = 0;
  let e = 0;
  let current: number[] = [];
  for (let i = 0; i < expected.length; i++) {
    o += observed[i];
    e += expected[i];
    current.push(i);
    if (e >= minExpected) {
      pooledO.push(o);
      pooledE.push(e);
      members.push(current);
      o = 0;
      e = 0;
      current = [];
    }
  }
  if (current.length > 0) {
    if (pooledE.length === 0) {
      pooledO.push(o);
      pooledE.push(e);
      members.push(current);
    } else {
      pooledO[pooledO.length - 1] += o;
      pooledE[pooledE.length - 1] += e;
      members[members.length - 1].push(...current);
    }
  }
  return { observed: pooledO, expected: pooledE, members };
}

export interface KsResult {
  /** D_n, the largest distance between the empirical and the hypothesised distribution function. */
  d: number;
  /** Asymptotic p-value (Kolmogorov distribution with Stephens' correction). */
  p: number;
}

/**
 * One-sample Kolmogorov-Smirnov test of values against U(0, 1): D_n and its p-value from the
 * Kolmogorov distribution with Stephens' small-n correction, lambda = (sqrt(n) + 0.12 +
 * 0.11/sqrt(n)) D (M. A. Stephens, JRSS B 32 (1970) 115; Numerical Recipes 3rd ed., 14.3.3).
 */
export function ksUniform(values: ArrayLike<number>): KsResult {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) d = Math.max(d, (i + 1) / n - sorted[i], sorted[i] - i / n);
  const lambda = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
  return { d, p: kolmogorovSurvival(lambda) };
}

/** Kolmogorov-Smirnov test of values against a continuous distribution function `cdf` (the probability integral transform, then ksUniform). */
export const ksTest = (values: ArrayLike<number>, cdf: (x: number) => number): KsResult =>
  ksUniform(Array.from(values, cdf));

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

/**
 * The Binomial(n, p) probabilities P(X = k), k = 0..n, from log C(n, k) + k ln p + (n - k) ln(1 - p)
 * (0 < p < 1).
 */
export function binomialPmf(n: number, p: number): Float64Array {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n must be a count, got ${n}`);
  if (!(p > 0 && p < 1)) throw new RangeError(`p must lie in (0, 1), got ${p}`);
  const logN = logGamma(n + 1);
  const [lp, lq] = [Math.log(p), Math.log1p(-p)];
  return Float64Array.from({ length: n + 1 }, (_, k) =>
    Math.exp(logN - logGamma(k + 1) - logGamma(n - k + 1) + k * lp + (n - k) * lq),
  );
}

/**
 * The acceptance band [lo, hi] of a Binomial(n, p) count: lo the smallest k with P(X < k) <=
 * alphaLow, hi the largest with P(X > hi) <= alphaHigh. So a count outside it has probability at
 * most alphaLow + alphaHigh (the discreteness makes it smaller, never larger).
 */
export function binomialBand(
  n: number,
  p: number,
  alphaLow: number,
  alphaHigh: number,
): [number, number] {
  const pmf = binomialPmf(n, p);
  let lo = 0;
  for (let below = 0; lo < n && below + pmf[lo] <= alphaLow; lo++) below += pmf[lo];
  let hi = n;
  for (let above = 0; hi > 0 && above + pmf[hi] <= alphaHigh; hi--) above += pmf[hi];
  return [lo, hi];
}

/** P(X <= k) and P(X >= k) for X ~ Binomial(n, p). */
export function binomialTails(k: number, n: number, p: number): { below: number; above: number } {
  const pmf = binomialPmf(n, p);
  let below = 0;
  for (let i = 0; i <= k; i++) below += pmf[i];
  let above = 0;
  for (let i = n; i >= k; i--) above += pmf[i];
  return { below: Math.min(1, below), above: Math.min(1, above) };
}
