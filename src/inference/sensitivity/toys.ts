/**
 * The toy distribution of a discrete test's statistic q = min D(alternative) - min D(scenario)
 * over Poisson toys of the scenario: median, 68% and 95% bands, beside the asymptotic
 * expectation (docs/statistics.md "Sensitivity").
 *
 * Asymptotics: for two simple (non-nested) hypotheses q is near-gaussian with mean Delta chi2_A
 * and standard deviation 2 sqrt(Delta chi2_A) (M. Blennow, P. Coloma, P. Huber, T. Schwetz, JHEP
 * 03 (2014) 028, the gaussian approximation of the mass-ordering test statistic), so the 68% band
 * is Delta chi2_A +- 2 sqrt(Delta chi2_A).
 */
import { checkFinite, checkInteger, MAX_TOYS } from "../../arguments.js";
import { throwIfAborted } from "../../interrupt.js";
import { quantileSorted } from "../../numerics/quantile.js";
import type { ResolvedScenario } from "../../scenario/load.js";
import { samplePoisson } from "../../sampling/poisson.js";
import { toyStream } from "../../sampling/streams.js";
import { alternativeModel, restrictedConfig } from "../fit.js";
import { fitModel } from "../model.js";
import {
  asimovCounts,
  minDeviance,
  scaledScenario,
  type DiscreteOptions,
  type DiscreteSensitivity,
} from "./asimov.js";
import type { DiscreteTest } from "./tests.js";

/** Options of the toys: how many, and their stream seed. */
export interface ToyOptions extends DiscreteOptions {
  toys: number;
  /** Stream seed; default the scenario's seed + "/sensitivity" (apart from renp generate's toys). */
  seed?: string | number | undefined;
  /** Exact integrals instead of the fit's fast path (model.ts `exact`). */
  exact?: boolean | undefined;
}

/** The toy distribution of q and its asymptotic expectation. */
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

/** Toys drawn between two chances for the caller to regain control (discreteToysAsync). */
const TOYS_PER_STEP = 16;

/**
 * The toys of discreteToys, TOYS_PER_STEP at a time: the generator yields between steps and
 * returns the distribution, so a synchronous and an interruptible caller share one loop.
 */
function* toySteps(
  scenario: ResolvedScenario,
  test: DiscreteTest,
  options: ToyOptions,
  asimov: DiscreteSensitivity,
): Generator<void, ToyDistribution> {
  const s = checkFinite("exposureScale", options.exposureScale ?? 1, { above: 0, max: 1e12 });
  const float = asimov.float;
  const exact = options.exact ? { exact: true } : {};
  const model = fitModel(scaledScenario(scenario, s), exact);
  const other = test === "mlightest" ? model : alternativeModel(model, test, exact);
  const otherFloat = test === "mlightest" ? float : restrictedConfig(other, { float }).float;
  const otherFix = test === "mlightest" ? { lightestMassEv: 0 } : {};
  const mu = asimovCounts(model);
  const seed = options.seed ?? `${scenario.seed}/sensitivity`;
  const q = new Float64Array(checkInteger("toys", options.toys, 1, MAX_TOYS));
  const counts = new Float64Array(model.bins);
  let notConverged = 0;
  for (let t = 0; t < options.toys; t++) {
    if (t > 0 && t % TOYS_PER_STEP === 0) yield;
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

/** The toy distribution of q for a discrete test, toys drawn from the scenario at the scale. */
export function discreteToys(
  scenario: ResolvedScenario,
  test: DiscreteTest,
  options: ToyOptions,
  asimov: DiscreteSensitivity,
): ToyDistribution {
  const steps = toySteps(scenario, test, options, asimov);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * discreteToys, returning to the event loop every few toys: a long toy run stays responsive, and
 * `signal` stops it (InterruptedError) within a few toys' time.
 */
export async function discreteToysAsync(
  scenario: ResolvedScenario,
  test: DiscreteTest,
  options: ToyOptions,
  asimov: DiscreteSensitivity,
  signal?: AbortSignal,
): Promise<ToyDistribution> {
  const steps = toySteps(scenario, test, options, asimov);
  for (;;) {
    throwIfAborted(signal);
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
