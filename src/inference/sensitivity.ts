/**
 * Median sensitivity from the Asimov data set, and the toy distribution of the test statistic
 * (docs/statistics.md "Sensitivity"). One implementation behind `renp sensitivity`, the library
 * entry and bench/run.ts; the likelihood and the fits are likelihood.ts and fit.ts.
 *
 * Exported API:
 * - `parseTest(text)`: "ordering" | "nature" | "mlightest" | "bsm:<family>[@massEv]" ->
 *   `SensitivityTest`; a ScenarioError (exit 2) naming what is allowed otherwise.
 * - `scaledScenario(scenario, s)`: the scenario with every bin's exposure times s.
 * - `discreteSensitivity(scenario, test, options)`: Delta chi2 of the alternative (other ordering,
 *   other nature, or lightestMassEv = 0) fitted to the Asimov data of the scenario, minus the
 *   scenario's own fit (0 up to the minimiser's tolerance), at one exposure scale.
 * - `exposureFor(result, z)`: the exposure scale where Delta chi2 = z^2, by the exact linearity of
 *   Delta chi2 in the exposure when no constrained parameter floats (docs/statistics.md derives
 *   it); `solveExposure` finds it numerically otherwise.
 * - `expectedLimits(scenario, family, options)`: the expected upper limits on a BSM family's
 *   coupling at 90% and 95% CL: the smallest |c| of each sign where Delta chi2(c) reaches the
 *   chi2(1 dof) quantile, data the Asimov set of the scenario with that coupling at 0.
 * - `discreteToys(scenario, test, options)`: q = min D(alternative) - min D(scenario) over Poisson
 *   toys of the scenario: median, 68% and 95% bands, beside the asymptotic expectation.
 * - `familyOf(kind, massEv, model)`, `poleInside`, `logGrid`, `CHI2_1DOF_90`, `CHI2_1DOF_95`.
 *
 * Asymptotics (checked by the toys): the Asimov value of a test statistic is its median over
 * toys (G. Cowan, K. Cranmer, E. Gross, O. Vitells, Eur. Phys. J. C 71 (2011) 1554, "the Asimov
 * data set"); for two simple (non-nested) hypotheses q is near-gaussian with mean Delta chi2_A and
 * standard deviation 2 sqrt(Delta chi2_A) (M. Blennow, P. Coloma, P. Huber, T. Schwetz, JHEP 03
 * (2014) 028, the gaussian approximation of the mass-ordering test statistic), so the 68% band is
 * Delta chi2_A +- 2 sqrt(Delta chi2_A).
 */
import { ScenarioError, type ResolvedScenario } from "../scenario/load.js";
import { samplePoisson } from "../sampling/poisson.js";
import { toyStream } from "../sampling/streams.js";
import { FAMILY_KINDS, type FamilyKind, type SensitivityFamily } from "./families.js";
import { PoissonLikelihood } from "./likelihood.js";
import { Fitter, alternativeModel, restrictedConfig, type FitResult } from "./fit.js";
import { fitModel, type FitModel } from "./model.js";

/** chi2 quantiles of 1 degree of freedom: (Phi^-1(0.95))^2 and (Phi^-1(0.975))^2. */
export const CHI2_1DOF_90 = 2.705543454095404;
export const CHI2_1DOF_95 = 3.841458820694124;

export const DISCRETE_TESTS = ["ordering", "nature", "mlightest"] as const;
export type DiscreteTest = (typeof DISCRETE_TESTS)[number];

export type SensitivityTest =
  { kind: DiscreteTest } | { kind: "bsm"; family: FamilyKind; massEv?: number | undefined };

const MEDIATORS: readonly FamilyKind[] = ["vector", "scalarS", "scalarP"];
export const hasMediatorMass = (family: FamilyKind): boolean => MEDIATORS.includes(family);

const TEST_FORMS = `${DISCRETE_TESTS.join(", ")}, bsm:<family>[@massEv] with family one of ${FAMILY_KINDS.join(", ")}`;

