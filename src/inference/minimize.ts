/**
 * Bounded minimisation of a smooth function with its gradient and Hessian (exact or an
 * approximation): a projected Newton method (D. P. Bertsekas, "Projected Newton methods for
 * optimization problems with simple constraints", SIAM J. Control Optim. 20 (1982) 221) with an
 * Armijo backtracking search along the projection arc. No npm optimiser fits: fmin and
 * optimization-js are unconstrained, numeric is unmaintained, ml-levenberg-marquardt fits
 * curves; docs/fitting.md says more.
 *
 * Each iteration: the variables at a bound whose gradient points outwards are held (the active
 * set); Newton's step on the others, d = -H_FF^-1 g_F, or, where H_FF is not positive definite,
 * the modified Newton step with H_FF's eigenvalues replaced by their absolute values (Gill,
 * Murray & Wright, Practical Optimization, 1981, sec. 4.4.2); x <- P(x + alpha d), P the
 * projection on the box, alpha halved until f decreases by 1e-4 of the predicted amount.
 * Converged when the Newton decrement g_F . (H_FF^-1 g_F) falls below `tolerance` (in units of
 * f: for f = -2 ln L, 1e-10 puts the parameters within ~1e-5 standard deviations, and the final
 * Newton step is then taken, which squares that), or, when no step lowers f any more, below
 * `looseTolerance`. A stationary point with negative curvature (a saddle) is left along the
 * eigenvector of that curvature.
 */

export interface Objective {
  /** f at x; fills the gradient g (length n) and the Hessian h (n x n, row-major). */
  evaluate(x: Float64Array, g: Float64Array, h: Float64Array): number;
  /** f alone (line searches); defaults to evaluate with scratch arrays. */
  value?(x: Float64Array): number;
}

/**
 * How a minimisation ended: "ok" converged; "at-bound" converged with a variable held at a bound;
 * "not-converged" out of iterations, a line search that found no decrease, or f not finite at the
 * start (never silent: the result's `message` says why).
 */
export type MinimizeStatus = "ok" | "at-bound" | "not-converged";

/** The outcome of `minimize`: the point, f there, the status and the work done. */
export interface MinimizeResult {
  x: Float64Array;
  f: number;
  status: MinimizeStatus;
  iterations: number;
  evaluations: number;
  /** Why a fit did not converge. */
  message?: string;
  /** Which variables end at a bound. */
  atBound: boolean[];
}

export interface MinimizeOptions {
  maxIterations?: number;
  /** Newton decrement below which the minimum is reached (default 1e-10). */
  tolerance?: number;
  /**
   * Decrement accepted when no step lowers f any more (default 1e-5: for f = -2 ln L within
   * ~0.003 standard deviations of the minimum; MINUIT's default EDM criterion, 2e-4 for
   * -2 ln L, is looser). Fits with finite-difference derivatives of a function with kinks (a
   * threshold crossing a bin edge) stop there.
   */
  looseTolerance?: number;
}

const ARMIJO = 1e-4;
/** A step that lowers f by less than this (relative) is no progress. */
const STALL_RELATIVE = 1e-13;
const MAX_HALVINGS = 50;

/** Cholesky factorisation in place (lower triangle); false if a is not positive definite. */
function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / l;
    }
  }
  return true;
}

/** Solves L L^T x = b with a factor from `cholesky`. */
function choleskySolve(l: Float64Array, b: Float64Array, n: number): Float64Array {
  const y = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) y[i] -= l[i * n + k] * y[k];
    y[i] /= l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) y[i] -= l[k * n + i] * y[k];
    y[i] /= l[i * n + i];
  }
  return y;
}

/** x with a x = b for a symmetric positive definite a (n x n), by Cholesky; undefined otherwise. */
export function solveSymmetric(
  a: Float64Array,
  b: Float64Array,
  n: number,
): Float64Array | undefined {
  const l = Float64Array.from(a);
  return cholesky(l, n) ? choleskySolve(l, b, n) : undefined;
}

/** The inverse of a symmetric positive definite matrix, or undefined. */
export function invertSymmetric(a: Float64Array, n: number): Float64Array | undefined {
  const l = Float64Array.from(a);
  if (!cholesky(l, n)) return undefined;
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, e, n);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i];
  }
  return inv;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/**
 * Eigenvalues and eigenvectors of a symmetric matrix (n x n, row-major) by cyclic Jacobi
 * rotations (Numerical Recipes 3rd ed., sec. 11.1): vectors column e belongs to values[e].
 */
export function symmetricEigen(
  matrix: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let all = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        all += a[i * n + j] ** 2;
        if (i !== j) off += a[i * n + j] ** 2;
      }
    if (!(off > 1e-30 * all)) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v };
}

