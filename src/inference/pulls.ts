/**
 * What fits.arrow says about the fit (for `renp inspect`): status counts, and per floated
 * parameter the mean and width of the pulls (fit - truth) / error over the converged toys, which
 * are 0 and 1 when the fit is unbiased and its errors right (docs/fitting.md).
 *
 * The truth of a parameter is its value in the model the toys were drawn from: the value it was
 * fixed at in the fit configuration, else the scenario's (1 for scales, 0 for the offset and
 * couplings); for a parameter with a systematic, the toy's own draw, read from nuisance.arrow
 * when it is given.
 *
 * Exported API:
 * - `nominalValue(scenario, name)`: a parameter's value in the scenario, undefined for a name the
 *   model does not know.
 * - `pullSummary(input)` -> `PullSummary`.
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
}

export interface PullSummary {
  statusCounts: Record<string, number>;
  parameters: Record<string, ParameterPulls>;
}

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

export function pullSummary(input: PullInput): PullSummary {
  const statusCounts: Record<string, number> = {};
  for (const s of input.status) statusCounts[s] = (statusCounts[s] ?? 0) + 1;
  const parameters: Record<string, ParameterPulls> = {};
  const nuisanceRow = new Map<number, number>();
  input.nuisance?.toy.forEach((t, i) => nuisanceRow.set(t, i));
  for (const name of input.float) {
    const systematic = systematicName(input.scenario, name);
    const drawn = systematic ? input.nuisance?.columns[systematic] : undefined;
    const fixedTruth = input.fix[name] ?? nominalValue(input.scenario, name) ?? NaN;
    const pulls: number[] = [];
    input.toy.forEach((t, i) => {
      const row = nuisanceRow.get(t);
      const truth = drawn && row !== undefined ? drawn[row] : fixedTruth;
      const err = input.errors[name][i];
      if (input.status[i] !== "ok" || !(err > 0)) return;
      pulls.push((input.values[name][i] - truth) / err);
    });
    const n = pulls.length;
    const mean = pulls.reduce((a, b) => a + b, 0) / n;
    const width = Math.sqrt(pulls.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    parameters[name] = { truth: drawn ? "nuisance.arrow" : "nominal", toys: n, mean, width };
  }
  return { statusCounts, parameters };
}