/** The test named on the command line. */
export function parseTest(text: string): SensitivityTest {
  if ((DISCRETE_TESTS as readonly string[]).includes(text)) return { kind: text as DiscreteTest };
  const m = /^bsm:([A-Za-z]+)(?:@(.+))?$/.exec(text);
  if (!m)
    throw new ScenarioError(`test = ${JSON.stringify(text)}: allowed: ${TEST_FORMS}`, {
      field: "test",
      value: text,
      allowed: TEST_FORMS,
    });
  const family = m[1] as FamilyKind;
  if (!FAMILY_KINDS.includes(family))
    throw new ScenarioError(
      `test = ${JSON.stringify(text)}: unknown family "${m[1]}"; allowed: ${FAMILY_KINDS.join(", ")}`,
      { field: "test", value: text, allowed: FAMILY_KINDS.join(", ") },
    );
  if (m[2] === undefined) return { kind: "bsm", family };
  const massEv = Number(m[2]);
  if (!hasMediatorMass(family))
    throw new ScenarioError(
      `test = ${JSON.stringify(text)}: ${family} has no mediator mass (only ${MEDIATORS.join(", ")} take @massEv)`,
      { field: "test", value: text, allowed: `@massEv after ${MEDIATORS.join(", ")}` },
    );
  if (!(massEv > 0) || !Number.isFinite(massEv))
    throw new ScenarioError(
      `test = ${JSON.stringify(text)}: the mass after @ must be a positive number of eV`,
      { field: "test", value: text, allowed: "a positive mass in eV after @" },
    );
  return { kind: "bsm", family, massEv };
}

/** The name of a test as printed ("ordering", "bsm:vector"). */
export const testName = (test: SensitivityTest): string =>
  test.kind === "bsm" ? `bsm:${test.family}` : test.kind;

/** The scenario with every bin's exposure multiplied by s. */
export function scaledScenario(scenario: ResolvedScenario, s: number): ResolvedScenario {
  if (s === 1) return scenario;
  const scan = scenario.experiment.scan;
  const e = scan.exposurePerBinS;
  return {
    ...scenario,
    experiment: {
      ...scenario.experiment,
      scan: { ...scan, exposurePerBinS: Array.isArray(e) ? e.map((x) => x * s) : e * s },
    },
  };
}

/** Log-spaced grid of n points from a to b inclusive. */
export function logGrid(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  const la = Math.log10(a);
  const step = (Math.log10(b) - la) / (n - 1);
  return Array.from({ length: n }, (_, k) => Math.pow(10, la + k * step));
}

/** The expected counts at the model's nominal values: the Asimov data set. */
export function asimovCounts(model: FitModel): Float64Array {
  const mu = new Float64Array(model.bins);
  model.evaluate(model.nominal(), mu);
  return mu;
}

/** min over `float` of D(counts | model), every other parameter nominal or as in `fix`. */
export function minDeviance(
  model: FitModel,
  counts: ArrayLike<number>,
  float: readonly string[],
  fix: Readonly<Record<string, number>> = {},
  start?: ArrayLike<number>,
): { deviance: number; fit?: FitResult; values: Record<string, number> } {
  const fitter = new Fitter(model, { float, fix });
  if (float.length === 0) {
    const like = new PoissonLikelihood(model, counts, [], fitter.fixedValues);
    return { deviance: like.value([]), values: {} };
  }
  const fit = fitter.fit(counts, start ?? degeneracyStart(fitter, model, counts));
  return {
    deviance: fit.deviance,
    fit,
    values: Object.fromEntries(fit.names.map((n, j) => [n, fit.values[j]])),
  };
}

/**
 * Where a fit floating lightestMassEv starts: the best of a coarse grid of masses (0 and a log
 * grid up to 0.3 eV or 3x the nominal), the other floated parameters nominal. The deviance in m
 * has several minima (and +Infinity where a threshold leaves a bin the data fill), so a start at
 * the nominal value alone can stop in a local one; the grid is a search for degenerate solutions
 * in the sense of GLoBES (P. Huber, M. Lindner, W. Winter, Comput. Phys. Commun. 167 (2005) 195).
 */
