/**
 * PTRS: W. Hörmann, "The transformed rejection method for generating Poisson random variables",
 * Insurance: Mathematics and Economics 12 (1993) 39-45, algorithm PTRS (valid for mean >= 10);
 * the same constants as numpy's random_poisson_ptrs.
 */
import { bd0, logPoissonPmf, stirlerr } from "./pmf.js";
import { TWO_POW_MINUS_32 } from "./limits.js";
import { refine53, type Uniform } from "../streams.js";

export const PTRS_CONSTANTS = 8;
const SQRT_2PI = 2.5066282746310002;

/**
 * PTRS's constants for one mean: mu, a, b, alpha, v_r, then floor(mu) and mu - floor(mu) + 0.43
 * (k = floor(mu) + floor(g + shift) keeps g's digits at mu = 1e9, where floor(g + mu + 0.43)
 * would round g to 1e-7), then 1 - delta, the fast path's margin (see ptrs). No logarithm: they
 * are cheap enough to make per call for means that vary.
 */
export function ptrsConstants(mu: number, into: Float64Array, at: number): void {
  const b = 0.931 + 2.53 * Math.sqrt(mu);
  const a = -0.059 + 0.02483 * b;
  into[at] = mu;
  into[at + 1] = a;
  into[at + 2] = b;
  into[at + 3] = 1.1239 + 1.1328 / (b - 3.4);
  into[at + 4] = 0.9277 - 3.6224 / (b - 2);
  into[at + 5] = Math.floor(mu);
  into[at + 6] = mu - Math.floor(mu) + 0.43;
  // h(U) = (2a/us + b) U + shift has slope b + a/us^2 <= b + a/0.07^2 where us >= 0.07, so h grows
  // by less than delta across a 2^-32 cell of U; 1e-9 covers h's rounding (< 1e-11 at mu = 1e9).
  into[at + 7] = 1 - (TWO_POW_MINUS_32 * (b + a * (1 / 0.0049)) + 1e-9);
}

/**
 * PTRS's steps in full for the cell of 32-bit uniforms (xu, xv), with both refined to 53 bits
 * (two more calls of u): the k accepted, or -1 for a rejection.
 */
function ptrsRefined(c: Float64Array, at: number, xu: number, xv: number, u: Uniform): number {
  const mu = c[at];
  const a = c[at + 1];
  const b = c[at + 2];
  const alpha = c[at + 3];
  const vr = c[at + 4];
  const U = refine53(xu, u) - 0.5; // exact
  const V = refine53(xv, u);
  const us = 0.5 - Math.abs(U);
  const k = c[at + 5] + Math.floor(((2 * a) / us + b) * U + c[at + 6]);
  if (us >= 0.07 && V <= vr) return k; // the squeeze: accept at once
  if (k < 0 || (us < 0.013 && V > us)) return -1;
  // Accept iff log(V alpha / (a/us^2 + b)) <= log p(k). With Loader's form of log p(k) the two
  // sides share one logarithm (Math.log costs ~13 ns here). V = 0 accepts, as in numpy.
  const hatRatio = (V * alpha * us * us) / (a + b * us * us);
  const accept =
    k === 0
      ? Math.log(hatRatio) <= -mu
      : Math.log(hatRatio * SQRT_2PI * Math.sqrt(k)) <= -stirlerr(k) - bd0(k, mu);
  return accept ? k : -1;
}

/**
 * One PTRS draw. Each round first looks at 32-bit U and V: if their whole 2^-32 x 2^-32 cell lies
 * in PTRS's squeeze (us >= 0.07, V <= v_r) and maps to one k, that k is what any refinement would
 * accept. Otherwise both are refined to 53 bits and PTRS's steps run in full. So the outcome is
 * PTRS's with 53-bit uniforms, mostly at the price of two 32-bit ones.
 */
export function ptrs(c: Float64Array, at: number, u: Uniform): number {
  const a = c[at + 1];
  const b = c[at + 2];
  const vr = c[at + 4];
  const base = c[at + 5];
  const shift = c[at + 6];
  const oneMinusDelta = c[at + 7];
  for (;;) {
    const xu = u();
    const xv = u();
    if (xv + TWO_POW_MINUS_32 <= vr && xu >= 0.07 && xu + TWO_POW_MINUS_32 <= 0.93) {
      const U0 = xu - 0.5;
      const h = ((2 * a) / (0.5 - Math.abs(U0)) + b) * U0 + shift;
      const k = Math.floor(h);
      if (h - k < oneMinusDelta) return base + k;
    }
    const k = ptrsRefined(c, at, xu, xv, u);
    if (k >= 0) return k;
  }
}

