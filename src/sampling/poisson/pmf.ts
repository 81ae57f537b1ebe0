/** The Poisson pmf, in log space, and tabulated over the range that matters for a mean. */

/** The omitted tails of a tabulated pmf (poissonPmfTable) sum below this. */
const TABLE_TAIL_PROBABILITY = 2 ** -64;

// log pmf, after C. Loader, "Fast and accurate computation of binomial probabilities" (2000),
// the method of R's dpois: log p(k; mu) = -stirlerr(k) - bd0(k, mu) - log(2 pi k) / 2.
// The naive -mu + k log(mu) - log(k!) loses ~6 digits to cancellation at mu = 1e9; this form
// keeps ~1e-15 relative accuracy, which PTRS's acceptance test needs.

/**
 * stirlerr(n) = log(n!) - (n + 1/2) log(n) + n - log(2 pi) / 2, the error of Stirling's formula,
 * for n = 1..15; from mpmath at 50 digits:
 * python3 -c "import mpmath as mp; mp.mp.dps=50; [print(float(mp.loggamma(n+1)-(n+mp.mpf(1)/2)*mp.log(n)+n-mp.log(mp.sqrt(2*mp.pi)))) for n in range(1,16)]"
 */
const STIRLERR_SMALL = [
  0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093,
  0.016644691189821193, 0.013876128823070748, 0.01189670994589177, 0.010411265261972096,
  0.009255462182712733, 0.00833056343336287, 0.007573675487951841, 0.00694284010720953,
  0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
];
// Stirling series coefficients 1/12, 1/360, 1/1260, 1/1680, 1/1188 (Abramowitz & Stegun 6.1.41).
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;
const LOG_2PI = 1.8378770664093456;

export function stirlerr(n: number): number {
  if (n <= 15) return STIRLERR_SMALL[n];
  const nn = n * n;
  // Term counts as in Loader (2000) / R's stirlerr: truncation errors ~1e-16 or below.
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** bd0(x, np) = x log(x / np) + np - x, by a series when x is near np (Loader 2000). */
export function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    // x log(x/np) + np - x = (x - np) v + 2 x sum_{j>=1} v^(2j+1) / (2j+1), v = (x-np)/(x+np).
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; ; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return s;
      s = next;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/** log P(X = k) for X ~ Poisson(meanCounts), k a non-negative integer. */
export function logPoissonPmf(k: number, meanCounts: number): number {
  if (k === 0) return -meanCounts;
  if (meanCounts === 0) return -Infinity;
  return -stirlerr(k) - bd0(k, meanCounts) - 0.5 * (LOG_2PI + Math.log(k));
}

/**
 * The pmf of Poisson(mu), mu > 0, on kLo..kHi, evaluated in log space outwards from the mode
 * (exp(-mu) alone underflows above mu ~ 745). Bounds: the geometric bound on each omitted tail
 * (the pmf ratio mu/(k+1) above the mode, k/mu below, only shrinks outwards) stays below 2^-64.
 */
export function poissonPmfTable(mu: number): { kLo: number; pmf: Float64Array } {
  const mode = Math.floor(mu);
  const pmf = (k: number) => Math.exp(logPoissonPmf(k, mu));
  let kHi = mode;
  while (pmf(kHi + 1) / (1 - mu / (kHi + 2)) >= TABLE_TAIL_PROBABILITY) kHi++;
  let kLo = mode;
  while (kLo > 0 && pmf(kLo - 1) / (1 - (kLo - 1) / mu) >= TABLE_TAIL_PROBABILITY) kLo--;
  const table = new Float64Array(kHi - kLo + 1);
  for (let k = kLo; k <= kHi; k++) table[k - kLo] = pmf(k);
  return { kLo, pmf: table };
}
