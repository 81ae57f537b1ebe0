/**
 * Fits of one data vector (counts per bin) with the fit model: best values, errors, profile
 * scans and intervals, and the test of a discrete alternative. docs/fitting.md gives the
 * definitions.
 */
import { ScenarioError } from "../errors.js";
import { illinois } from "../numerics/roots.js";
import type { ResolvedScenario } from "../scenario/load.js";
import { PoissonLikelihood } from "./likelihood.js";
import { globalMinimize, pairedFits } from "./global.js";
import { invertSymmetric, minimize, type MinimizeStatus } from "./minimize.js";
import { alternativeScenario } from "./alternative.js";
import { fitModel, type Alternative, type FitModel, type ModelOptions } from "./model.js";

/** What a fit floats and what it holds fixed (by parameter name). */
export interface FitConfig {
  /** Names of the floated parameters (model.ts), in output order. */
  float: readonly string[];
  /** Values of parameters held away from their nominal value. */
  fix?: Readonly<Record<string, number>>;
}

/** A fit's outcome: status, deviance, values and errors of the floated parameters. */
export interface FitResult {
  status: MinimizeStatus;
  message?: string;
  /** min over the floated parameters of -2 ln(L / L_saturated), constraints included. */
  deviance: number;
  /** deviance / 2 = -ln(L / L_saturated). */
  nll: number;
  names: string[];
  values: Float64Array;
  errors: Float64Array;
  /** Row-major, floated order; NaN when the Hessian is singular. */
  covariance: Float64Array;
  iterations: number;
  evaluations: number;
}

/** A profile-likelihood interval, each end flagged when it stopped at a parameter bound. */
export interface ProfileInterval {
  lower: number;
  upper: number;
  lowerAtBound: boolean;
  upperAtBound: boolean;
}

const INTERVAL_RELATIVE_TOLERANCE = 1e-4;

/**
 * Fits counts with a model: maximum likelihood, errors, profiles and intervals (docs/fitting.md).
 * The fit floats `config.float` (parameter names); every other parameter is at its nominal value
 * or at `config.fix[name]`.
 */
export class Fitter {
  readonly floated: number[];
  readonly names: string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly fixedValues: Float64Array;
  private readonly allLinear: boolean;

  /**
   * Unknown names, a parameter floated twice or both floated and fixed, or a fixed value outside
   * its bounds throw a ScenarioError naming it.
   */
  constructor(
    readonly model: FitModel,
    config: FitConfig,
  ) {
    this.names = [...config.float];
    this.floated = this.names.map((name) => model.index(name));
    const seen = new Set<string>();
    for (const name of this.names) {
      if (seen.has(name)) throw new ScenarioError(`fit parameter "${name}" is floated twice`);
      seen.add(name);
    }
    this.fixedValues = model.nominal();
    for (const [name, value] of Object.entries(config.fix ?? {})) {
      const i = model.index(name);
      const p = model.parameters[i];
      if (seen.has(name))
        throw new ScenarioError(`fit parameter "${name}" is both floated and fixed`);
      if (!(value >= p.lower && value <= p.upper))
        throw new ScenarioError(
          `fixed value ${name} = ${value} is outside its range [${p.lower}, ${p.upper}]`,
        );
      this.fixedValues[i] = value;
    }
    this.lower = Float64Array.from(this.floated, (i) => model.parameters[i].lower);
    this.upper = Float64Array.from(this.floated, (i) => model.parameters[i].upper);
    this.allLinear = this.floated.every((i) => model.parameters[i].linear);
  }

  private likelihood(counts: ArrayLike<number>, fixed = this.fixedValues): PoissonLikelihood {
    return new PoissonLikelihood(this.model, counts, this.floated, fixed);
  }

  /** The floated parameters' starting values: the fixed/nominal values, or `start`. */
  private startValues(start?: ArrayLike<number>): Float64Array {
    return start
      ? Float64Array.from(start)
      : Float64Array.from(this.floated, (i) => this.fixedValues[i]);
  }