function degeneracyStart(
  fitter: Fitter,
  model: FitModel,
  counts: ArrayLike<number>,
): Float64Array | undefined {
  const j = fitter.names.indexOf("lightestMassEv");
  if (j < 0) return undefined;
  const like = new PoissonLikelihood(model, counts, fitter.floated, fitter.fixedValues);
  const start = Float64Array.from(fitter.floated, (i) => fitter.fixedValues[i]);
  const nominal = start[j];
  let best = { f: like.value(start), m: nominal };
  for (const m of [0, ...logGrid(1e-4, Math.max(0.3, 3 * nominal), 12)]) {
    start[j] = m;
    const f = like.value(start);
    if (f < best.f) best = { f, m };
  }
  start[j] = best.m;
  return start;
}

export interface DiscreteOptions {
  /** Parameters floated in both hypotheses' fits; default lightestMassEv (ordering, nature), none (mlightest). */
  float?: readonly string[] | undefined;
  exposureScale?: number | undefined;
}

export interface DiscreteSensitivity {
  test: DiscreteTest;
  exposureScale: number;
  /** Sum of the scan's exposure times the scale, days. */
  exposureDays: number;
  signalEvents: number;
  totalEvents: number;
  deltaChi2: number;
  z: number;
  /** min D of the scenario's own hypothesis on its Asimov data (0 up to the fit's tolerance). */
  trueDeviance: number;
  /** The alternative's best fit. */
  alternative: Record<string, number>;
  /** Whether a constrained parameter floats (then Delta chi2 is not linear in the exposure). */
  constrained: boolean;
  float: string[];
}

export const defaultFloat = (test: DiscreteTest): string[] =>
  test === "mlightest" ? [] : ["lightestMassEv"];

const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k];
  return s;
};
const SECONDS_PER_DAY = 86400;

/** Delta chi2 of a discrete test on the Asimov data of the scenario at one exposure scale. */
export function discreteSensitivity(
  scenario: ResolvedScenario,
  test: DiscreteTest,
  options: DiscreteOptions = {},
): DiscreteSensitivity {
  const s = options.exposureScale ?? 1;
  const float = [...(options.float ?? defaultFloat(test))];
  if (test === "mlightest" && float.includes("lightestMassEv"))
    throw new ScenarioError(
      "floated parameter lightestMassEv: the mlightest test fixes it at 0 in the alternative; float other parameters",
      { field: "float", value: "lightestMassEv", allowed: "parameters other than lightestMassEv" },
    );
  const model = fitModel(scaledScenario(scenario, s));
  const counts = asimovCounts(model);
  const own = minDeviance(model, counts, float);
  let alt: { deviance: number; values: Record<string, number> };
  if (test === "mlightest") {
    if (!(scenario.neutrino.lightestMassEv > 0))
      throw new ScenarioError(
        "the mlightest test compares the scenario with lightestMassEv = 0: give a scenario with neutrino.lightestMassEv > 0",
        { field: "neutrino.lightestMassEv", value: 0, allowed: "> 0 for the mlightest test" },
      );
    alt = minDeviance(model, counts, float, { lightestMassEv: 0 });
    alt.values = { lightestMassEv: 0, ...alt.values };
  } else {
    const other = alternativeModel(model, test);
    alt = minDeviance(other, counts, restrictedConfig(other, { float }).float);
  }
  const deltaChi2 = Math.max(0, alt.deviance - own.deviance);
  return {
    test,
    exposureScale: s,
    exposureDays: sum(model.table.scan.exposureS) / SECONDS_PER_DAY,
    signalEvents: sum(model.table.muSignal),
    totalEvents: sum(counts),
    deltaChi2,
    z: Math.sqrt(deltaChi2),
    trueDeviance: own.deviance,
    alternative: alt.values,
    constrained: float.some((name) => model.parameters[model.index(name)].systematic),
    float,
  };
}

