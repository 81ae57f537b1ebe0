/**
 * arbExpectation and arbPseudoData: expectation tables computed by renp for arbitrary scenarios,
 * and toys drawn by renp's own sampler with a seed taken from fast-check (docs/testing.md). The
 * data are a function of (expectation, seed, toys) alone, so a failing case replays exactly from
 * fast-check's seed and path.
 */
import fc from "fast-check";
import { computeExpectation, type ExpectationTable } from "../expectation.js";
import { expectationColumns, type Column } from "../io/arrow.js";
import { resolveScenario, validateScenario, type ResolvedScenario } from "../scenario/load.js";
import type { ScenarioInput } from "../scenario/schema.js";
import { toySpec } from "../sampling/spec.js";
import { ToyGenerator } from "../sampling/toys.js";
import { arbScenario, type ArbScenarioOptions } from "./scenario.js";

/** renp's expectation table with expected.arrow's columns by name (bin, omega_lo_ev, ..., mu_total). */
export interface ArbitraryExpectation extends ExpectationTable, fc.WithToStringMethod {
  columns: Record<string, Column>;
}

/**
 * The expectation table of a scenario (validated and resolved first), with its columns by name.
 * In a fast-check report it prints as `expectationOf(<the scenario's JSON>)`.
 */
export function expectationOf(scenario: ScenarioInput | ResolvedScenario): ArbitraryExpectation {
  const table = computeExpectation(resolveScenario(validateScenario(scenario)));
  return {
    ...table,
    columns: Object.fromEntries(expectationColumns(table)),
    [fc.toStringMethod]: () => `expectationOf(${JSON.stringify(scenario)})`,
  };
}

/**
 * Expectation tables of arbScenario(options) scenarios, computed by renp. Default at most 20 bins
 * (`options.bins` overrides): a table costs ~1 ms a bin, ~10 ms a bin with a laser line.
 */
export function arbExpectation(
  options: ArbScenarioOptions = {},
): fc.Arbitrary<ArbitraryExpectation> {
  return arbScenario({ ...options, bins: { max: 20, ...options.bins } }).map(expectationOf);
}

export interface ArbPseudoDataOptions {
  /** Toys per value. Default 100. */
  toys?: number;
}

/** Toys drawn by renp from one expectation table with one seed. */
export interface PseudoData extends fc.WithToStringMethod {
  /** The seed the toys were drawn with (from fast-check); toy t uses renp's stream (seed, t). */
  seed: number;
  toys: number;
  bins: number;
  /** n_obs: one array of counts per toy, one count per bin. */
  counts: Int32Array[];
  /** The counts per component (they sum to `counts`): the signal, and each background by name. */
  truth: { signal: Int32Array[]; backgrounds: Record<string, Int32Array[]> };
  /** Each systematic's value per toy, by name (empty without systematics). */
  nuisance: Record<string, Float64Array>;
  /**
   * The nominal mean per bin (mu_total). Without systematics the counts are Poisson with these
   * means; with systematics each toy's means move with its nuisance values.
   */
  expected: Float64Array;
  expectation: ExpectationTable;
}

const isTable = (x: unknown): x is ExpectationTable =>
  typeof x === "object" && x !== null && (x as ExpectationTable).muTotal instanceof Float64Array;

/** Splits a toy-major array into one view per toy. */
const perToy = (values: Int32Array, toys: number, bins: number): Int32Array[] =>
  Array.from({ length: toys }, (_, t) => values.subarray(t * bins, (t + 1) * bins));

/**
 * `toys` toys drawn by renp's sampler (systematics included) from an expectation table (or a
 * scenario) with `seed`: the toys `renp generate --seed <seed> --truth` writes for it. In a
 * fast-check report the result prints as `pseudoData(<expectation>, { seed, toys })`.
 */
export function pseudoData(
  source: ExpectationTable | ScenarioInput | ResolvedScenario,
  options: { seed: number; toys?: number },
): PseudoData {
  return drawer(source, options.toys)(options.seed);
}

/** A function seed -> PseudoData; the table and the sampler's input are made once. */
function drawer(
  source: ExpectationTable | ScenarioInput | ResolvedScenario,
  toys = 100,
): (seed: number) => PseudoData {
  if (!(Number.isSafeInteger(toys) && toys >= 1))
    throw new RangeError(`toys must be a positive integer, got ${toys}`);
  const table = isTable(source) ? source : expectationOf(source);
  const spec = toySpec(table, { truth: true }); // once: with an omega offset it integrates a grid
  const bins = spec.bins;
  return (seed) => {
    const block = new ToyGenerator({ ...spec, seed }).generate(0, toys);
    const [signal, ...backgrounds] = block.truth.map((c) => perToy(c, toys, bins));
    return {
      seed,
      toys,
      bins,
      counts: perToy(block.nObs, toys, bins),
      truth: {
        signal,
        backgrounds: Object.fromEntries(table.backgrounds.map((b, i) => [b.name, backgrounds[i]])),
      },
      nuisance: Object.fromEntries(spec.systematics.map((s, i) => [s.name, block.nuisance[i]])),
      expected: table.muTotal,
      expectation: table,
      [fc.toStringMethod]: () =>
        `pseudoData(${fc.stringify(table)}, { seed: ${seed}, toys: ${toys} })`,
    };
  };
}

/**
 * Pseudo-data for one expectation table (or a scenario, whose table is computed once here): each
 * value draws `toys` toys with renp's sampler (systematics included) from a seed fast-check
 * chooses, with the truth per component and the nuisance values. Same seed, same data.
 * For pseudo-data over arbitrary scenarios: `arbExpectation().chain((e) => arbPseudoData(e))`.
 */
export function arbPseudoData(
  source: ExpectationTable | ScenarioInput | ResolvedScenario,
  options: ArbPseudoDataOptions = {},
): fc.Arbitrary<PseudoData> {
  return fc.nat().map(drawer(source, options.toys));
}
