/**
 * What fits.arrow says about the fit (for `renp inspect`): status counts, and per floated
 * parameter the mean and width of the pulls (fit - truth) / error over the converged toys, which
 * are 0 and 1 when the fit is unbiased and its errors right (docs/fitting.md).
 *
 * The truth of a parameter is its value in the model the toys were drawn from: the value it was
 * fixed at in the fit configuration, else the scenario's (1 for scales, 0 for the offset and
 * couplings); for a parameter with a systematic, the toy's own draw, read from nuisance.arrow
 * when it is given.
 */
import type { ResolvedScenario } from "../scenario/load.js";

export interface PullInput {
  scenario: ResolvedScenario;
  float: readonly string[];
  fix: Readonly<Record<string, number>>;
  status: readonly string[];
  toy: Int32Array;
  values: Record<string, ArrayLike<number>>;
  errors: Record<string, ArrayLike<number>>;
  /** nuisance.arrow's columns (toy, one per systematic), when read. */
  nuisance?: { toy: Int32Array; columns: Record<string, ArrayLike<number>> } | undefined;
}

export interface ParameterPulls {
  truth: "nominal" | "nuisance.arrow";
  /** Toys with status ok and a finite error. */
  toys: number;
  mean: number;
  width: number;
  /** Standard error of the mean: width / sqrt(toys). */
  meanErr: number;
  /**
   * Standard error of the width for gaussian pulls: width / sqrt(2 (toys - 1)), the large-sample
   * variance of a normal sample's standard deviation (H. Cramer, Mathematical Methods of
   * Statistics (1946), section 27.7).
   */
  widthErr: number;
}

/** Per ok toy: the toy index, the fitted value, its truth and error, and the pull. */
export interface PullValues {
  truth: "nominal" | "nuisance.arrow";
  toy: number[];
  fitted: number[];
  truthValue: number[];
  error: number[];
  pull: number[];
}

/** What `pullSummary` returns: status counts and the pulls of each floated parameter. */
export interface PullSummary {
  statusCounts: Record<string, number>;
  parameters: Record<string, ParameterPulls>;
}

/** A parameter's value in the scenario; undefined for a name the model does not know. */
export function nominalValue(scenario: ResolvedScenario, name: string): number | undefined {
  const nu = scenario.neutrino;
  if (name === "lightestMassEv") return nu.lightestMassEv;
  if (name === "majoranaPhasesDeg.alpha21") return nu.majoranaPhasesDeg.alpha21;
  if (name === "majoranaPhasesDeg.alpha31") return nu.majoranaPhasesDeg.alpha31;
  if (name === "omegaOffsetEv" || name.startsWith("bsm.")) return 0;
  if (name === "signalNorm" || name === "efficiencyScale" || name.startsWith("backgroundNorm:"))
    return 1;
  return undefined;
}

/** The systematic acting on a fit parameter, if any. */
function systematicName(scenario: ResolvedScenario, name: string): string | undefined {
  const [parameter, background] = name.split(":");
  return scenario.systematics.find((s) => s.parameter === parameter && s.background === background)
    ?.name;
}

/**
 * The pulls of every floated parameter over the toys with status ok and a positive error: per
 * parameter, the toys' fitted values, truths, errors and pulls.
 */
export function pullValues(input: PullInput): Record<string, PullValues> {
  const out: Record<string, PullValues> = {};
  const nuisanceRow = new Map<number, number>();
  input.nuisance?.toy.forEach((t, i) => nuisanceRow.set(t, i));
  for (const name of input.float) {
    const systematic = systematicName(input.scenario, name);
    const drawn = systematic ? input.nuisance?.columns[systematic] : undefined;
    const fixedTruth = input.fix[name] ?? nominalValue(input.scenario, name) ?? NaN;
    const v: PullValues = {
      truth: drawn ? "nuisance.arrow" : "nominal",
      toy: [],
      fitted: [],
      truthValue: [],
      error: [],
      pull: [],
    };
    input.toy.forEach((t, i) => {
      const row = nuisanceRow.get(t);
      const truth = drawn && row !== undefined ? drawn[row] : fixedTruth;
      const err = input.errors[name][i];
      if (input.status[i] !== "ok" || !(err > 0)) return;
      const fitted = input.values[name][i];
      v.toy.push(t);
      v.fitted.push(fitted);
      v.truthValue.push(truth);
      v.error.push(err);
      v.pull.push((fitted - truth) / err);
    });
    out[name] = v;
  }
  return out;
}

/** Mean and width (sample standard deviation) of pulls, with their standard errors. */
export function pullMoments(pulls: readonly number[]): Omit<ParameterPulls, "truth"> {
  const n = pulls.length;
  const mean = pulls.reduce((a, b) => a + b, 0) / n;
  const width = Math.sqrt(pulls.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return {
    toys: n,
    mean,
    width,
    meanErr: width / Math.sqrt(n),
    widthErr: width / Math.sqrt(2 * (n - 1)),
  };
}

/**
 * Plain warnings for pulls whose mean is more than `limit` standard errors from 0 or whose width
 * is more than `limit` (default 3) from 1: a biased fit, wrong errors, or a truth the toys were
 * not drawn with.
 */
export function pullWarnings(summary: PullSummary, limit = 3): string[] {
  const warnings: string[] = [];
  const f = (v: number) => Number(v.toPrecision(3)).toString();
  // Pulls are taken over the ok toys only: toys at a bound or not converged select the rest.
  const all = Object.values(summary.statusCounts).reduce((a, b) => a + b, 0);
  const left = all - (summary.statusCounts.ok ?? 0);
  const selected =
    left > 0 ? `; ${left} of ${all} toys are not ok and left out, which can bias the rest` : "";
  for (const [name, p] of Object.entries(summary.parameters)) {
    if (!(p.toys >= 2)) continue;
    const meanOff = Math.abs(p.mean) / p.meanErr;
    const widthOff = Math.abs(p.width - 1) / p.widthErr;
    if (meanOff > limit)
      warnings.push(
        `${name}: pull mean ${f(p.mean)} ± ${f(p.meanErr)} is ${meanOff.toFixed(1)} standard errors from 0 (the fit is biased, or the truth is not the value the toys were drawn with${selected})`,
      );
    if (widthOff > limit)
      warnings.push(
        `${name}: pull width ${f(p.width)} ± ${f(p.widthErr)} is ${widthOff.toFixed(1)} standard errors from 1 (the fit's errors are ${p.width > 1 ? "too small" : "too large"}, or the likelihood is far from gaussian${selected})`,
      );
  }
  return warnings;
}

/**
 * The status counts and, per floated parameter, the pull moments (`pullMoments`) over the ok
 * toys.
 */
export function pullSummary(input: PullInput): PullSummary {
  const statusCounts: Record<string, number> = {};
  for (const s of input.status) statusCounts[s] = (statusCounts[s] ?? 0) + 1;
  const parameters: Record<string, ParameterPulls> = {};
  for (const [name, v] of Object.entries(pullValues(input)))
    parameters[name] = { truth: v.truth, ...pullMoments(v.pull) };
  return { statusCounts, parameters };
}