/**
 * The exposure scale where Delta chi2 = z^2. Without constrained parameters D(s n | s mu) =
 * s D(n | mu) term by term (the deviance is homogeneous of degree one in counts and means, and
 * every mean - signal and background - is exposure times rate), and the minimiser over the floated
 * parameters does not move, so Delta chi2(s) = s Delta chi2(1) exactly.
 */
export function exposureFor(result: DiscreteSensitivity, z: number): number | undefined {
  if (result.constrained || !(result.deltaChi2 > 0)) return undefined;
  return (result.exposureScale * z * z) / result.deltaChi2;
}

/**
 * The same with constraints: secant steps on log Delta chi2 against log s (exact in one step when
 * Delta chi2 is a power of s), to 1e-3 in Delta chi2.
 */
export function solveExposure(
  scenario: ResolvedScenario,
  first: DiscreteSensitivity,
  z: number,
): number | undefined {
  const target = z * z;
  let a = { s: first.exposureScale, d: first.deltaChi2 };
  if (!(a.d > 0)) return undefined;
  let s = (a.s * target) / a.d;
  for (let iteration = 0; iteration < 12; iteration++) {
    const d = discreteSensitivity(scenario, first.test, {
      float: first.float,
      exposureScale: s,
    }).deltaChi2;
    if (Math.abs(d / target - 1) < 1e-3) return s;
    if (!(d > 0)) return undefined;
    const slope = a.s === s ? 1 : Math.log(d / a.d) / Math.log(s / a.s);
    a = { s, d };
    s = s * Math.pow(target / d, 1 / (slope > 0.05 ? slope : 0.05));
    if (!Number.isFinite(s) || s > 1e12) return undefined;
  }
  return undefined;
}

// ------------------------------------------------------------------ BSM limits

/** Pole of a mediator of mass M inside the scan: 2 m_lightest < M < sqrt(q^2_max), q^2_max = E_eg (E_eg - 2 omega_min). */
export function poleInside(model: FitModel, massEv: number): boolean {
  const masses = model.table.physics.massesEv;
  const eeg = model.scenario.target.eegEv;
  const q2Max = eeg * (eeg - 2 * Math.min(...model.table.scan.loEv));
  return massEv > 2 * Math.min(...masses) && massEv * massEv < q2Max;
}

/** Width of a mediator whose pole lies in the scan (docs/physics/sensitivity.md, Table 2). */
export const POLE_WIDTH_OVER_MASS = 1e-3;

/**
 * The family a `bsm:<kind>[@massEv]` test means: a mediator of that mass (with Gamma =
 * POLE_WIDTH_OVER_MASS M when its pole lies in the scan of `model`), transition moments on all
 * three pairs, or alpha_ee.
 */
export function familyOf(
  family: FamilyKind,
  massEv: number | undefined,
  model?: FitModel,
): SensitivityFamily {
  switch (family) {
    case "vector":
    case "scalarS":
    case "scalarP": {
      if (massEv === undefined) throw new RangeError(`${family} needs a mediator mass`);
      if (!model || !poleInside(model, massEv)) return { kind: family, massEv };
      return { kind: family, massEv, widthEv: POLE_WIDTH_OVER_MASS * massEv };
    }
    case "magnetic":
    case "electric":
      return { kind: family };
    case "nonUnitarity":
      return { kind: "nonUnitarity", i: 0, j: 0 };
  }
}

export interface LimitOptions {
  float?: readonly string[] | undefined;
  exposureScale?: number | undefined;
  /** Relative accuracy of each limit. */
  relTol?: number | undefined;
}

export interface ExpectedLimits {
  family: SensitivityFamily;
  exposureScale: number;
  exposureDays: number;
  signalEvents: number;
  /** Per sign of c, the smallest |c| with Delta chi2 >= the quantile (Infinity if none below 1e6). */
  plus90: number;
  minus90: number;
  plus95: number;
  minus95: number;
  /** The limit on |c|: the larger of the two signs (every |c| above it is excluded for both). */
  limit90: number;
  limit95: number;
  evaluations: number;
}

