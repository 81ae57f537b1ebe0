/**
 * The binned Poisson likelihood of a fit model and one data vector, as -2 ln(L / L_saturated):
 *
 *   D(theta) = 2 sum_k [mu_k - n_k + n_k ln(n_k / mu_k)] + sum_j C_j(theta_j),
 *
 * the first sum the Poisson deviance (S. Baker, R. D. Cousins, Nucl. Instrum. Meth. 221 (1984)
 * 437, eq. 7), with n_k ln(n_k / mu_k) = 0 for n_k = 0 and D = +Infinity when mu_k = 0 < n_k
 * or mu_k < 0;
 * C_j the constraint of every parameter that has a systematic, floated or held fixed (a fixed
 * one adds a constant, so a profile or a `--fix` fit away from the nominal value pays for it),
 * with the prior the generator draws it from (sampling/nuisance.ts; docs/fitting.md):
 * - gaussian: ((theta - nominal) / sigma)^2 (the generator's truncation theta >= 0, or |offset|
 *   <= 8 sigma, is the parameter's bound);
 * - lognormal: (ln theta / sigma)^2, the gaussian of ln theta, which the generator draws;
 * - uniform: 0, its [min, max] the parameter's bound.
 */
import type { Systematic } from "../experiment/systematics.js";
import type { FitModel } from "./model.js";

/**
 * The Poisson deviance, the first sum of D: 2 sum_k [mu_k - n_k + n_k ln(n_k / mu_k)] (Baker &
 * Cousins 1984, eq. 7), with n_k ln(n_k / mu_k) = 0 for n_k = 0, and +Infinity when
 * mu_k = 0 < n_k or mu_k < 0. A RangeError when n and mu differ in length.
 */
export function poissonDeviance(n: ArrayLike<number>, mu: ArrayLike<number>): number {
  if (n.length !== mu.length)
    throw new RangeError(`bin count mismatch: ${n.length} counts, ${mu.length} means`);
  let sum = 0;
  for (let k = 0; k < n.length; k++) sum += binDeviance(n[k], mu[k]);
  return 2 * sum;
}

/**
 * mu - n + n ln(n / mu): 0 at mu = n, mu for n = 0, +Infinity for mu = 0 < n and for mu < 0 (a
 * negative signal norm beyond the bins' backgrounds: no Poisson mean is negative).
 */
function binDeviance(n: number, mu: number): number {
  if (mu < 0) return Infinity;
  if (n === 0) return mu;
  if (!(mu > 0)) return Infinity;
  return mu - n + n * Math.log(n / mu);
}

/** A constraint term C(theta) and its derivatives. */
export interface ConstraintValue {
  /** C. */
  value: number;
  /** dC / dtheta. */
  d1: number;
  /** d2C / dtheta2. */
  d2: number;
}

/**
 * The constraint term C(theta) of a systematic's prior, nominal theta0 (1 or 0), with its
 * derivatives dC/dtheta and d2C/dtheta2 (the module comment gives C per prior).
 */
export function constraintTerm(
  systematic: Systematic,
  nominal: number,
  theta: number,
): ConstraintValue {
  const prior = systematic.prior;
  if (prior.distribution === "uniform") return { value: 0, d1: 0, d2: 0 };
  const s2 = prior.sigma * prior.sigma;
  if (prior.distribution === "gaussian") {
    const d = theta - nominal;
    return { value: (d * d) / s2, d1: (2 * d) / s2, d2: 2 / s2 };
  }
  if (!(theta > 0)) return { value: Infinity, d1: -Infinity, d2: Infinity };
  const l = Math.log(theta);
  return {
    value: (l * l) / s2,
    d1: (2 * l) / (s2 * theta),
    d2: (2 * (1 - l)) / (s2 * theta * theta),
  };
}

/**
 * D as a function of the floated values x: `floated` are model parameter indices, every other
 * parameter at its value in `fixed` (a full parameter vector). A RangeError when the counts do
 * not match the model's bins.
 */
export class PoissonLikelihood {
  readonly size: number;
  private readonly full: Float64Array;
  private readonly mu: Float64Array;
  private readonly jacobian: Float64Array[];
  private readonly second: Float64Array[];
  private readonly constrained: (Systematic | undefined)[];
  private readonly linear: boolean;
  /** In `linear` mode, mu at x = 0 (mu at the first x minus the Jacobian times it). */
  private linearBase: Float64Array | undefined;
  /** Sum of the constraint terms of the parameters held fixed (a constant of the fit). */
  private fixedConstraint = 0;