  /**
   * The lowest minimum of the global strategy (global.ts: a grid or the two signs for multimodal
   * parameters, then the local minimiser) and its status (minimize.ts); `deviance` = min
   * -2 ln(L/L_sat) (likelihood.ts), `nll` = deviance / 2; values, errors and covariance from the
   * Hessian (covariance = 2 H^-1 for H the Hessian of -2 ln L: the analytic one where every
   * floated parameter enters linearly, central differences of the analytic gradient otherwise);
   * `options.errors` false skips the Hessian: errors and covariance NaN; `options.local` runs
   * the local minimiser from the start alone (no global search).
   */
  fit(
    counts: ArrayLike<number>,
    start?: ArrayLike<number>,
    options: { errors?: boolean; local?: boolean } = {},
  ): FitResult {
    const like = this.likelihood(counts);
    const n = this.floated.length;
    // The lowest minimum of the global strategy (global.ts) where a floated parameter is
    // multimodal, else one descent: the status is that of the best minimum found.
    const r = options.local
      ? minimize(like, this.startValues(start), this.lower, this.upper)
      : globalMinimize(
          this.model,
          counts,
          this.floated,
          this.fixedValues,
          this.startValues(start),
          this.lower,
          this.upper,
        ).best;
    // Without errors (a test's alternative fit needs only its minimum) the Hessian is NaN.
    const h =
      options.errors === false
        ? new Float64Array(n * n).fill(Number.NaN)
        : this.allLinear
          ? hessianAt(like, r.x)
          : this.numericalHessian(like, r.x);
    const inverse = n > 0 ? invertSymmetric(h, n) : new Float64Array(0);
    const covariance = inverse
      ? inverse.map((v) => 2 * v)
      : new Float64Array(n * n).fill(Number.NaN);
    return {
      status: r.status,
      ...(r.message === undefined ? {} : { message: r.message }),
      deviance: r.f,
      nll: r.f / 2,
      names: this.names,
      values: r.x,
      // A singular Hessian (a parameter at a bound where the data say nothing beyond it): each
      // error is then the curvature along its own axis, sqrt(2 / H_jj), the others held - an
      // underestimate where they correlate (docs/fitting.md, "Boundaries").
      errors: Float64Array.from({ length: n }, (_, j) =>
        inverse ? Math.sqrt(covariance[j * n + j]) : Math.sqrt(2 / h[j * n + j]),
      ),
      covariance,
      iterations: r.iterations,
      evaluations: r.evaluations,
    };
  }

  /**
   * The Hessian by central differences of the analytic gradient (steps 1e-3 of the Gauss-Newton
   * error, kept inside the bounds), symmetrised.
   */
  private numericalHessian(like: PoissonLikelihood, x: Float64Array): Float64Array {
    const n = x.length;
    const gn = hessianAt(like, x);
    const inverse = invertSymmetric(gn, n);
    const g1 = new Float64Array(n);
    const g2 = new Float64Array(n);
    const scratch = new Float64Array(n * n);
    const h = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      const p = this.model.parameters[this.floated[j]];
      const sigma = inverse ? Math.sqrt(2 * inverse[j * n + j]) : NaN;
      const step = Number.isFinite(sigma) && sigma > 0 ? 1e-3 * sigma : 1e-4 * p.stepScale;
      const up = Math.min(x[j] + step, this.upper[j]);
      const down = Math.max(x[j] - step, this.lower[j]);
      const at = Float64Array.from(x);
      at[j] = up;
      like.evaluate(at, g1, scratch);
      at[j] = down;
      like.evaluate(at, g2, scratch);
      for (let i = 0; i < n; i++) h[i * n + j] = (g1[i] - g2[i]) / (up - down);
    }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++) h[i * n + j] = h[j * n + i] = (h[i * n + j] + h[j * n + i]) / 2;
    return h;
  }

  /**
   * -2 Delta ln L at each value of `name` held fixed, the other floated parameters refitted,
   * relative to the best fit. A ScenarioError when `name` is not floated.
   */
  profile(
    counts: ArrayLike<number>,
    name: string,
    values: readonly number[],
    best: FitResult = this.fit(counts),
  ): { value: number; deltaDeviance: number; status: MinimizeStatus }[] {
    return values.map((v) => {
      const r = this.constrainedFit(counts, name, v, best);
      return { value: v, deltaDeviance: r.f - best.deviance, status: r.status };
    });
  }

  /** The fit with `name` held at v, the other floated parameters from the best fit. */
  private constrainedFit(
    counts: ArrayLike<number>,
    name: string,
    v: number,
    best: FitResult,
  ): { f: number; status: MinimizeStatus } {
    const j = this.names.indexOf(name);
    if (j < 0) throw new ScenarioError(`profile of "${name}": it is not floated`);
    const fixed = Float64Array.from(this.fixedValues);
    fixed[this.floated[j]] = v;
    const others = this.floated.filter((_, a) => a !== j);
    const like = new PoissonLikelihood(this.model, counts, others, fixed);
    const start = Float64Array.from(others.map((_, a) => best.values[a < j ? a : a + 1]));
    if (others.length === 0) return { f: like.value(start), status: "ok" };
    const r = globalMinimize(
      this.model,
      counts,
      others,
      fixed,
      start,
      this.lower.filter((_, a) => a !== j),
      this.upper.filter((_, a) => a !== j),
    ).best;
    return { f: r.f, status: r.status };
  }

  /**
   * The profile interval {lower, upper} of `name` where -2 Delta ln L = level (1: 68.27%,
   * 3.84: 95%), each end found by bracketing and regula falsi; an end that reaches the parameter's
   * bound is the bound, flagged. A ScenarioError when `name` is not floated.
   */
  interval(
    counts: ArrayLike<number>,
    name: string,
    level = 1,
    best: FitResult = this.fit(counts),
  ): ProfileInterval {
    const j = this.names.indexOf(name);
    if (j < 0) throw new ScenarioError(`interval of "${name}": it is not floated`);
    const x0 = best.values[j];
    const sigma = best.errors[j];
    const scale =
      Number.isFinite(sigma) && sigma > 0
        ? sigma
        : this.model.parameters[this.floated[j]].stepScale;
    const excess = (v: number) =>
      this.constrainedFit(counts, name, v, best).f - best.deviance - level;
    const end = (sign: 1 | -1): [number, boolean] => {
      const bound = sign > 0 ? this.upper[j] : this.lower[j];
      // Bracket: excess(inside) < 0 <= excess(outside), stepping out by doubling.
      let inside = x0;
      let fIn = -level;
      let step = Math.sqrt(level) * scale;
      let outside = x0 + sign * step;
      let fOut: number;
      for (;;) {
        if (sign * (outside - bound) >= 0) {
          fOut = excess(bound);
          if (fOut < 0) return [bound, true];
          outside = bound;
          break;
        }
        fOut = excess(outside);
        if (fOut >= 0) break;
        inside = outside;
        fIn = fOut;
        step *= 2;
        outside = x0 + sign * step;
      }
      // Regula falsi, Illinois variant (numerics/roots.ts): the profile is smooth, so a few
      // steps reach a small fraction of the error.
      const root = illinois(
        excess,
        { a: inside, fa: fIn, b: outside, fb: fOut },
        { xTolerance: INTERVAL_RELATIVE_TOLERANCE * scale, yTolerance: 1e-9 },
      );
      return [root, false];
    };
    const [lower, lowerAtBound] = end(-1);
    const [upper, upperAtBound] = end(1);
    return { lower, upper, lowerAtBound, upperAtBound };
  }
}