/** Expected 90% and 95% CL upper limits on a family's coupling (data: the coupling at 0). */
export function expectedLimits(
  scenario: ResolvedScenario,
  family: SensitivityFamily,
  options: LimitOptions = {},
): ExpectedLimits {
  const s = options.exposureScale ?? 1;
  const float = [...(options.float ?? [])];
  const relTol = options.relTol ?? 1e-4;
  const model = fitModel(scaledScenario(scenario, s), { families: [family] });
  const name = `bsm.${family.kind}`;
  if (float.includes(name))
    throw new ScenarioError(
      `floated parameter ${name}: the tested coupling is scanned, not floated`,
      {
        field: "float",
        value: name,
        allowed: `parameters other than ${name}`,
      },
    );
  const counts = asimovCounts(model);
  const base = minDeviance(model, counts, float).deviance;
  let evaluations = 0;
  const deltaChi2 = (c: number) => {
    evaluations++;
    return minDeviance(model, counts, float, { [name]: c }).deviance - base;
  };
  // The first search starts far below any reach; the others start at a found limit (the search
  // steps down first when that is already above the target), which saves the decade steps.
  const plus90 = firstCrossing(deltaChi2, 1, CHI2_1DOF_90, 1e-30, relTol);
  const minus90 = firstCrossing(deltaChi2, -1, CHI2_1DOF_90, finiteOr(plus90, 1e-30), relTol);
  const plus95 = firstCrossing(deltaChi2, 1, CHI2_1DOF_95, finiteOr(plus90, 1e-30), relTol);
  const minus95 = firstCrossing(deltaChi2, -1, CHI2_1DOF_95, finiteOr(minus90, 1e-30), relTol);
  return {
    family,
    exposureScale: s,
    exposureDays: sum(model.table.scan.exposureS) / SECONDS_PER_DAY,
    signalEvents: sum(model.table.muSignal),
    plus90,
    minus90,
    plus95,
    minus95,
    limit90: Math.max(plus90, minus90),
    limit95: Math.max(plus95, minus95),
    evaluations,
  };
}

const finiteOr = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback);
const MAX_COUPLING = 1e6;

/**
 * The smallest |c| (sign `sign`) where f first reaches `target`: decade steps from `start` (down
 * first if f is already above) bracket the crossing, then the Illinois variant of regula falsi
 * (M. Dowell, P. Jarratt, BIT 11 (1971) 168) on y = ln(f / target) against x = ln |c|, where f is
 * close to a power law (c^2 with interference, c^4 for squared terms), to relTol in |c|. f rises
 * from 0 like c^2 or c^4 and a dip back below the target needs the BSM amplitude to undo the SM
 * one, far beyond the limits sought, so the first decade that reaches the target holds the first
 * crossing (docs/physics/sensitivity.md, "Solve").
 */
export function firstCrossing(
  f: (c: number) => number,
  sign: 1 | -1,
  target: number,
  start: number,
  relTol: number,
): number {
  let lo = start;
  let fLo = f(sign * lo);
  for (let k = 0; fLo >= target; k++) {
    if (k > 60) throw new Error(`limit search: Delta chi2 >= ${target} even at |c| = ${lo}`);
    lo /= 10;
    fLo = f(sign * lo);
  }
  let hi = lo * 10;
  let fHi = f(sign * hi);
  while (!(fHi >= target)) {
    if (Number.isNaN(fHi)) throw new Error(`limit search: Delta chi2 = NaN at |c| = ${hi}`);
    if (hi > MAX_COUPLING) return Infinity;
    lo = hi;
    fLo = fHi;
    hi *= 10;
    fHi = f(sign * hi);
  }
  // Bracket [lo, hi] with f(lo) < target <= f(hi). Regula falsi in (ln c, ln f/target) while both
  // ends have f > 0 and finite; bisection in ln c otherwise.
  let xLo = Math.log(lo);
  let xHi = Math.log(hi);
  let yLo = fLo > 0 ? Math.log(fLo / target) : -Infinity;
  let yHi = Number.isFinite(fHi) ? Math.log(fHi / target) : Infinity;
  let side = 0; // which end stayed last time (Illinois halves its y after two stays)
  const tolerance = Math.log1p(relTol);
  for (let iteration = 0; iteration < 200 && xHi - xLo > tolerance; iteration++) {
    const secant = Number.isFinite(yLo) && Number.isFinite(yHi) && yHi > yLo;
    let x = secant ? xLo - (yLo * (xHi - xLo)) / (yHi - yLo) : 0.5 * (xLo + xHi);
    // Keep the new point strictly inside, a little away from the ends.
    const margin = 0.01 * (xHi - xLo);
    x = Math.min(Math.max(x, xLo + margin), xHi - margin);
    const fx = f(sign * Math.exp(x));
    const y = fx > 0 ? Math.log(fx / target) : -Infinity;
    if (y === 0) return Math.exp(x);
    if (y > 0) {
      xHi = x;
      yHi = Number.isFinite(y) ? y : Infinity;
      if (side === -1) yLo /= 2;
      side = -1;
    } else {
      xLo = x;
      yLo = y;
      if (side === 1) yHi /= 2;
      side = 1;
    }
    // Converged in y as well: f within relTol of the target moves c by less than relTol.
    if (Math.abs(y) < relTol) return Math.exp(x);
  }
  return Math.exp(0.5 * (xLo + xHi));
}

