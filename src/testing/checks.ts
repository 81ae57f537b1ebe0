/**
 * Statistical checks a test can assert on: plain arrays in, a result with `pass`, the statistic
 * and its p-value out. Each check fails a correct input with probability `falseFailureRate`
 * (the `alpha` option): choose it for the number of times a suite runs the check (a property with
 * 100 runs and alpha 1e-4 fails a correct code with probability 1e-2 on some seed; a fixed seed
 * makes that a one-off decision). The rates are approximate where a p-value is asymptotic (said
 * per check) and were measured on many correct samples in test/testing/checks.test.ts.
 * The derivations are in docs/testing.md ("The checks").
 */
import { poissonCdf } from "../numerics/stats.js";
import {
  binomialBand,
  binomialTails,
  chiSquareCdf,
  chiSquareSf,
  chiSquareTwoSided,
  ksTest,
  normalCdf,
  normalTwoSided,
  poolCells,
} from "./stats.js";

/** What every check returns. */
export interface CheckResult {
  /** False with probability `falseFailureRate` when the hypothesis holds. */
  pass: boolean;
  /**
   * The check's p-value: the smallest of its parts' p-values times the number of parts
   * (Bonferroni), at most 1. `pass` is `pValue >= falseFailureRate`.
   */
  pValue: number;
  /** The main statistic (named per check). */
  statistic: number;
  /** The probability that a correct input fails (the alpha the check was run with). */
  falseFailureRate: number;
  /** One line for an assertion message. */
  summary: string;
}

export interface CheckOptions {
  /** The false-failure rate (significance level). Default 1e-3. */
  alpha?: number;
}

const DEFAULT_ALPHA = 1e-3;

