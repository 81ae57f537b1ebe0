/**
 * Statistics for the samplers' tests: chi-square survival function, chi-square goodness of fit,
 * one-sample Kolmogorov-Smirnov test against U(0, 1), Pearson correlation. Checked against scipy
 * in test/sampling/poisson.test.ts ("test helpers").
 */

/**
 * log Gamma(x), x > 0: Lanczos approximation, g = 7, 9 terms (the coefficients of Numerical
 * Recipes 3rd ed., section 6.1 / Boost), relative error ~1e-15; reflection is not needed here.
 */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
export function logGamma(x: number): number {
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Q(a, x) = Gamma(a, x) / Gamma(a), the regularized upper incomplete gamma function: the series
 * for P below x < a + 1, Lentz's continued fraction above (Numerical Recipes 3rd ed., 6.2).
 */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefactor = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - sum * Math.exp(logPrefactor);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logPrefactor) * h;
}

/** P(chi2_dof >= x). */
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
  if (pooledE.length === 0) throw new Error("chiSquareTest: fewer than minExpected counts expected in all");
  pooledO[pooledO.length - 1] += o;
  pooledE[pooledE.length - 1] += e;
  let statistic = 0;
  for (let i = 0; i < pooledE.length; i++) statistic += (pooledO[i] - pooledE[i]) ** 2 / pooledE[i];
  const dof = pooledE.length - 1;
  return { statistic, dof, p: dof > 0 ? chiSquareSurvival(statistic, dof) : 1, cells: pooledE.length };
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
