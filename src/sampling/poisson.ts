/**
 * Exact Poisson variates for every mean from 0 to 1e9 counts; no normal approximation.
 *
 * - Fixed means (the hot path: each bin's mean is the same in every toy; `BinSampler`,
 *   `PoissonTable`): inversion of a cumulative table with a guide table, one 32-bit uniform and
 *   mostly one table read per draw. The uniforms come in bulk from a queue (`Uniforms`), and the
 *   tables live in SharedArrayBuffers, built once for every worker. Above TABLE_MAX_MEAN_COUNTS the rejection sampler PTRS takes
 *   over, with squeezes tabulated for the mean. BinSampler draws its sparse bins (means up to
 *   SPARSE_MAX_MEAN_COUNTS) as a group, for ~1 uniform in all.
 * - Means varying per toy (`samplePoisson`): sequential inversion below 10 counts, PTRS above.
 *
 * Exactness: probabilities are resolved to ~2^-53, the resolution of a double near 1. The
 * uniforms give 32 bits a call (see `Uniform`), and each is taken to stand for the cell
 * [x, x + 2^-32) of finer uniforms: where the whole cell gives one outcome, that outcome stands;
 * where it does not (a cumulative probability inside the cell for inversion, probability
 * <= 2^-32 per boundary examined; the edge of a squeeze for PTRS), 21 more bits are drawn, as
 * `uniform53` would. The outcome is thus the one 53-bit uniforms give, mostly for the price of
 * 32-bit ones. Tables stop where the omitted tails sum below 2^-64.
 *
 * Means of 0 give 0 and consume no uniform; a mean that is negative, NaN, infinite or above
 * MAX_MEAN_COUNTS (counts must fit int32) throws a RangeError.
 */
import { compensatedPrefixSums, compensatedSum } from "../numerics/sum.js";
import { CallUniforms, refine53, type Uniform, type Uniforms } from "./streams.js";

/** The largest mean accepted: counts then stay far below 2^31 - 1. */
export const MAX_MEAN_COUNTS = 1e9;

/**
 * Fixed means up to this use table inversion; above, PTRS. A table spans about +-9 sigma: ~31 KB
 * a bin at 1e4 (cumulative table and guide), ~110 KB at 1e5. Measured with 100 bins of one mean,
 * against PTRS with tabulated squeezes: tables draw 1.45x as fast at 1e4, 1.2x at 1e5, 0.56x at
 * 3e5; the cutoff also keeps the tables' memory small.
 */
export const TABLE_MAX_MEAN_COUNTS = 1e4;

/**
 * Table entries (cumulative table plus guide) one FixedMeanSamplers may hold for means of at least
 * PTRS_MIN_MEAN_COUNTS: 2^22 entries, at most 48 MB. Further such means use PTRS, which keeps
 * ~0.2 KB a bin whatever the mean, so a run's memory per bin does not depend on how many tables
 * its means would ask for (a table at a mean of 1e4 is ~31 KB). Smaller means always get a table
 * (a few dozen entries). The choice depends on the means alone, in bin order: deterministic.
 * A guide counts in 4-byte entries: its int16 cells, twice as many as an int32 guide of 2n cells
 * would have, take the same bytes (and so the same bins get tables as with such guides).
 */
export const TABLE_BUDGET_ENTRIES = 2 ** 22;

/** Below this mean samplePoisson inverts sequentially; PTRS needs a mean of at least 10. */
const PTRS_MIN_MEAN_COUNTS = 10;

const TWO_POW_MINUS_32 = 2 ** -32;
const TABLE_TAIL_PROBABILITY = 2 ** -64;

function checkMean(meanCounts: number, what: string): void {
  if (!(meanCounts >= 0 && meanCounts <= MAX_MEAN_COUNTS)) {
    throw new RangeError(`${what} must be a number in [0, ${MAX_MEAN_COUNTS}], got ${meanCounts}`);
  }
}

