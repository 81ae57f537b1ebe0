/**
 * Sensitivity sketch (docs/physics/sensitivity.md): the smallest BSM coupling that moves the
 * expected counts of a scenario by one standard deviation, Asimov style,
 *
 *   chi2(c) = sum_k (mu_k(c) - mu_k(0))^2 / mu_k(0) = 1,
 *
 * mu_k the expected total counts of bin k (signal plus backgrounds, efficiency applied) from
 * computeExpectation, mu_k(0) the same scenario with `bsm: {}` (the Asimov data set of the SM).
 * A bin with mu_k(0) = 0 (above every threshold, no background) adds the Poisson deviance of
 * observing its 0 Asimov events under the BSM hypothesis, 2 mu_k(c) (the Pearson term would be
 * infinite; for mu_k(0) > 0 and small changes the deviance and the Pearson term agree).
 *
 * A model family maps one real coupling product c to a `bsm` object; the solver brackets the first
 * crossing chi2 = 1 by decades of |c| from below and bisects on log |c|.
 */
import type { ResolvedScenario } from "../scenario/load.js";
import type { Bsm } from "../scenario/bsm.js";
import { familyBsm, type SensitivityFamily } from "./families.js";
export { familyBsm, couplingName, type SensitivityFamily } from "./families.js";
import { computeExpectation } from "../expectation.js";

/**
 * Which Asimov statistic: "pearson" sum (mu - mu0)^2 / mu0 (the default; docs/physics/sensitivity.md, "Definition"), or
 * "poisson" the likelihood-ratio deviance 2 sum [mu - mu0 + mu0 ln(mu0/mu)] of the SM Asimov data mu0
 * under the BSM hypothesis mu. The two agree for small relative changes; the deviance does not
 * over-weight bins with mu0 << 1 (near the thresholds) when the change there is large.
 */
export type AsimovStatistic = "pearson" | "poisson";

/**
 * Asimov chi2 of `mu` against the reference `mu0`. A bin with mu0 = 0 adds 2 mu (the Poisson
 * deviance of its 0 Asimov events; the Pearson term would be infinite) with either statistic.
 */
export function asimovChi2(
  mu: ArrayLike<number>,
  mu0: ArrayLike<number>,
  statistic: AsimovStatistic = "pearson",
): number {
  if (mu.length !== mu0.length)
    throw new RangeError(`bin count mismatch: ${mu.length} vs ${mu0.length}`);
  let chi2 = 0;
  for (let k = 0; k < mu.length; k++) {
    const m0 = mu0[k];
    const m = mu[k];
    if (!(m0 > 0)) {
      chi2 += 2 * m;
    } else if (statistic === "pearson") {
      chi2 += ((m - m0) * (m - m0)) / m0;
    } else {
      // 2 [m - m0 - m0 ln(m/m0)] = 2 m0 (r - ln(1 + r)), r = m/m0 - 1; a series for small r.
      const r = (m - m0) / m0;
      const g =
        Math.abs(r) < 1e-3
          ? r * r * (0.5 - r / 3 + (r * r) / 4 - (r * r * r) / 5)
          : r - Math.log1p(r);
      chi2 += m > 0 ? 2 * m0 * g : Infinity;
    }
  }
  return chi2;
}

/** The scenario with its `bsm` replaced. */
export const withBsm = (scenario: ResolvedScenario, bsm: Bsm): ResolvedScenario => ({
  ...scenario,
  bsm,
});

/** Expected total counts per bin of the scenario with `bsm` in place of its own. */
export const expectedCounts = (scenario: ResolvedScenario, bsm: Bsm): Float64Array =>
  computeExpectation(withBsm(scenario, bsm)).muTotal;

/** chi2 of the family at coupling c against the SM counts `mu0` (computed once by the caller). */
export function familyChi2(
  scenario: ResolvedScenario,
  family: SensitivityFamily,
  c: number,
  mu0: ArrayLike<number>,
  statistic: AsimovStatistic = "pearson",
): number {
  return asimovChi2(expectedCounts(scenario, familyBsm(family, c)), mu0, statistic);
}