function alphaOf(options: CheckOptions): number {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${alpha}`);
  return alpha;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

/** A chi-square test with its degrees of freedom and p-value. */
export interface ChiSquarePart {
  statistic: number;
  dof: number;
  pValue: number;
}

export interface PoissonConsistencyResult extends CheckResult {
  /** Counts per pooled cell (summed over toys) against their means: chi2(cells). */
  mean: ChiSquarePart & { cells: number };
  /** Fisher's index of dispersion per pooled cell, summed: chi2(sum (toys - 1)), two-sided. */
  variance: ChiSquarePart & { cells: number };
  /** Bins whose mean is 0 but which counted; any makes the check fail (pValue 0). */
  countsWhereMeanIsZero: number[];
}

/** Per-cell expected counts summed over toys below this pool with their neighbours (mean part). */
export const MEAN_CELL_MIN_COUNTS = 25;
/** Per-toy means below this pool with their neighbours (variance part). */
export const VARIANCE_CELL_MIN_MEAN = 5;

/**
 * Are toy counts Poisson with the given means? Two parts, each at alpha/2:
 * - mean: bins pooled left to right until each cell expects >= 25 counts over all toys
 *   (MEAN_CELL_MIN_COUNTS); X = sum (S_c - E_c)^2 / E_c ~ chi2(cells) (Pearson). When all the
 *   data expect fewer than 25 counts, one cell and the exact two-sided Poisson p-value instead.
 * - variance: bins pooled until each cell's per-toy mean is >= 5 (VARIANCE_CELL_MIN_MEAN); per
 *   cell Fisher's index of dispersion D_c = sum_t (x_tc - xbar_c)^2 / xbar_c ~ chi2(toys - 1)
 *   (R. A. Fisher, Statistical Methods for Research Workers (1925), the variance test of a
 *   Poisson sample); their sum against chi2(sum of dofs), two-sided: too little scatter fails as
 *   well as too much.
 * The false-failure rate is alpha up to the chi-square approximations (measured in
 * test/testing/checks.test.ts).
 *
 * @param counts one array per toy, each with one count per bin
 * @param means the Poisson mean of each bin (the same for every toy)
 */
export function poissonConsistency(
  counts: ArrayLike<ArrayLike<number>>,
  means: ArrayLike<number>,
  options: CheckOptions = {},
): PoissonConsistencyResult {
  const alpha = alphaOf(options);
  const toys = counts.length;
  const bins = means.length;
  if (toys < 2) throw new RangeError(`poissonConsistency needs at least 2 toys, got ${toys}`);
  for (let k = 0; k < bins; k++) {
    if (!(means[k] >= 0 && Number.isFinite(means[k])))
      throw new RangeError(`means[${k}] = ${means[k]} is not a finite non-negative mean`);
  }
  const sums = new Float64Array(bins);
  for (let t = 0; t < toys; t++) {
    const row = counts[t];
    if (row.length !== bins)
      throw new RangeError(`counts[${t}] has ${row.length} bins, means has ${bins}`);
    for (let k = 0; k < bins; k++) sums[k] += row[k];
  }
  const countsWhereMeanIsZero: number[] = [];
  for (let k = 0; k < bins; k++) if (means[k] === 0 && sums[k] !== 0) countsWhereMeanIsZero.push(k);

  // Mean part.
  const expected = Float64Array.from(means, (m) => m * toys);
  const pooled = poolCells(sums, expected, MEAN_CELL_MIN_COUNTS);
  let meanPart: ChiSquarePart & { cells: number };
  if (pooled.expected.length === 1 && pooled.expected[0] < MEAN_CELL_MIN_COUNTS) {
    const [s, e] = [pooled.observed[0], pooled.expected[0]];
    const below = e > 0 ? poissonCdf(s, e) : 1;
    const above = e > 0 ? (s > 0 ? 1 - poissonCdf(s - 1, e) : 1) : s > 0 ? 0 : 1;
    meanPart = {
      statistic: e > 0 ? (s - e) ** 2 / e : 0,
      dof: 1,
      pValue: Math.min(1, 2 * Math.min(below, above)),
      cells: 1,
    };
  } else {
    let x = 0;
    for (let c = 0; c < pooled.expected.length; c++)
      x += (pooled.observed[c] - pooled.expected[c]) ** 2 / pooled.expected[c];
    const dof = pooled.expected.length;
    meanPart = { statistic: x, dof, pValue: chiSquareSf(x, dof), cells: dof };
  }

  // Variance part: cells by per-toy mean.
  const cells = poolCells(sums, means, VARIANCE_CELL_MIN_MEAN).members;
  let dispersion = 0;
  let dispersionDof = 0;
  let used = 0;
  for (const members of cells) {
    let total = 0;
    for (const k of members) total += sums[k];
    if (total === 0) continue; // no counts: D is 0/0 and says nothing
    const xbar = total / toys;
    let ss = 0;
    for (let t = 0; t < toys; t++) {
      let x = 0;
      for (const k of members) x += counts[t][k];
      ss += (x - xbar) ** 2;
    }
    dispersion += ss / xbar;
    dispersionDof += toys - 1;
    used++;
  }
  const variancePart = {
    statistic: dispersion,
    dof: dispersionDof,
    pValue: dispersionDof > 0 ? chiSquareTwoSided(dispersion, dispersionDof) : 1,
    cells: used,
  };

  const pValue =
    countsWhereMeanIsZero.length > 0
      ? 0
      : Math.min(1, 2 * Math.min(meanPart.pValue, variancePart.pValue));
  const summary =
    `poissonConsistency: ${pValue >= alpha ? "pass" : "FAIL"} (p = ${fmt(pValue)}, alpha = ${alpha}); ` +
    `mean chi2 = ${fmt(meanPart.statistic)} / ${meanPart.dof} cells (p = ${fmt(meanPart.pValue)}), ` +
    `dispersion = ${fmt(variancePart.statistic)} / ${variancePart.dof} dof (p = ${fmt(variancePart.pValue)})` +
    (countsWhereMeanIsZero.length
      ? `; counts in zero-mean bins ${countsWhereMeanIsZero.join(", ")}`
      : "");
  return {
    pass: pValue >= alpha,
    pValue,
    statistic: meanPart.statistic,
    falseFailureRate: alpha,
    summary,
    mean: meanPart,
    variance: variancePart,
    countsWhereMeanIsZero,
  };
}

export interface PullResult extends CheckResult {
  /** Mean of the pulls and its standard error 1/sqrt(n) under N(0, 1). */
  mean: number;
  meanError: number;
  /** Sample standard deviation of the pulls and its approximate standard error 1/sqrt(2(n-1)). */
  width: number;
  widthError: number;
  /** Kolmogorov-Smirnov distance to N(0, 1) and its p-value. */
  ks: { statistic: number; pValue: number };
  /** The parts' p-values: mean (normal, exact), width (chi2(n-1), two-sided, exact), KS (asymptotic). */
  pValues: { mean: number; width: number; ks: number };
}

/**
 * Are pulls (estimate - truth) / error distributed as N(0, 1)? Three parts, each at alpha/3:
 * the mean (z = mean sqrt(n), exact under N(0, 1)), the width ((n - 1) s^2 ~ chi2(n - 1),
 * two-sided, exact under N(0, 1)) and a Kolmogorov-Smirnov test against N(0, 1) (asymptotic with
 * Stephens' correction, so for n >= ~20). The `statistic` is the KS distance.
 * False-failure rate: at most alpha (Bonferroni; the KS part is approximate).
 * @param pulls at least 2 finite values
 */
export function pullCheck(pulls: ArrayLike<number>, options: CheckOptions = {}): PullResult {
  const alpha = alphaOf(options);
  const n = pulls.length;
  if (n < 2) throw new RangeError(`pullCheck needs at least 2 pulls, got ${n}`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(pulls[i])) throw new RangeError(`pulls[${i}] = ${pulls[i]} is not finite`);
    sum += pulls[i];
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (pulls[i] - mean) ** 2;
  const width = Math.sqrt(ss / (n - 1));
  const ks = ksTest(pulls, normalCdf);
  const pValues = {
    mean: normalTwoSided(mean * Math.sqrt(n)),
    width: chiSquareTwoSided(ss, n - 1),
    ks: ks.p,
  };
  const pValue = Math.min(1, 3 * Math.min(pValues.mean, pValues.width, pValues.ks));
  return {
    pass: pValue >= alpha,
    pValue,
    statistic: ks.d,
    falseFailureRate: alpha,
    summary:
      `pullCheck: ${pValue >= alpha ? "pass" : "FAIL"} (p = ${fmt(pValue)}, alpha = ${alpha}); n = ${n}, ` +
      `mean = ${fmt(mean)} +- ${fmt(1 / Math.sqrt(n))}, width = ${fmt(width)} +- ${fmt(1 / Math.sqrt(2 * (n - 1)))}, ` +
      `KS D = ${fmt(ks.d)} (p = ${fmt(ks.p)})`,
    mean,
    meanError: 1 / Math.sqrt(n),
    width,
    widthError: 1 / Math.sqrt(2 * (n - 1)),
    ks: { statistic: ks.d, pValue: ks.p },
    pValues,
  };
}

export interface CoverageOptions extends CheckOptions {
  /** Pass any coverage above the band too (a conservative interval): one-sided at alpha. Default false. */
  allowOvercoverage?: boolean;
}

export interface CoverageResult extends CheckResult {
  /** Intervals that contained the truth, and how many there were. */
  hits: number;
  trials: number;
  /** hits / trials (also the `statistic`). */
  coverage: number;
  nominal: number;
  /** The band of coverages that pass: [lo, hi] / trials of Binomial(trials, nominal). */
  band: [number, number];
}

/**
 * Does a set of intervals cover the truth as often as claimed? hits ~ Binomial(trials, nominal)
 * when it does; the check passes when hits lies in the exact binomial band with at most alpha/2
 * in each tail (alpha below, with allowOvercoverage). False-failure rate: at most alpha, exactly
 * (the binomial is exact; discreteness makes the rate smaller than alpha, never larger).
 * `pValue` is the exact two-sided (one-sided with allowOvercoverage) binomial p-value.
 * @param covered one boolean per interval: did it contain the truth?
 * @param nominal the claimed coverage, in (0, 1) (0.6827 for 1 sigma)
 */
export function coverageCheck(
  covered: ArrayLike<boolean>,
  nominal: number,
  options: CoverageOptions = {},
): CoverageResult {
  const alpha = alphaOf(options);
  const trials = covered.length;
  if (trials < 1) throw new RangeError("coverageCheck needs at least one interval");
  if (!(nominal > 0 && nominal < 1))
    throw new RangeError(`nominal coverage must lie in (0, 1), got ${nominal}`);
  let hits = 0;
  for (let i = 0; i < trials; i++) if (covered[i]) hits++;
  const over = options.allowOvercoverage === true;
  const [lo, hi] = over
    ? [binomialBand(trials, nominal, alpha, 0)[0], trials]
    : binomialBand(trials, nominal, alpha / 2, alpha / 2);
  const tails = binomialTails(hits, trials, nominal);
  const pValue = over ? tails.below : Math.min(1, 2 * Math.min(tails.below, tails.above));
  const pass = hits >= lo && hits <= hi;
  return {
    pass,
    pValue,
    statistic: hits / trials,
    falseFailureRate: alpha,
    summary:
      `coverageCheck: ${pass ? "pass" : "FAIL"} (alpha = ${alpha}); ${hits}/${trials} = ${fmt(hits / trials)} ` +
      `covered, nominal ${fmt(nominal)}, band [${fmt(lo / trials)}, ${fmt(hi / trials)}] (p = ${fmt(pValue)})`,
    hits,
    trials,
    coverage: hits / trials,
    nominal,
    band: [lo / trials, hi / trials],
  };
}

export interface WilksResult extends CheckResult {
  /** Mean of the statistics (chi2(k) has mean k) and its standard error sqrt(2k/n). */
  mean: number;
  meanError: number;
  dof: number;
  /** Kolmogorov-Smirnov distance of the transformed statistics to U(0, 1) and its p-value. */
  ks: { statistic: number; pValue: number };
}

/**
 * Wilks' theorem (S. S. Wilks, Ann. Math. Stat. 9 (1938) 60): a likelihood-ratio statistic
 * -2 ln(L0 / L1) with k free parameters more in L1 is, for large samples and away from
 * boundaries, chi2(k). The check transforms each statistic with the chi2(k) distribution function
 * and tests the results for uniformity (Kolmogorov-Smirnov, asymptotic: n >= ~20); the `statistic`
 * is the KS distance. False-failure rate: alpha (approximately, KS asymptotics). Values below 0 (a
 * fit that fell short of the minimum) count as 0.
 * @param statistics one test statistic per toy
 * @param dof k, the number of parameters the hypotheses differ by
 */
export function wilksCheck(
  statistics: ArrayLike<number>,
  dof: number,
  options: CheckOptions = {},
): WilksResult {
  const alpha = alphaOf(options);
  const n = statistics.length;
  if (n < 2) throw new RangeError(`wilksCheck needs at least 2 statistics, got ${n}`);
  if (!(dof > 0)) throw new RangeError(`dof must be positive, got ${dof}`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(statistics[i])) throw new RangeError(`statistics[${i}] is NaN`);
    sum += Math.max(0, statistics[i]);
  }
  const ks = ksTest(statistics, (x) => (x <= 0 ? 0 : chiSquareCdf(x, dof)));
  const mean = sum / n;
  return {
    pass: ks.p >= alpha,
    pValue: ks.p,
    statistic: ks.d,
    falseFailureRate: alpha,
    summary:
      `wilksCheck: ${ks.p >= alpha ? "pass" : "FAIL"} (p = ${fmt(ks.p)}, alpha = ${alpha}); n = ${n}, ` +
      `mean = ${fmt(mean)} +- ${fmt(Math.sqrt((2 * dof) / n))} against chi2(${dof})'s ${dof}, KS D = ${fmt(ks.d)}`,
    mean,
    meanError: Math.sqrt((2 * dof) / n),
    dof,
    ks: { statistic: ks.d, pValue: ks.p },
  };
}