/** The likelihood's own (analytic or Gauss-Newton) Hessian at x. */
function hessianAt(like: PoissonLikelihood, x: Float64Array): Float64Array {
  const n = x.length;
  const g = new Float64Array(n);
  const h = new Float64Array(n * n);
  like.evaluate(x, g, h);
  return h;
}

/** The test statistic q of an alternative and the two fits it comes from. */
export interface AlternativeTest {
  /** min D(alternative) - min D(scenario): >= 0 when the data favour the scenario. */
  q: number;
  fit: FitResult;
  alternativeFit: FitResult;
}

/**
 * q = min D under the other ordering or nature minus min D under the scenario's: each hypothesis
 * fitted with the floated parameters it has (a Dirac model has no Majorana phases); both fits
 * returned; a negative q refits the scenario's hypothesis from the alternative's minimum
 * (global.ts `pairedFits`).
 */
export function testAlternative(
  scenario: ResolvedScenario,
  counts: ArrayLike<number>,
  config: FitConfig,
  alternative: Alternative,
  options: { model?: FitModel; modelOptions?: ModelOptions } = {},
): AlternativeTest {
  const model = options.model ?? fitModel(scenario, options.modelOptions);
  const other = alternativeModel(model, alternative, options.modelOptions);
  const { fit, alternativeFit, q } = pairedFits(
    new Fitter(model, config),
    new Fitter(other, restrictedConfig(other, config)),
    counts,
  );
  return { q, fit, alternativeFit };
}

/** The model of a scenario's other ordering or nature, with the same options. */
export function alternativeModel(
  model: FitModel,
  alternative: Alternative,
  options: ModelOptions = {},
): FitModel {
  // The flip itself is alternativeScenario's (model.ts); fitModel applies it from the options.
  const nu = alternativeScenario(model.scenario, alternative).neutrino;
  return fitModel(model.scenario, {
    ...options,
    ...(alternative === "ordering" ? { ordering: nu.ordering } : { nature: nu.nature }),
  });
}

/** The config with the parameters a model lacks (Majorana phases of a Dirac model) dropped. */
export function restrictedConfig(model: FitModel, config: FitConfig): FitConfig {
  const has = (name: string) => model.parameters.some((p) => p.name === name);
  return {
    float: config.float.filter(has),
    fix: Object.fromEntries(Object.entries(config.fix ?? {}).filter(([name]) => has(name))),
  };
}
