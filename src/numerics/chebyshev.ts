/**
 * Chebyshev interpolation at first-kind nodes with a fixed number of nodes (CHEBYSHEV_NODES): the
 * values-to-coefficients transform, differentiation of a series and its evaluation on the
 * polynomials' values at x (Trefethen, Approximation Theory and Approximation Practice, chs. 3-5;
 * Mason & Handscomb, Chebyshev Polynomials). Series are stored as typed-array slices of
 * CHEBYSHEV_NODES coefficients at a base offset, so callers pack many into one array.
 */

/** Nodes (and coefficients) per series. */
export const CHEBYSHEV_NODES = 8;
const NODES = CHEBYSHEV_NODES;

/** First-kind Chebyshev nodes on [-1, 1], x_j = cos(theta_j), theta_j = (2j + 1) pi / (2 NODES). */
export const CHEBYSHEV_X = Float64Array.from({ length: NODES }, (_, j) =>
  Math.cos(((2 * j + 1) * Math.PI) / (2 * NODES)),
);
/** T_k(x_j) = cos(k theta_j): the values-to-coefficients map (discrete cosine transform). */
const T = Float64Array.from({ length: NODES * NODES }, (_, at) => {
  const k = Math.floor(at / NODES);
  const j = at % NODES;
  return Math.cos((k * (2 * j + 1) * Math.PI) / (2 * NODES));
});

/** Scratch of `toCoefficients` and `differentiate`, reused: the fit's tables transform ~60,000 series. */
const valuesScratch = new Float64Array(NODES);
const derivativeScratch = new Float64Array(NODES + 1);

/**
 * Chebyshev coefficients of the interpolant through values at the nodes, in place:
 * c_k = (2 / n) sum_j f_j T_k(x_j), c_0 halved (Trefethen, ATAP ch. 3).
 */
export function toCoefficients(values: Float64Array, base: number): void {
  const f = valuesScratch;
  for (let j = 0; j < NODES; j++) f[j] = values[base + j];
  for (let k = 0; k < NODES; k++) {
    let s = 0;
    for (let j = 0; j < NODES; j++) s += f[j] * T[k * NODES + j];
    values[base + k] = ((k === 0 ? 1 : 2) / NODES) * s;
  }
}

/**
 * The coefficients of f' from those of f (at `from`, into `to`): b_(k-1) = b_(k+1) + 2 k c_k with
 * the first term halved (Mason & Handscomb, Chebyshev Polynomials, eq. 2.49).
 */
export function differentiate(c: Float64Array, from: number, to: number): void {
  const b = derivativeScratch.fill(0);
  for (let k = NODES - 1; k >= 1; k--) b[k - 1] = b[k + 1] + 2 * k * c[from + k];
  for (let k = 0; k < NODES; k++) c[to + k] = k === 0 ? b[0] / 2 : b[k];
}

/**
 * T_0(x) .. T_(NODES-1)(x) into t by the three-term recurrence T_(k+1) = 2x T_k - T_(k-1) (stable
 * on [-1, 1]; Mason & Handscomb, Chebyshev Polynomials, eq. 1.3): computed once, they serve every
 * series evaluated at the same x (`series`).
 */
export function chebyshevBasis(x: number, t: Float64Array): void {
  t[0] = 1;
  t[1] = x;
  const twoX = 2 * x;
  for (let k = 2; k < NODES; k++) t[k] = twoX * t[k - 1] - t[k - 2];
}

/** sum_k c_k T_k(x) for the basis t = chebyshevBasis(x). */
export function series(c: Float64Array, base: number, t: Float64Array): number {
  let s = 0;
  for (let k = 0; k < NODES; k++) s += c[base + k] * t[k];
  return s;
}
