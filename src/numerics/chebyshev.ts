/**
 * Chebyshev interpolation at first-kind nodes with a fixed number of nodes (CHEBYSHEV_NODES): the
 * values-to-coefficients transform, differentiation of a series and its evaluation by
 * Clenshaw's recurrence (Trefethen, Approximation Theory and Approximation Practice, chs. 3-5;
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

/**
 * Chebyshev coefficients of the interpolant through values at the nodes, in place:
 * c_k = (2 / n) sum_j f_j T_k(x_j), c_0 halved (Trefethen, ATAP ch. 3).
 */
export function toCoefficients(values: Float64Array, base: number): void {
  const f = values.slice(base, base + NODES);
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
  const b = new Float64Array(NODES + 1);
  for (let k = NODES - 1; k >= 1; k--) b[k - 1] = b[k + 1] + 2 * k * c[from + k];
  for (let k = 0; k < NODES; k++) c[to + k] = k === 0 ? b[0] / 2 : b[k];
}

/** sum_k c_k T_k(x) by Clenshaw's recurrence. */
export function clenshaw(c: Float64Array, base: number, x: number): number {
  let b1 = 0;
  let b2 = 0;
  const twoX = 2 * x;
  for (let k = NODES - 1; k >= 1; k--) {
    const b0 = twoX * b1 - b2 + c[base + k];
    b2 = b1;
    b1 = b0;
  }
  return x * b1 - b2 + c[base];
}