// ---------------------------------------------------------------------------------------------
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

function stirlerr(n: number): number {
  if (n <= 15) return STIRLERR_SMALL[n];
  const nn = n * n;
  // Term counts as in Loader (2000) / R's stirlerr: truncation errors ~1e-16 or below.
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** bd0(x, np) = x log(x / np) + np - x, by a series when x is near np (Loader 2000). */
function bd0(x: number, np: number): number {
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

// ---------------------------------------------------------------------------------------------
// PTRS: W. Hörmann, "The transformed rejection method for generating Poisson random variables",
// Insurance: Mathematics and Economics 12 (1993) 39-45, algorithm PTRS (valid for mean >= 10);
// the same constants as numpy's random_poisson_ptrs.

const PTRS_CONSTANTS = 8;
const SQRT_2PI = 2.5066282746310002;

/**
 * PTRS's constants for one mean: mu, a, b, alpha, v_r, then floor(mu) and mu - floor(mu) + 0.43
 * (k = floor(mu) + floor(g + shift) keeps g's digits at mu = 1e9, where floor(g + mu + 0.43)
 * would round g to 1e-7), then 1 - delta, the fast path's margin (see ptrs). No logarithm: they
 * are cheap enough to make per call for means that vary.
 */
function ptrsConstants(mu: number, into: Float64Array, at: number): void {
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
function ptrs(c: Float64Array, at: number, u: Uniform): number {
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
const SQUEEZE_VALUES = 3 * SQUEEZE_BUCKETS;

/** Per bucket of U: lo, hi and the k-margin 1 - delta (as in ptrsConstants) of ptrsSqueezed. */
function ptrsSqueezes(c: Float64Array, at: number, into: Float64Array, intoAt: number): void {
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
function ptrsSqueezed(
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

// ---------------------------------------------------------------------------------------------
// Fixed means: inversion of cumulative tables with guide tables (C.-C. Chen, K.-Y. Asau, "On
// generating random variates from an empirical distribution", AIIE Transactions 6 (1974)
// 163-166; Devroye 1986, chapter III.2), many tables packed in two typed arrays.

/**
 * The guide of a cumulative table of n entries, the last +Infinity, for outcomes kAt + i:
 * M = 2^ceil(log2(cellsPerEntry n)) cells (a power of 2, so that the cell of a 32-bit word w is
 * w >>> (32 - log2 M), and j / M is exact). For cell [j/M, (j+1)/M) let i be the first index with
 * cdf[i] > j/M. If cdf[i] >= (j+1)/M too, the whole cell inverts to i and guide[j] = kAt + i, the
 * outcome itself (>= 0); otherwise guide[j] = ~i (< 0), where the search starts. For Poisson
 * tables most cells are whole (each central k spans many cells), so most draws read only the
 * guide; a search makes an expected <= 1 + n/M comparisons.
 */
function buildGuide<T extends Int16Array | Int32Array>(
  cdf: Float64Array,
  kAt: number,
  cellsPerEntry: number,
  make: (cells: number) => T,
): T {
  const M = 2 ** Math.ceil(Math.log2(cellsPerEntry * cdf.length));
  const guide = make(M);
  let i = 0;
  for (let j = 0; j < M; j++) {
    while (cdf[i] <= j / M) i++;
    guide[j] = cdf[i] >= (j + 1) / M ? kAt + i : ~i;
  }
  return guide;
}

/**
 * Guide cells per table entry for the Poisson tables, whose guides are int16 (outcomes up to
 * ~1.1e4 at TABLE_MAX_MEAN_COUNTS, search starts up to ~2e3). What limits the speed is the
 * guides' size in the cache (a toy reads one random cell of each bin's guide), then the share of
 * draws that need a search: 4 cells an entry gives 1.5% (mean 0.5) to 7% (mean 10) searches in
 * 0.1-0.5 kB a bin, and 1000 such bins stay within a 1 MB L2 cache. Measured with 1000 bins of
 * means 1-10 (int32 guides): 2 cells an entry 70-100 M draws/s; 16, ~55; 64, ~25.
 */
const CELLS_PER_ENTRY = 4;

/** The shift that takes a 32-bit word to its cell of a guide of `cells` cells (a power of 2). */
const guideShift = (cells: number) => 32 - Math.log2(cells);

/**
 * The cumulative sums of `weights` (which sum to ~1) with the last entry set to +Infinity, so the
 * last cell takes what the weights leave out and a search always stops. Compensated sums keep
 * every entry within ~1 ulp of the exact sum, so no cell gains or loses mass to rounding drift.
 */
function cumulative(weights: Float64Array): Float64Array {
  const cdf = compensatedPrefixSums(weights);
  cdf[cdf.length - 1] = Infinity;
  return cdf;
}

/**
 * The search of an inversion whose guide cell was not whole: the outcome i + kOffset, i the index
 * with cdf[i - 1] <= x < cdf[i], from index `from` on, for the 32-bit uniform x = word / 2^32.
 * x stands for the cell [x, x + 2^-32) of finer uniforms, which lies inside one guide cell: the
 * search decides unless cdf[i] falls inside x's cell, and only then are 21 more bits drawn.
 */
function search(cdf: Float64Array, from: number, word: number, kOffset: number, q: Uniforms) {
  let x = word * TWO_POW_MINUS_32;
  let i = from;
  while (x >= cdf[i]) i++;
  if (cdf[i] - x < TWO_POW_MINUS_32) {
    x = refine53(x, q.uniform); // x is now a 53-bit uniform, exactly
    while (x >= cdf[i]) i++;
  }
  return i + kOffset;
}

/**
 * Inversion with a guide of buildGuide (guide[guideAt ..], cell shift `shift`) and its table
 * cdf[cdfAt ..]: the outcome kAt + i, i the index with cdf[cdfAt + i - 1] <= x < cdf[cdfAt + i],
 * for the next uniform x of q, where kOffset = kAt - cdfAt. A whole guide cell decides at once;
 * otherwise `search`.
 */
function invert(
  cdf: Float64Array,
  cdfAt: number,
  guide: Int16Array | Int32Array,
  guideAt: number,
  shift: number,
  kOffset: number,
  q: Uniforms,
): number {
  if (q.pos === q.end) q.refill();
  const word = q.raw[q.pos++];
  const entry = guide[guideAt + (word >>> shift)];
  return entry >= 0 ? entry : search(cdf, cdfAt + ~entry, word, kOffset, q);
}

/**
 * The pmf of Poisson(mu), mu > 0, on kLo..kHi, evaluated in log space outwards from the mode
 * (exp(-mu) alone underflows above mu ~ 745). Bounds: the geometric bound on each omitted tail
 * (the pmf ratio mu/(k+1) above the mode, k/mu below, only shrinks outwards) stays below 2^-64.
 */
function poissonPmfTable(mu: number): { kLo: number; pmf: Float64Array } {
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

const KIND_ZERO = 0;
const KIND_TABLE = 1;
const KIND_PTRS = 2;

/**
 * The tables for a list of fixed means, as plain typed arrays over SharedArrayBuffers: built once
 * (in the main thread), they go to every worker by structured clone without a copy, so their
 * memory does not grow with the worker count.
 */
export interface FixedMeanTables {
  kind: Uint8Array;
  guideAt: Int32Array;
  guideShift: Int32Array;
  cdfAt: Int32Array;
  kOffset: Int32Array; // k = (index into cdf) + kOffset, for a search
  cdf: Float64Array;
  guide: Int16Array;
  ptrsConst: Float64Array; // PTRS_CONSTANTS per mean
  squeezeAt: Int32Array;
  squeezes: Float64Array; // SQUEEZE_VALUES per PTRS mean
}

/** A typed array of `length` over a new SharedArrayBuffer. */
function shared<T extends Uint8Array | Int16Array | Int32Array | Float64Array>(
  Type: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT));
}

/** The tables for a list of fixed means: a table each up to TABLE_MAX_MEAN_COUNTS, PTRS above. */
function fixedMeanTables(meansCounts: ArrayLike<number>): FixedMeanTables {
  const n = meansCounts.length;
  const kind = shared(Uint8Array, n);
  const guideAt = shared(Int32Array, n);
  const shifts = shared(Int32Array, n);
  const cdfAt = shared(Int32Array, n);
  const kOffset = shared(Int32Array, n);
  const ptrsConst = shared(Float64Array, PTRS_CONSTANTS * n);
  const squeezeAt = shared(Int32Array, n);
  const ptrsMeans: number[] = [];
  const cdfs: Float64Array[] = [];
  const guides: Int16Array[] = [];
  let cdfLength = 0;
  let guideLength = 0;
  for (let m = 0; m < n; m++) {
    const mu = meansCounts[m];
    if (mu === 0) {
      kind[m] = KIND_ZERO;
    } else if (
      mu < PTRS_MIN_MEAN_COUNTS ||
      (mu <= TABLE_MAX_MEAN_COUNTS && cdfLength + guideLength / 2 < TABLE_BUDGET_ENTRIES)
    ) {
      const { kLo, pmf } = poissonPmfTable(mu);
      const cdf = cumulative(pmf);
      const guide = buildGuide(cdf, kLo, CELLS_PER_ENTRY, (cells) => new Int16Array(cells));
      cdfs.push(cdf);
      guides.push(guide);
      kind[m] = KIND_TABLE;
      guideAt[m] = guideLength;
      shifts[m] = guideShift(guide.length);
      cdfAt[m] = cdfLength;
      kOffset[m] = kLo - cdfLength;
      cdfLength += cdf.length;
      guideLength += guide.length;
    } else {
      kind[m] = KIND_PTRS;
      ptrsConstants(mu, ptrsConst, PTRS_CONSTANTS * m);
      squeezeAt[m] = SQUEEZE_VALUES * ptrsMeans.length;
      ptrsMeans.push(m);
    }
  }
  const squeezes = shared(Float64Array, SQUEEZE_VALUES * ptrsMeans.length);
  for (const m of ptrsMeans) ptrsSqueezes(ptrsConst, PTRS_CONSTANTS * m, squeezes, squeezeAt[m]);
  return {
    kind,
    guideAt,
    guideShift: shifts,
    cdfAt,
    kOffset,
    cdf: concat(shared(Float64Array, cdfLength), cdfs),
    guide: concat(shared(Int16Array, guideLength), guides),
    ptrsConst,
    squeezeAt,
    squeezes,
  };
}

/** One draw of mean m of the tables t from q. */
function sampleOne(t: FixedMeanTables, m: number, q: Uniforms): number {
  const kind = t.kind[m];
  if (kind === KIND_TABLE)
    return invert(t.cdf, t.cdfAt[m], t.guide, t.guideAt[m], t.guideShift[m], t.kOffset[m], q);
  if (kind === KIND_PTRS)
    return ptrsSqueezed(t.ptrsConst, PTRS_CONSTANTS * m, t.squeezes, t.squeezeAt[m], q.uniform);
  return 0;
}

/**
 * out[offset + targets[m]] = a draw of mean m of the tables t, for m = 0 .. targets.length - 1,
 * in order, from q. The same as sampleOne in a loop, with the guide's fast path inlined and the
 * queue's position in a local: most draws are then a word read, a shift and a guide read.
 */
function sampleInto(
  t: FixedMeanTables,
  q: Uniforms,
  out: Int32Array,
  offset: number,
  targets: Int32Array,
): void {
  const { kind, cdf, cdfAt, guide, guideAt, guideShift: shifts, kOffset } = t;
  let raw = q.raw;
  let pos = q.pos;
  let end = q.end;
  for (let m = 0; m < targets.length; m++) {
    let k = 0;
    if (kind[m] === KIND_TABLE) {
      if (pos === end) {
        q.refill();
        ({ raw, pos, end } = q);
      }
      const word = raw[pos++];
      k = guide[guideAt[m] + (word >>> shifts[m])];
      if (k < 0) {
        q.pos = pos;
        k = search(cdf, cdfAt[m] + ~k, word, kOffset[m], q);
        ({ raw, pos, end } = q);
      }
    } else if (kind[m] === KIND_PTRS) {
      q.pos = pos;
      k = sampleOne(t, m, q);
      ({ raw, pos, end } = q);
    }
    out[offset + targets[m]] = k;
  }
  q.pos = pos;
}

function concat<T extends Float64Array | Int32Array | Int16Array>(into: T, parts: T[]): T {
  let at = 0;
  for (const part of parts) {
    into.set(part, at);
    at += part.length;
  }
  return into;
}

/** Bins with means up to this (and above 0) are drawn together, when there are two or more. */
export const SPARSE_MAX_MEAN_COUNTS = 0.5;

/** A BinSampler's tables (plain data over SharedArrayBuffers; see FixedMeanTables). */
export interface BinSamplerTables {
  bins: number;
  /** The other bins' means, then (if any) the sparse group's total. */
  fixed: FixedMeanTables;
  denseBins: Int32Array;
  sparseBins: Int32Array;
  sparseCdf: Float64Array;
  sparseGuide: Int32Array;
  /** The sparse group's total mean (0 without a group). */
  sparseExpected: number;
}

/**
 * Poisson counts for bins with fixed means, one toy at a time.
 *
 * Sparse bins (0 < mean <= SPARSE_MAX_MEAN_COUNTS) are drawn as a group: their total N ~
 * Poisson(sum of their means), then each of the N counts goes to bin i with probability
 * mean_i / sum. Independent Poisson variates are, given their sum, multinomial with these
 * probabilities, so this is exact, and it costs ~1 + N uniforms instead of one per sparse bin.
 * (Grouping pays below a mean of ~0.65 a bin, measured; SPARSE_MAX_MEAN_COUNTS keeps a margin.)
 *
 * Stream use per toy: the other bins in bin order (mean-0 bins consume nothing), then the sparse
 * group's total and its N allocations.
 */
export class BinSampler {
  readonly bins: number;
  readonly tables: BinSamplerTables;
  /** Uniforms a toy needs, about: one a table bin, ~2 a PTRS bin, 1 + N for the sparse group. */
  readonly expectedWords: number;
  private readonly sparseShift: number;
  private calls?: CallUniforms;

  /**
   * From the means per bin, or from the tables of another BinSampler (e.g. made in another
   * thread; they are shared, not copied).
   * @throws RangeError when a mean is negative, NaN, infinite or above MAX_MEAN_COUNTS.
   */
  constructor(meansPerBin: ArrayLike<number> | BinSamplerTables) {
    this.tables = "fixed" in meansPerBin ? meansPerBin : binSamplerTables(meansPerBin);
    this.bins = this.tables.bins;
    this.sparseShift = guideShift(Math.max(1, this.tables.sparseGuide.length));
    const { kind } = this.tables.fixed;
    let words = 0;
    for (let m = 0; m < kind.length; m++)
      words += kind[m] === KIND_TABLE ? 1 : kind[m] === KIND_PTRS ? 2 : 0;
    this.expectedWords = words + this.tables.sparseExpected;
  }

  /** Entries of the inversion tables of the dense bins (at most TABLE_BUDGET_ENTRIES + small ones). */
  get tableEntries(): number {
    const { cdf, guide } = this.tables.fixed;
    return cdf.length + guide.length / 2; // the int16 guide in 4-byte entries
  }

  /** One toy: out[offset + b] = the count of bin b, for every bin, from the stream u. */
  fill(u: Uniform, out: Int32Array, offset = 0): void {
    this.calls ??= new CallUniforms(u);
    this.calls.source = u;
    this.fillFrom(this.calls, out, offset);
  }

  /** One toy: out[offset + b] = the count of bin b, for every bin, from the queue q. */
  fillFrom(q: Uniforms, out: Int32Array, offset = 0): void {
    if (!(Number.isInteger(offset) && offset >= 0 && offset + this.bins <= out.length)) {
      throw new RangeError(
        `fill needs out.length >= offset + ${this.bins}, got offset ${offset}, length ${out.length}`,
      );
    }
    const { fixed, denseBins: dense, sparseBins: sparse, sparseCdf, sparseGuide } = this.tables;
    sampleInto(fixed, q, out, offset, dense);
    if (sparse.length === 0) return;
    for (let s = 0; s < sparse.length; s++) out[offset + sparse[s]] = 0;
    const shift = this.sparseShift;
    for (let n = sampleOne(fixed, dense.length, q); n > 0; n--)
      out[offset + sparse[invert(sparseCdf, 0, sparseGuide, 0, shift, 0, q)]]++;
  }
}

/** BinSampler's tables for the means per bin. */
function binSamplerTables(meansPerBin: ArrayLike<number>): BinSamplerTables {
  const bins = meansPerBin.length;
  const dense: number[] = [];
  const sparse: number[] = [];
  for (let b = 0; b < bins; b++) {
    const mu = meansPerBin[b];
    checkMean(mu, `meansPerBin[${b}]`);
    (mu > 0 && mu <= SPARSE_MAX_MEAN_COUNTS ? sparse : dense).push(b);
  }
  if (sparse.length < 2) {
    dense.push(...sparse);
    dense.sort((x, y) => x - y);
    sparse.length = 0;
  }
  const denseMeans = dense.map((b) => meansPerBin[b]);
  const tables = (
    fixed: FixedMeanTables,
    sparseCdf: Float64Array,
    sparseGuide: Int32Array,
    sparseExpected = 0,
  ) => ({
    bins,
    sparseExpected,
    fixed,
    denseBins: concat(shared(Int32Array, dense.length), [Int32Array.from(dense)]),
    sparseBins: concat(shared(Int32Array, sparse.length), [Int32Array.from(sparse)]),
    sparseCdf,
    sparseGuide,
  });
  if (sparse.length === 0)
    return tables(fixedMeanTables(denseMeans), new Float64Array(0), new Int32Array(0));
  const sparseTotal = compensatedSum(sparse.map((b) => meansPerBin[b]));
  const cdf = cumulative(Float64Array.from(sparse, (b) => meansPerBin[b] / sparseTotal));
  const guide = buildGuide(cdf, 0, 2, (cells) => new Int32Array(cells));
  return tables(
    fixedMeanTables([...denseMeans, sparseTotal]),
    concat(shared(Float64Array, cdf.length), [cdf]),
    concat(shared(Int32Array, guide.length), [guide]),
    sparseTotal,
  );
}

/** Poisson sampler for one fixed mean: a table up to TABLE_MAX_MEAN_COUNTS, PTRS above. */
export class PoissonTable {
  private readonly tables: FixedMeanTables;
  private readonly calls = new CallUniforms(() => 0);

  /** @throws RangeError when meanCounts is negative, NaN, infinite or above MAX_MEAN_COUNTS. */
  constructor(readonly meanCounts: number) {
    checkMean(meanCounts, "meanCounts");
    this.tables = fixedMeanTables([meanCounts]);
  }

  /** One draw; mean 0 gives 0 and consumes no uniform. */
  sample(u: Uniform): number {
    this.calls.source = u;
    return sampleOne(this.tables, 0, this.calls);
  }
}
