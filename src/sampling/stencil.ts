/**
 * The offset grid's data and its cubic interpolation stencil: what a toy needs to interpolate
 * its means at an omega offset (built by offset.ts). Kept apart from offset.ts so a worker thread
 * loads the sampler without the physics and the scenario schema it never uses.
 */

export interface OffsetGrid {
  /** Offsets firstEv + j stepEv, j = 0 .. points - 1. */
  firstEv: number;
  stepEv: number;
  points: number;
  /** Per component (signal, then backgrounds in scenario order): points x bins, offset-major. */
  mu: Float64Array[];
  /** Efficiency at each shifted bin centre: points x bins. */
  efficiency: Float64Array;
}

/**
 * Cubic Lagrange weights at offset deltaEv: writes the 4 weights into w and returns the first
 * grid index of the stencil. Offsets outside the grid use the edge stencil (extrapolation); the
 * grid covers every draw by construction.
 */
export function stencil(grid: OffsetGrid, deltaEv: number, w: Float64Array): number {
  const x = (deltaEv - grid.firstEv) / grid.stepEv;
  const i = Math.min(Math.max(Math.floor(x), 1), grid.points - 3);
  const t = x - i; // stencil at i-1, i, i+1, i+2 -> local coordinates -1, 0, 1, 2
  w[0] = (-t * (t - 1) * (t - 2)) / 6;
  w[1] = ((t + 1) * (t - 1) * (t - 2)) / 2;
  w[2] = (-(t + 1) * t * (t - 2)) / 2;
  w[3] = ((t + 1) * t * (t - 1)) / 6;
  return i - 1;
}

/**
 * The derivatives d w_i / d deltaEv of the weights `stencil` gives at deltaEv (same stencil, same
 * first index returned): the slope of the interpolated means, for fits that float the offset.
 */
export function stencilSlope(grid: OffsetGrid, deltaEv: number, dw: Float64Array): number {
  const x = (deltaEv - grid.firstEv) / grid.stepEv;
  const i = Math.min(Math.max(Math.floor(x), 1), grid.points - 3);
  const t = x - i;
  const h = grid.stepEv;
  // d/dt of the four cubic Lagrange weights above, divided by the step (dt/ddelta = 1/step).
  dw[0] = -(3 * t * t - 6 * t + 2) / (6 * h);
  dw[1] = (3 * t * t - 4 * t - 1) / (2 * h);
  dw[2] = -(3 * t * t - 2 * t - 2) / (2 * h);
  dw[3] = (3 * t * t - 1) / (6 * h);
  return i - 1;
}