// For a fixed mean PTRS can afford tighter squeezes, tabulated once. PTRS accepts k = k(U) iff
// V <= A(U) = p(k(U)) (a/us^2 + b) / alpha. Over each of SQUEEZE_BUCKETS equal buckets of U,
// bounds lo <= A(U) <= hi follow from the bucket's ends (across a bucket, on one side of U = 0,
// k(U) and 1/us move monotonically and p is unimodal). A 32-bit cell with V wholly below lo then
// accepts, and one wholly above hi rejects, without a logarithm or more bits: 5% of rounds need
// PTRS's full steps instead of 20%. Measured at mean 1e6, 100 bins: 1.4-1.7x the draws/s of
// plain ptrs; 256 buckets (6 KB a bin) did better than 128, 512 or 1024.

const SQUEEZE_BUCKETS = 256;
export const SQUEEZE_VALUES = 3 * SQUEEZE_BUCKETS;

/** Per bucket of U: lo, hi and the k-margin 1 - delta (as in ptrsConstants) of ptrsSqueezed. */
export function ptrsSqueezes(
  c: Float64Array,
  at: number,
  into: Float64Array,
  intoAt: number,
): void {
  const mu = c[at];
  const a = c[at + 1];
  const b = c[at + 2];
  const alpha = c[at + 3];
  const base = c[at + 5];
  const shift = c[at + 6];
  const pmf = (k: number) => (k < 0 ? 0 : Math.exp(logPoissonPmf(k, mu)));
  const hat = (us: number) => (a / (us * us) + b) / alpha;
  const x = (U: number) => ((2 * a) / (0.5 - Math.abs(U)) + b) * U + shift;
  for (let j = 0; j < SQUEEZE_BUCKETS; j++) {
    const o = intoAt + 3 * j;
    if (j === 0 || j === SQUEEZE_BUCKETS - 1) {
      // us reaches 0 at the outer ends, where A is unbounded: always PTRS's steps in full.
      into[o] = 0;
      into[o + 1] = Infinity;
      into[o + 2] = 0;
      continue;
    }
    const U1 = j / SQUEEZE_BUCKETS - 0.5;
    const U2 = (j + 1) / SQUEEZE_BUCKETS - 0.5;
    const usMin = Math.min(0.5 - Math.abs(U1), 0.5 - Math.abs(U2));
    const usMax = Math.max(0.5 - Math.abs(U1), 0.5 - Math.abs(U2));
    // 1e-6 widens the k range far beyond x's rounding; 1e-9 does the same for lo and hi.
    const kLo = base + Math.floor(x(U1) - 1e-6);
    const kHi = base + Math.floor(x(U2) + 1e-6);
    const pMin = Math.min(pmf(kLo), pmf(kHi));
    const pMax = pmf(Math.min(Math.max(Math.floor(mu), kLo), kHi));
    into[o] = pMin * hat(usMax) * (1 - 1e-9);
    into[o + 1] = pMax * hat(usMin) * (1 + 1e-9);
    into[o + 2] = 1 - (TWO_POW_MINUS_32 * (b + a / (usMin * usMin)) + 1e-9);
  }
}

/** One PTRS draw for a fixed mean, with the squeezes s[sAt ..] of ptrsSqueezes. */
export function ptrsSqueezed(
  c: Float64Array,
  at: number,
  s: Float64Array,
  sAt: number,
  u: Uniform,
): number {
  const a = c[at + 1];
  const b = c[at + 2];
  const base = c[at + 5];
  const shift = c[at + 6];
  for (;;) {
    const xu = u();
    const xv = u();
    const j = sAt + 3 * ((xu * SQUEEZE_BUCKETS) | 0);
    if (xv + TWO_POW_MINUS_32 <= s[j]) {
      const U0 = xu - 0.5;
      const h = ((2 * a) / (0.5 - Math.abs(U0)) + b) * U0 + shift;
      const k = Math.floor(h);
      if (h - k < s[j + 2]) return base + k;
    } else if (xv >= s[j + 1]) {
      continue;
    }
    const k = ptrsRefined(c, at, xu, xv, u);
    if (k >= 0) return k;
  }
}