export interface SolveOptions {
  /** Sign of c (the interference of the vector, pseudo-scalar and non-unitarity families depends on it). */
  sign?: 1 | -1;
  /** |c| where the upward search starts; stepped down first if chi2 there is already >= target. */
  startCoupling?: number;
  /** Give up (coupling = Infinity) when chi2 stays below target up to this |c|. */
  maxCoupling?: number;
  /** chi2 target, 1 for one standard deviation. */
  target?: number;
  /** Relative accuracy of |c|. */
  relTol?: number;
  /** SM counts, if already computed. */
  mu0?: ArrayLike<number>;
  /** Default "pearson". */
  statistic?: AsimovStatistic;
}

export interface SensitivityResult {
  family: SensitivityFamily;
  /** Signed c with chi2(c) = target (within relTol), or +-Infinity if not reached below maxCoupling. */
  coupling: number;
  chi2: number;
  evaluations: number;
}

/**
 * The smallest |c| (with the given sign) where chi2 first reaches `target`: decade steps up from
 * `startCoupling` bracket the first crossing, then bisection on log |c|. chi2 rises from 0 like
 * c^2 (interference) or c^4 (squared terms only) and a dip back below the target needs the BSM
 * amplitude to undo the SM one, far beyond one standard deviation, so the first crossing is
 * inside the first decade that reaches the target.
 */
export function solveSensitivity(
  scenario: ResolvedScenario,
  family: SensitivityFamily,
  options: SolveOptions = {},
): SensitivityResult {
  const sign = options.sign ?? 1;
  const target = options.target ?? 1;
  const maxCoupling = options.maxCoupling ?? 1e6;
  const relTol = options.relTol ?? 1e-4;
  const mu0 = options.mu0 ?? expectedCounts(scenario, {});
  let evaluations = 0;
  const chi2 = (abs: number): number => {
    evaluations++;
    return familyChi2(scenario, family, sign * abs, mu0, options.statistic);
  };

  let lo = options.startCoupling ?? 1e-30;
  let fLo = chi2(lo);
  for (let k = 0; fLo >= target; k++) {
    if (k > 60) throw new Error(`sensitivity: chi2 >= ${target} even at |c| = ${lo}`);
    lo /= 10;
    fLo = chi2(lo);
  }
  let hi = lo * 10;
  let fHi = chi2(hi);
  while (!(fHi >= target)) {
    if (!Number.isFinite(fHi)) throw new Error(`sensitivity: chi2 = ${fHi} at |c| = ${hi}`);
    if (hi > maxCoupling) return { family, coupling: sign * Infinity, chi2: fHi, evaluations };
    lo = hi;
    fLo = fHi;
    hi *= 10;
    fHi = chi2(hi);
  }
  while (hi / lo - 1 > relTol) {
    const mid = Math.sqrt(lo * hi);
    const f = chi2(mid);
    if (f >= target) {
      hi = mid;
      fHi = f;
    } else {
      lo = mid;
      fLo = f;
    }
  }
  // Log-linear interpolation of log chi2 inside the final bracket.
  const t = fLo > 0 && fHi > fLo ? Math.log(target / fLo) / Math.log(fHi / fLo) : 1;
  const c = lo * Math.pow(hi / lo, Math.min(1, Math.max(0, t)));
  return { family, coupling: sign * c, chi2: chi2(c), evaluations };
}

/** Both signs; `best` is the one with the smaller |c|. */
export function solveBothSigns(
  scenario: ResolvedScenario,
  family: SensitivityFamily,
  options: Omit<SolveOptions, "sign"> = {},
): { plus: SensitivityResult; minus: SensitivityResult; best: SensitivityResult } {
  const mu0 = options.mu0 ?? expectedCounts(scenario, {});
  const plus = solveSensitivity(scenario, family, { ...options, mu0, sign: 1 });
  const minus = solveSensitivity(scenario, family, { ...options, mu0, sign: -1 });
  return { plus, minus, best: Math.abs(plus.coupling) <= Math.abs(minus.coupling) ? plus : minus };
}

/** Log-spaced grid of n points from a to b inclusive. */
export function logGrid(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  const la = Math.log10(a);
  const step = (Math.log10(b) - la) / (n - 1);
  return Array.from({ length: n }, (_, k) => Math.pow(10, la + k * step));
}