// ------------------------------------------------------------------ toys

export interface ToyOptions extends DiscreteOptions {
  toys: number;
  /** Stream seed; default the scenario's seed + "/sensitivity" (apart from renp generate's toys). */
  seed?: string | number | undefined;
  /** Exact integrals instead of the fit's fast path (model.ts `exact`). */
  exact?: boolean | undefined;
}

export interface ToyDistribution {
  toys: number;
  /** q of each toy, in toy order. */
  q: Float64Array;
  median: number;
  band68: [number, number];
  band95: [number, number];
  /** Asymptotic expectation (Blennow et al. 2014): median Delta chi2_A, 68% band +- 2 sqrt. */
  asimov: number;
  asymptotic68: [number, number];
  /** Fits flagged not-converged (q still computed from where they stopped). */
  notConverged: number;
}

/** Quantile of sorted values by linear interpolation (Hyndman & Fan 1996, definition 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The toy distribution of q for a discrete test, toys drawn from the scenario at the scale. */
export function discreteToys(
  scenario: ResolvedScenario,
  test: DiscreteTest,
  options: ToyOptions,
  asimov: DiscreteSensitivity,
): ToyDistribution {
  const s = options.exposureScale ?? 1;
  const float = asimov.float;
  const exact = options.exact ? { exact: true } : {};
  const model = fitModel(scaledScenario(scenario, s), exact);
  const other = test === "mlightest" ? model : alternativeModel(model, test, exact);
  const otherFloat = test === "mlightest" ? float : restrictedConfig(other, { float }).float;
  const otherFix = test === "mlightest" ? { lightestMassEv: 0 } : {};
  const mu = asimovCounts(model);
  const seed = options.seed ?? `${scenario.seed}/sensitivity`;
  const q = new Float64Array(options.toys);
  const counts = new Float64Array(model.bins);
  let notConverged = 0;
  for (let t = 0; t < options.toys; t++) {
    const u = toyStream(seed, t);
    for (let k = 0; k < counts.length; k++) counts[k] = samplePoisson(mu[k], u);
    const own = minDeviance(model, counts, float);
    const alt = minDeviance(other, counts, otherFloat, otherFix);
    for (const r of [own, alt]) if (r.fit && r.fit.status === "not-converged") notConverged++;
    q[t] = alt.deviance - own.deviance;
  }
  const sorted = Float64Array.from(q).sort();
  const a = asimov.deltaChi2;
  return {
    toys: options.toys,
    q,
    median: quantileSorted(sorted, 0.5),
    // 68.27% and 95% central bands.
    band68: [quantileSorted(sorted, 0.158655), quantileSorted(sorted, 0.841345)],
    band95: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)],
    asimov: a,
    asymptotic68: [a - 2 * Math.sqrt(a), a + 2 * Math.sqrt(a)],
    notConverged,
  };
}