/** A point below f along +-direction (free variables only), or undefined. */
function escapeSaddle(
  value: (x: Float64Array) => number,
  x: Float64Array,
  f: number,
  free: readonly number[],
  direction: Float64Array,
  curvature: number,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): Float64Array | undefined {
  for (let t = 2 / Math.sqrt(-curvature), k = 0; k < 40; k++, t /= 2) {
    let best: Float64Array | undefined;
    let fBest = f;
    for (const sign of [1, -1]) {
      const trial = Float64Array.from(x);
      free.forEach(
        (i, a) => (trial[i] = clamp(x[i] + sign * t * direction[a], lower[i], upper[i])),
      );
      const ft = value(trial);
      if (ft < fBest) {
        fBest = ft;
        best = trial;
      }
    }
    if (best) return best;
  }
  return undefined;
}

/**
 * Minimises f over the box [lower, upper] from x0 (clamped into the box). Returns a
 * `MinimizeResult` { x, f, status, iterations, evaluations, message?, atBound }; status "ok",
 * "at-bound" (converged with a variable held at a bound) or "not-converged" (out of iterations,
 * a line search that found no decrease, or f not finite at the start), never silent.
 */
export function minimize(
  objective: Objective,
  x0: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const looseTolerance = options.looseTolerance ?? 1e-5;
  const g = new Float64Array(n);
  const h = new Float64Array(n * n);
  const sg = new Float64Array(n);
  const sh = new Float64Array(n * n);
  let evaluations = 0;
  const value = (x: Float64Array) => {
    evaluations++;
    return objective.value ? objective.value(x) : objective.evaluate(x, sg, sh);
  };
  let x: Float64Array = Float64Array.from(x0, (v, i) => clamp(v, lower[i], upper[i]));
  const atBound = () => Array.from(x, (v, i) => v <= lower[i] || v >= upper[i]);
  const result = (status: MinimizeStatus, f: number, iterations: number, message?: string) => {
    const bound = atBound();
    const final = status === "ok" && bound.some(Boolean) ? "at-bound" : status;
    return {
      x,
      f,
      status: final,
      iterations,
      evaluations,
      atBound: bound,
      ...(message === undefined ? {} : { message }),
    };
  };

  for (let iteration = 0; ; iteration++) {
    evaluations++;
    const f = objective.evaluate(x, g, h);
    if (!Number.isFinite(f)) return result("not-converged", f, iteration, `f = ${f} at the start`);
    // Active set: at a bound with the gradient pointing out of the box (Bertsekas 1982, eq. 26).
    const free: number[] = [];
    for (let i = 0; i < n; i++) {
      const held = (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0);
      if (!held) free.push(i);
    }
    const m = free.length;
    if (m === 0) return result("ok", f, iteration);
    const hf = new Float64Array(m * m);
    const gf = Float64Array.from(free, (i) => g[i]);
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++) hf[a * m + b] = h[free[a] * n + free[b]];
    // Newton's step; where H_FF is not positive definite, the modified Newton step with each
    // eigenvalue replaced by its absolute value (P. E. Gill, W. Murray, M. H. Wright, Practical
    // Optimization, 1981, sec. 4.4.2), which keeps the step on the other directions Newton's.
    let d = solveSymmetric(hf, gf, m);
    let negative: Float64Array | undefined; // the eigenvector of most negative curvature
    let negativeValue = 0;
    if (!d) {
      const { values, vectors } = symmetricEigen(hf, m);
      const largest = values.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
      if (!(largest > 0)) return result("not-converged", f, iteration, "singular Hessian");
      const floor = 1e-8 * largest;
      d = new Float64Array(m);
      for (let e = 0; e < m; e++) {
        let vg = 0;
        for (let a = 0; a < m; a++) vg += vectors[a * m + e] * gf[a];
        const scale = vg / Math.max(Math.abs(values[e]), floor);
        for (let a = 0; a < m; a++) d[a] += scale * vectors[a * m + e];
        if (values[e] < -floor && values[e] < negativeValue) {
          negativeValue = values[e];
          negative = Float64Array.from({ length: m }, (_, a) => vectors[a * m + e]);
        }
      }
    }
    let decrement = 0;
    for (let a = 0; a < m; a++) decrement += gf[a] * d[a];
    if (!(decrement >= 0)) return result("not-converged", f, iteration, "no descent direction");
    // Line search along the projection arc P(x - alpha d).
    let accepted = false;
    let fNew = f;
    let xNew = x;
    for (let alpha = 1, k = 0; k < MAX_HALVINGS; k++, alpha /= 2) {
      const trial = Float64Array.from(x);
      for (let a = 0; a < m; a++) {
        const i = free[a];
        trial[i] = clamp(x[i] - alpha * d[a], lower[i], upper[i]);
      }
      let predicted = 0; // g . (x - trial) >= 0 for a descent step
      for (let i = 0; i < n; i++) predicted += g[i] * (x[i] - trial[i]);
      const ft = value(trial);
      if (ft <= f - ARMIJO * predicted) {
        accepted = true;
        fNew = ft;
        xNew = trial;
        break;
      }
    }
    if (decrement < tolerance && negative) {
      // A saddle (the gradient vanishes along a direction of negative curvature, e.g. a coupling
      // that enters squared at 0): step along it, both ways, from the size where the quadratic
      // model predicts a drop of 2 in f, halving until f drops.
      const escaped = escapeSaddle(value, x, f, free, negative, negativeValue, lower, upper);
      if (escaped) {
        x = escaped;
        if (iteration + 1 >= maxIterations)
          return result("not-converged", value(x), iteration + 1, `${maxIterations} iterations`);
        continue;
      }
    }
    if (decrement < tolerance) {
      // Converged: keep the last Newton step when it does not make f worse.
      if (accepted && fNew <= f) {
        x = xNew;
        return result("ok", fNew, iteration + 1);
      }
      return result("ok", f, iteration);
    }
    // No further decrease to be had (f is flat to rounding along the step, or f's derivatives are
    // finite differences of a function with a kink): converged if near enough the minimum.
    const stalled = !accepted || f - fNew <= STALL_RELATIVE * Math.max(1, Math.abs(f));
    if (stalled) {
      if (accepted) x = xNew;
      const fEnd = accepted ? fNew : f;
      return decrement < looseTolerance
        ? result("ok", fEnd, iteration + 1)
        : result(
            "not-converged",
            fEnd,
            iteration + 1,
            `no decrease along the Newton step with decrement ${decrement.toPrecision(3)} above ${looseTolerance}`,
          );
    }
    x = xNew;
    if (iteration + 1 >= maxIterations)
      return result("not-converged", fNew, iteration + 1, `${maxIterations} iterations`);
  }
}

