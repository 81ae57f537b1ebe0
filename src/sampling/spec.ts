/** Building a ToySpec from an expectation table (in the main thread; workers only receive it). */
import type { ExpectationTable } from "../expectation.js";
import { ScenarioError } from "../errors.js";
import { systematicsProblems } from "../experiment/systematics.js";
import { priorSupport } from "./nuisance.js";
import { offsetGrid } from "./offset.js";
import type { OffsetGrid } from "./stencil.js";
import type { ToyComponent, ToySpec } from "./toys.js";

/**
 * The sampler's input from an expectation table. Checks again what validation checks (every
 * backgroundNorm names a background, systematic names are distinct: they name columns), for
 * scenarios a library user assembles in code.
 * @throws ScenarioError on those.
 */
export function toySpec(
  table: ExpectationTable,
  options: {
    truth: boolean;
    offsetGrid?: OffsetGrid | undefined;
    /** No offset grid: the caller builds it when it needs it (the fit model, lazily). */
    withoutGrid?: boolean;
  },
): ToySpec {
  const scenario = table.scenario;
  const components: ToyComponent[] = [
    { column: "n_signal", mu: table.muSignal, efficiencyApplies: true },
    ...table.backgrounds.map((b, i) => ({
      column: `n_bkg_${b.name}`,
      background: b.name,
      mu: b.mu,
      efficiencyApplies: scenario.backgrounds[i].applyEfficiency,
    })),
  ];
  const systematics = scenario.systematics;
  const problem = systematicsProblems(
    systematics,
    table.backgrounds.map((b) => b.name),
  )[0];
  if (problem) {
    const [k, key] = problem.path;
    const field = `systematics[${k}].${key}`;
    const value = key === "name" ? systematics[Number(k)].name : systematics[Number(k)].background;
    throw new ScenarioError(`${field} = ${JSON.stringify(value)}: ${problem.message}`, {
      field,
      value,
      allowed: problem.message,
    });
  }
  const spec: ToySpec = {
    seed: scenario.seed,
    bins: table.muTotal.length,
    truth: options.truth,
    components,
    efficiency: table.efficiency,
    systematics,
  };
  const range = offsetRangeEv(systematics);
  if (range && !options.withoutGrid)
    spec.offsetGrid = options.offsetGrid ?? offsetGrid(table, range[0], range[1]);
  return spec;
}

/**
 * The offsets the toys' omega offset can take, [from, to] eV, or undefined without an
 * omegaOffsetEv systematic. Several offsets add: the range spans the sum of their supports.
 */
export function offsetRangeEv(
  systematics: ExpectationTable["scenario"]["systematics"],
): [number, number] | undefined {
  const offsets = systematics.filter((s) => s.parameter === "omegaOffsetEv").map(priorSupport);
  if (offsets.length === 0) return undefined;
  return [offsets.reduce((sum, [lo]) => sum + lo, 0), offsets.reduce((sum, [, hi]) => sum + hi, 0)];
}
