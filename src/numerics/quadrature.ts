/**
 * Adaptive Gauss-Legendre quadrature for smooth integrands.
 *
 * The rule on an interval is compared with the same rule on its two halves, which estimates the
 * error of the halves' sum. Integrands with kinks or square-root edges should be split at those
 * points or transformed by the caller (see expectation.ts) so convergence stays exponential.
 */
import { RenpError } from "../errors.js";

export interface QuadratureOptions {
  /** Relative tolerance on the whole integral. */
  relTol?: number;
  /** Absolute tolerance floor (same unit as the integral). */
  absTol?: number;
  /** Maximum number of pieces before the best estimate is returned. */
  maxPieces?: number;
  /**
   * One 20-point rule per breakpoint segment, no error estimate (a third of the adaptive
   * minimum's evaluations): only for callers that check the result against an adaptive integral
   * (the fit's mass tables, inference/fast/pairCells.ts).
   */
  singleRule?: boolean;
}

const NODES = 20;
/** Relative size of the rounding noise of a 20-point rule sum (a few hundred ulps). */
const ROUNDING = 5e-14;
/**
 * The relative error estimate still accepted when the piece limit is reached. There the estimate
 * is mostly the summed rounding noise of thousands of pieces and overstates the error of the
 * refined sum (the mpmath fixtures show such bins good to 1e-10); an integrand that is really not
 * converging (oscillating, singular) stays far above it and is an error, never a number.
 */
const LIMIT_TOL = 1e-7;

/** Nodes and weights of the n-point Gauss-Legendre rule on [-1, 1] by Newton iteration on P_n. */
function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // Tricomi's initial guess for the k-th root (Abramowitz & Stegun 22.16.6 asymptotics).
    let z = Math.cos((Math.PI * (k + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = z;
      for (let m = 2; m <= n; m++) {
        const p2 = ((2 * m - 1) * z * p1 - (m - 1) * p0) / m;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[k] = z;
    w[k] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

const RULE = gaussLegendre(NODES);

function ruleOn(f: (x: number) => number, a: number, b: number): number {
  const half = (b - a) / 2;
  const mid = (a + b) / 2;
  let sum = 0;
  for (let k = 0; k < NODES; k++) sum += RULE.w[k] * f(mid + half * RULE.x[k]);
  return sum * half;
}

interface Piece {
  lo: number;
  hi: number;
  /** The rule on each half of [lo, hi]. */
  left: number;
  right: number;
  /** |(left + right) - rule on [lo, hi]|: the error estimate of left + right. */
  error: number;
}

/** Max-heap on the error estimate. */
function push(heap: Piece[], piece: Piece): void {
  heap.push(piece);
  for (let k = heap.length - 1; k > 0;) {
    const parent = (k - 1) >> 1;
    if (heap[parent].error >= heap[k].error) break;
    [heap[parent], heap[k]] = [heap[k], heap[parent]];
    k = parent;
  }
}

function pop(heap: Piece[]): Piece {
  const top = heap[0];
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    for (let k = 0; ;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let largest = k;
      if (l < heap.length && heap[l].error > heap[largest].error) largest = l;
      if (r < heap.length && heap[r].error > heap[largest].error) largest = r;
      if (largest === k) break;
      [heap[largest], heap[k]] = [heap[k], heap[largest]];
      k = largest;
    }
  }
  return top;
}

/**
 * Integral of f over [a, b], split first at the given breakpoints (those outside (a, b) are
 * ignored). Globally adaptive (the strategy of QUADPACK's QAG, Piessens et al. 1983): the piece
 * with the largest error estimate is bisected until the summed estimate meets the tolerance, so
 * a kink a rounding error away from a breakpoint costs a few bisections, not a failure.
 * Throws if the result is not finite, so no NaN ever leaves this module.
 */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  breakpoints: readonly number[] = [],
  options: QuadratureOptions = {},
): number {
  if (!(b > a)) return 0;
  const relTol = options.relTol ?? 1e-12;
  const absTol = options.absTol ?? 0;
  const maxPieces = options.maxPieces ?? 2000;
  const cuts = [a, ...breakpoints.filter((p) => p > a && p < b).sort((p, q) => p - q), b];
  if (options.singleRule) {
    let sum = 0;
    for (let k = 0; k + 1 < cuts.length; k++) sum += ruleOn(f, cuts[k], cuts[k + 1]);
    if (!Number.isFinite(sum))
      throw new RenpError("internal", `quadrature gave a non-finite result on [${a}, ${b}]`);
    return sum;
  }

  const piece = (lo: number, hi: number, whole: number): Piece => {
    const mid = (lo + hi) / 2;
    const left = ruleOn(f, lo, mid);
    const right = ruleOn(f, mid, hi);
    const change = Math.abs(left + right - whole);
    // A change at the rounding noise of the sum is no error that bisection could remove.
    const error = change <= ROUNDING * (Math.abs(left) + Math.abs(right)) ? 0 : change;
    return { lo, hi, left, right, error };
  };

  const heap: Piece[] = [];
  // Running sums of the error estimates and of |integrand| mass, updated as pieces come and go.
  let error = 0;
  let magnitude = 0;
  const add = (p: Piece, sign: 1 | -1) => {
    error += sign * p.error;
    magnitude += sign * (Math.abs(p.left) + Math.abs(p.right));
  };
  for (let k = 0; k + 1 < cuts.length; k++) {
    const p = piece(cuts[k], cuts[k + 1], ruleOn(f, cuts[k], cuts[k + 1]));
    push(heap, p);
    add(p, 1);
  }
  while (
    heap.length < maxPieces &&
    heap[0].error > 0 &&
    error > Math.max(relTol * magnitude, absTol)
  ) {
    const worst = pop(heap);
    add(worst, -1);
    const mid = (worst.lo + worst.hi) / 2;
    for (const p of [piece(worst.lo, mid, worst.left), piece(mid, worst.hi, worst.right)]) {
      push(heap, p);
      add(p, 1);
    }
  }
  const finalError = heap.reduce((sum, p) => sum + p.error, 0); // exact, not the running sum
  if (
    heap.length >= maxPieces &&
    finalError > Math.max(LIMIT_TOL * magnitude, relTol * magnitude, absTol)
  ) {
    throw new RenpError(
      "internal",
      `quadrature did not converge on [${a}, ${b}] (error estimate ${finalError}, integral magnitude ${magnitude})`,
    );
  }
  const total = heap.reduce((s, p) => s + p.left + p.right, 0);
  if (!Number.isFinite(total))
    throw new RenpError("internal", `quadrature gave a non-finite result on [${a}, ${b}]`);
  return total;
}