/** The outcome of `minimizeScalar`: the point and f there. */
export interface ScalarMinimum {
  x: number;
  f: number;
  status: MinimizeStatus;
}

/** `minimizeScalar`'s one-element arrays (no objective calls it back, so one set serves). */
const SCALAR_SCRATCH = Array.from({ length: 5 }, () => new Float64Array(1));

/**
 * `minimize` for one variable, without its allocations: the global search scores ~50 grid points
 * a toy by a fit of one normalisation (global.ts), where minimize's per-iteration arrays cost
 * more than the Poisson sums. The same points and numbers as `minimize`, to the last bit
 * (projected Newton step, Armijo halving, the decrement and stall rules, the final Newton step;
 * test/inference/minimize.test.ts), but each trial point is evaluated with its derivatives,
 * which the next iteration reuses: one pass over the bins an iteration instead of two where the
 * derivatives come with f (a mu linear in the variable).
 * Where f'' is not positive (f not convex there, or flat) it hands over to `minimize`.
 */
export function minimizeScalar(
  objective: Objective,
  x0: number,
  lower: number,
  upper: number,
  options: MinimizeOptions = {},
): ScalarMinimum {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const looseTolerance = options.looseTolerance ?? 1e-5;
  // f, f', f'' at x and at the trial point; swapped when a trial is accepted.
  let [g, h, gTrial, hTrial] = SCALAR_SCRATCH;
  const at = SCALAR_SCRATCH[4];
  const status = (x: number, s: MinimizeStatus): MinimizeStatus =>
    s === "ok" && (x <= lower || x >= upper) ? "at-bound" : s;
  let x = clamp(x0, lower, upper);
  at[0] = x;
  let f = objective.evaluate(at, g, h);
  for (let iteration = 0; ; iteration++) {
    if (!Number.isFinite(f)) return { x, f, status: "not-converged" };
    const gradient = g[0];
    const curvature = h[0];
    if ((x <= lower && gradient > 0) || (x >= upper && gradient < 0))
      return { x, f, status: status(x, "ok") };
    if (!(curvature > 0)) {
      const rest = { ...options, maxIterations: maxIterations - iteration };
      const r = minimize(objective, [x], [lower], [upper], rest);
      return { x: r.x[0], f: r.f, status: r.status };
    }
    // As minimize's Cholesky solve for n = 1 (g / l / l, l = sqrt(h)), bit for bit: g / h
    // rounds differently about half the time.
    const l = Math.sqrt(curvature);
    const d = gradient / l / l;
    const decrement = gradient * d;
    if (!(decrement >= 0)) return { x, f, status: "not-converged" };
    let accepted = false;
    let fNew = f;
    let xNew = x;
    for (let alpha = 1, k = 0; k < MAX_HALVINGS; k++, alpha /= 2) {
      const trial = clamp(x - alpha * d, lower, upper);
      at[0] = trial;
      const ft = objective.evaluate(at, gTrial, hTrial);
      if (ft <= f - ARMIJO * (gradient * (x - trial))) {
        accepted = true;
        fNew = ft;
        xNew = trial;
        break;
      }
    }
    if (decrement < tolerance) {
      return accepted && fNew <= f
        ? { x: xNew, f: fNew, status: status(xNew, "ok") }
        : { x, f, status: status(x, "ok") };
    }
    const stalled = !accepted || f - fNew <= STALL_RELATIVE * Math.max(1, Math.abs(f));
    if (stalled) {
      const xEnd = accepted ? xNew : x;
      const fEnd = accepted ? fNew : f;
      return {
        x: xEnd,
        f: fEnd,
        status: decrement < looseTolerance ? status(xEnd, "ok") : "not-converged",
      };
    }
    x = xNew;
    f = fNew;
    [g, gTrial] = [gTrial, g];
    [h, hTrial] = [hTrial, h];
    if (iteration + 1 >= maxIterations) return { x, f, status: "not-converged" };
  }
}