  constructor(
    readonly model: FitModel,
    readonly counts: ArrayLike<number>,
    readonly floated: readonly number[],
    fixed: Float64Array,
    options: {
      /**
       * Every floated parameter enters mu linearly (normalisations): the model is evaluated once,
       * at the first x asked for, and mu elsewhere is mu there plus the Jacobian times the step
       * (exact for a linear mu up to rounding; the global search's scores, global.ts).
       */
      linear?: boolean;
    } = {},
  ) {
    if (counts.length !== model.bins)
      throw new RangeError(`${counts.length} counts for a model of ${model.bins} bins`);
    this.size = floated.length;
    this.linear = options.linear ?? false;
    this.full = new Float64Array(fixed.length);
    this.mu = new Float64Array(model.bins);
    this.jacobian = [];
    this.second = [];
    this.constrained = [];
    for (const i of floated) {
      this.jacobian.push(new Float64Array(model.bins));
      this.second.push(new Float64Array(model.bins));
      this.constrained.push(model.parameters[i].systematic);
    }
    this.moveTo(fixed);
  }

  /**
   * The same likelihood with the parameters not floated at `fixed` (a full parameter vector):
   * the global search scores its ~25 grid points a toy with one likelihood (global.ts).
   */
  moveTo(fixed: Float64Array): void {
    this.full.set(fixed);
    this.linearBase = undefined;
    let sum = 0;
    const parameters = this.model.parameters;
    for (let i = 0; i < parameters.length; i++) {
      const p = parameters[i];
      if (p.systematic && !this.floated.includes(i))
        sum += constraintTerm(p.systematic, p.nominal, fixed[i]).value;
    }
    this.fixedConstraint = sum;
  }

  /** mu at x into this.mu and, with `derivatives` (or in linear mode), the Jacobian. */
  private compute(x: ArrayLike<number>, derivatives: boolean): void {
    const { mu, jacobian } = this;
    if (this.linearBase) {
      mu.set(this.linearBase);
      for (let j = 0; j < this.size; j++) {
        const column = jacobian[j];
        const v = x[j];
        for (let k = 0; k < mu.length; k++) mu[k] += v * column[k];
      }
      return;
    }
    this.floated.forEach((i, j) => (this.full[i] = x[j]));
    if (!derivatives && !this.linear) {
      this.model.evaluate(this.full, mu);
      return;
    }
    const of = { of: this.floated, out: jacobian, second: this.second };
    this.model.evaluate(this.full, mu, of);
    if (!this.linear) return;
    const base = Float64Array.from(mu);
    for (let j = 0; j < this.size; j++)
      for (let k = 0; k < base.length; k++) base[k] -= x[j] * jacobian[j][k];
    this.linearBase = base;
    this.second.forEach((column) => column.fill(0));
  }

  private constraints(x: ArrayLike<number>, g?: Float64Array, h?: Float64Array): number {
    let sum = this.fixedConstraint;
    for (let j = 0; j < this.size; j++) {
      const s = this.constrained[j];
      if (!s) continue;
      const c = constraintTerm(s, this.model.parameters[this.floated[j]].nominal, x[j]);
      sum += c.value;
      if (g) g[j] += c.d1;
      if (h) h[j * this.size + j] += c.d2;
    }
    return sum;
  }

  /** D at the floated values x. */
  value(x: ArrayLike<number>): number {
    this.compute(x, false);
    return poissonDeviance(this.counts, this.mu) + this.constraints(x);
  }

  /**
   * D at x; fills the gradient g (length size) and the Hessian h (size x size, row-major):
   * dD/dtheta_j = 2 sum_k (1 - n_k / mu_k) dmu_k/dtheta_j + C'_j and
   * 2 sum_k [(n_k / mu_k^2) dmu_k/dtheta_i dmu_k/dtheta_j + (1 - n_k / mu_k) d2mu_k/dtheta_i^2
   * delta_ij] + C''_j, exact where mu is linear in the floated parameters (the second derivatives
   * of mu are kept on the diagonal of the finite-difference parameters only).
   */
  evaluate(x: ArrayLike<number>, g: Float64Array, h: Float64Array): number {
    const p = this.size;
    this.compute(x, true);
    const { mu, jacobian, counts } = this;
    g.fill(0);
    h.fill(0);
    let sum = 0;
    for (let k = 0; k < mu.length; k++) {
      const n = counts[k];
      const m = mu[k];
      sum += binDeviance(n, m);
      if (m < 0 || (n > 0 && !(m > 0))) continue; // D is +Infinity here
      // n = 0: the bin adds 2 mu, gradient 2 dmu (also at mu = 0, the edge of a bound).
      const a = n === 0 ? 2 : 2 * (1 - n / m);
      const w = n === 0 ? 0 : (2 * n) / (m * m);
      for (let i = 0; i < p; i++) {
        h[i * p + i] += a * this.second[i][k];
        const ji = jacobian[i][k];
        if (ji === 0) continue;
        g[i] += a * ji;
        if (w === 0) continue;
        for (let j = 0; j <= i; j++) h[i * p + j] += w * ji * jacobian[j][k];
      }
    }
    for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) h[j * p + i] = h[i * p + j];
    return 2 * sum + this.constraints(x, g, h);
  }
}
