/**
 * The expectation as a function of an omega calibration offset, for the omegaOffsetEv systematic.
 *
 * An offset delta means the laser's true frequency is the nominal one + delta: every bin's window
 * (and the efficiency taken at its centre) moves by delta; exposures stay. Re-integrating per toy
 * would cost ~20-70 ms a toy, so the table is computed once at a uniform grid of offsets covering
 * the prior's support and each toy interpolates per bin with the 4-point (cubic) Lagrange
 * formula. Accuracy measured (one-off script, reference scenario, 66 bins of 5e-5 eV, offset
 * prior gaussian sigma 2e-5 eV, 300 random offsets against direct integration): with the grid step
 * 1/32 of the narrowest bin, the interpolated signal means are within 2.2e-4 of the table's
 * largest mean; relative to a bin's own mean (bins above 1% of the largest) within 1.4%. The worst
 * bins are where a threshold's square-root edge crosses a bin edge: the mean then goes as
 * |delta - delta0|^(3/2) and converges as ~h^1.5 (1/8 of a bin: 1.3e-3; 1/16: 2.9e-4); smooth
 * bins are at ~1e-7. test/sampling/toys.test.ts keeps the bound (3e-4 of the largest mean).
 * Cost: one expectation table per grid point (~3 ms at 66 bins, ~65 ms at 1000 bins).
 */
import { computeExpectation, type ExpectationTable } from "../expectation.js";
import type { ResolvedScenario } from "../scenario/load.js";
import type { OffsetGrid } from "./stencil.js";

/** Grid steps per (narrowest) bin width, and at least this many steps across the range. */
export const OFFSET_STEPS_PER_BIN = 32;
export const OFFSET_MIN_STEPS = 16;
/** More grid points than this is an unreasonable offset prior for the binning (usage error). */
export const OFFSET_MAX_POINTS = 1025;

/** The scenario with its scan moved by deltaEv (explicit edges or points). */
export function shiftedScenario(
  scenario: ResolvedScenario,
  table: ExpectationTable,
  deltaEv: number,
): ResolvedScenario {
  const { scan } = table;
  const n = scan.loEv.length;
  const moved = (values: Float64Array) => Array.from(values, (w) => w + deltaEv);
  const scanIn = scenario.experiment.scan as Record<string, unknown>;
  const shifted =
    scan.mode === "points"
      ? { ...scanIn, pointsEv: moved(scan.loEv) }
      : {
          ...scanIn,
          pointsEv: undefined,
          edgesEv: [...moved(scan.loEv), scan.hiEv[n - 1] + deltaEv],
        };
  return {
    ...scenario,
    experiment: { ...scenario.experiment, scan: shifted as typeof scenario.experiment.scan },
  };
}

/** The narrowest bin width (or scan-point spacing) of a table, eV; Infinity for one point. */
export function narrowestBinEv(table: ExpectationTable): number {
  const { scan } = table;
  let narrowest = Infinity;
  for (let k = 0; k < scan.loEv.length; k++) {
    const width =
      scan.mode === "points"
        ? Math.abs((scan.loEv[k + 1] ?? Infinity) - scan.loEv[k])
        : scan.hiEv[k] - scan.loEv[k];
    if (width > 0) narrowest = Math.min(narrowest, width);
  }
  return narrowest;
}

/** The grid covering [fromEv, toEv] with one extra point each side for the cubic stencil. */
export function offsetGrid(
  table: ExpectationTable,
  fromEv: number,
  toEv: number,
  stepsPerBin = OFFSET_STEPS_PER_BIN,
): OffsetGrid {
  const narrowest = narrowestBinEv(table);
  const span = toEv - fromEv;
  const stepEv = Math.min(span / OFFSET_MIN_STEPS, narrowest / stepsPerBin);
  const points = Math.ceil(span / stepEv) + 3;
  if (points > OFFSET_MAX_POINTS) {
    throw Object.assign(
      new Error(
        `omegaOffsetEv: the prior spans ${span} eV, ${points} grid points at 1/${stepsPerBin} of the narrowest bin (${narrowest} eV); at most ${OFFSET_MAX_POINTS} are allowed: narrow the prior or widen the bins`,
      ),
      { exitCode: 2 },
    );
  }
  const firstEv = fromEv - stepEv;
  const bins = table.muTotal.length;
  const mu = [table.muSignal, ...table.backgrounds.map((b) => b.mu)].map(
    () => new Float64Array(points * bins),
  );
  const efficiency = new Float64Array(points * bins);
  for (let j = 0; j < points; j++) {
    const shifted = computeExpectation(
      shiftedScenario(table.scenario, table, firstEv + j * stepEv),
    );
    [shifted.muSignal, ...shifted.backgrounds.map((b) => b.mu)].forEach((column, c) =>
      mu[c].set(column, j * bins),
    );
    efficiency.set(shifted.efficiency, j * bins);
  }
  return { firstEv, stepEv, points, mu, efficiency };
}
