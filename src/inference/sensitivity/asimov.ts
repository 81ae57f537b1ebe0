/**
 * Median sensitivity of a discrete test from the Asimov data set (docs/statistics.md
 * "Sensitivity"): Delta chi2 of the alternative (other ordering, other nature, or
 * lightestMassEv = 0) fitted to the Asimov data of the scenario, minus the scenario's own fit,
 * at one exposure scale; and the exposure where it reaches a given significance.
 *
 * The Asimov value of a test statistic is its median over toys (G. Cowan, K. Cranmer, E. Gross,
 * O. Vitells, Eur. Phys. J. C 71 (2011) 1554, "the Asimov data set"); toys.ts checks it.
 */
import { checkFinite } from "../../arguments.js";
import { ScenarioError } from "../../errors.js";
import { logGrid } from "../../numerics/grid.js";
import { compensatedSum } from "../../numerics/sum.js";
import type { ResolvedScenario } from "../../scenario/load.js";
import { Fitter, alternativeModel, restrictedConfig, type FitResult } from "../fit.js";
import { PoissonLikelihood } from "../likelihood.js";
import { fitModel, type FitModel } from "../model.js";
import type { DiscreteTest } from "./tests.js";

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

/** Options of a discrete test. */
export interface DiscreteOptions {
  /** Parameters floated in both hypotheses' fits; default lightestMassEv (ordering, nature), none (mlightest). */
  float?: readonly string[] | undefined;
  exposureScale?: number | undefined;
}

/** The Asimov sensitivity of a discrete test at one exposure scale. */
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

/** The parameters a discrete test floats by default. */
export const defaultFloat = (test: DiscreteTest): string[] =>
  test === "mlightest" ? [] : ["lightestMassEv"];

/** Seconds in a day: exposures are reported in days. */
export const SECONDS_PER_DAY = 86400;

/** Delta chi2 of a discrete test on the Asimov data of the scenario at one exposure scale. */
export function discreteSensitivity(
  scenario: ResolvedScenario,
  test: DiscreteTest,
  options: DiscreteOptions = {},
): DiscreteSensitivity {
  const s = checkFinite("exposureScale", options.exposureScale ?? 1, { above: 0, max: 1e12 });
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
    exposureDays: compensatedSum(model.table.scan.exposureS) / SECONDS_PER_DAY,
    signalEvents: compensatedSum(model.table.muSignal),
    totalEvents: compensatedSum(counts),
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
