/**
 * The few statistics the plots and `renp inspect` need: the regularized incomplete gamma function,
 * Garwood (exact, central) Poisson intervals and the chi-square survival function.
 * Series / continued fraction as in Numerical Recipes (gser, gcf), Lanczos log-gamma.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized lower incomplete gamma P(a, x), a > 0, x >= 0. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.min(1, sum * Math.exp(-x + a * Math.log(x) - logGamma(a)));
  }
  return 1 - gammaQ(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 - P(a, x). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) return 1 - gammaP(a, x);
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
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
  return Math.max(0, Math.exp(-x + a * Math.log(x) - logGamma(a)) * h);
}

/** P(X <= n) for X ~ Poisson(mu): Q(n + 1, mu). */
export const poissonCdf = (n: number, mu: number): number => (n < 0 ? 0 : gammaQ(n + 1, mu));

/** Survival function of the chi-square distribution with k degrees of freedom. */
export const chiSquareSf = (x: number, k: number): number => (x <= 0 ? 1 : gammaQ(k / 2, x / 2));

function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** 1-sigma central probability, 0.6827. */
export const ONE_SIGMA = 0.6826894921370859;

/**
 * Garwood's exact central interval for a Poisson mean given n observed counts:
 * P(X >= n | lo) = (1-cl)/2 and P(X <= n | hi) = (1-cl)/2 (lo = 0 for n = 0).
 */
export function garwoodInterval(n: number, cl = ONE_SIGMA): [number, number] {
  const tail = (1 - cl) / 2;
  const span = 10 + 10 * Math.sqrt(n + 1);
  // P(X <= n | mu) decreases in mu: the upper limit is where it falls to `tail`.
  const hi = bisect((mu) => poissonCdf(n, mu) - tail, n, n + span);
  // P(X >= n | mu) = 1 - P(X <= n-1 | mu) increases in mu: the lower limit is where it reaches `tail`.
  const lo =
    n === 0 ? 0 : bisect((mu) => tail - (1 - poissonCdf(n - 1, mu)), Math.max(0, n - span), n);
  return [lo, hi];
}
