/**
 * What the tests of the fit's fast path (src/inference/fast/) share: the scenarios it serves, as
 * a fast-check arbitrary, and the points they are evaluated at.
 */
import fc from "fast-check";
import { resolveScenario, validateScenario } from "../../src/scenario/load.js";
import type { ResolvedScenario } from "../../src/scenario/load.js";
import { arbScenario } from "../../src/testing/index.js";

/** Arbitrary scenarios the fast path serves (ideal-laser bins, constant eta, no BSM terms). */
export const fastPathScenarios = (maxBins: number): fc.Arbitrary<ResolvedScenario> =>
  arbScenario({
    scanModes: ["bins", "edges"],
    laserLinewidth: false,
    tables: false,
    backgrounds: false,
    systematics: false,
    bsm: ["nonUnitarity"],
    bins: { max: maxBins },
  }).map((input) => resolveScenario(validateScenario(input)));

/** Masses from 1e-5 eV to 0.3 eV, log-uniform: they cover every pair's thresholds of the presets. */
export const arbMassEv = fc
  .double({ min: -5, max: Math.log10(0.3), noNaN: true })
  .map((e) => 10 ** e);

/** A Majorana phase in degrees. */
export const arbPhaseDeg = fc.double({ min: 0, max: 360, noNaN: true });

/** `s` at another lightest mass and Majorana phases. */
export const withPhysics = (
  s: ResolvedScenario,
  lightestMassEv: number,
  alpha21: number,
  alpha31: number,
): ResolvedScenario => ({
  ...s,
  neutrino: { ...s.neutrino, lightestMassEv, majoranaPhasesDeg: { alpha21, alpha31 } },
});
