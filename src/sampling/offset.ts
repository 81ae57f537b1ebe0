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
import { ScenarioError } from "../errors.js";
import {
  computeExpectation,
  computeExpectationAbortable,
  type ExpectationTable,
} from "../expectation.js";
import { narrowestWidthEv, shiftScan } from "../experiment/scan.js";
import { EventLoopSlices } from "../interrupt.js";
import type { OffsetGrid } from "./stencil.js";

/** Grid steps per (narrowest) bin width, and at least this many steps across the range. */
export const OFFSET_STEPS_PER_BIN = 32;
export const OFFSET_MIN_STEPS = 16;
/** More grid points than this is an unreasonable offset prior for the binning (usage error). */
export const OFFSET_MAX_POINTS = 1025;

/** The grid's points: a uniform step, one extra point each side for the cubic stencil. */
function gridPoints(table: ExpectationTable, fromEv: number, toEv: number, stepsPerBin: number) {
  const narrowest = narrowestWidthEv(table.scan);
  const span = toEv - fromEv;
  const stepEv = Math.min(span / OFFSET_MIN_STEPS, narrowest / stepsPerBin);
  const points = Math.ceil(span / stepEv) + 3;
  if (points > OFFSET_MAX_POINTS) {
    throw new ScenarioError(
      `omegaOffsetEv: the prior spans ${span} eV, ${points} grid points at 1/${stepsPerBin} of the narrowest bin (${narrowest} eV); at most ${OFFSET_MAX_POINTS} are allowed: narrow the prior or widen the bins`,
      {
        field: "systematics[].prior",
        value: span,
        allowed: `a span of at most ${((OFFSET_MAX_POINTS - 3) * narrowest) / stepsPerBin} eV`,
      },
    );
  }
  const firstEv = fromEv - stepEv;
  const bins = table.muTotal.length;
  const grid: OffsetGrid = {
    firstEv,
    stepEv,
    points,
    mu: [table.muSignal, ...table.backgrounds.map((b) => b.mu)].map(
      () => new Float64Array(points * bins),
    ),
    efficiency: new Float64Array(points * bins),
  };
  /** Point j's shifted scan, and where its table goes. */
  const scanAt = (j: number) => shiftScan(table.scan, firstEv + j * stepEv);
  const put = (j: number, shifted: ExpectationTable) => {
    [shifted.muSignal, ...shifted.backgrounds.map((b) => b.mu)].forEach((column, c) =>
      grid.mu[c].set(column, j * bins),
    );
    grid.efficiency.set(shifted.efficiency, j * bins);
  };
  return { grid, scanAt, put };
}

/** The grid covering [fromEv, toEv] with one extra point each side for the cubic stencil. */
export function offsetGrid(
  table: ExpectationTable,
  fromEv: number,
  toEv: number,
  stepsPerBin = OFFSET_STEPS_PER_BIN,
): OffsetGrid {
  const { grid, scanAt, put } = gridPoints(table, fromEv, toEv, stepsPerBin);
  for (let j = 0; j < grid.points; j++)
    put(j, computeExpectation(table.scenario, scanAt(j), table.physics));
  return grid;
}

/**
 * offsetGrid with each point's table in slices of bins (computeExpectationAbortable): the same
 * grid, while a signal is handled within a slice (a grid is up to 1025 tables: minutes of work
 * for a scan of thousands of bins).
 * @throws InterruptedError when `signal` aborts.
 */
export async function offsetGridAbortable(
  table: ExpectationTable,
  fromEv: number,
  toEv: number,
  options: { signal?: AbortSignal | undefined; sliceMs?: number | undefined } = {},
): Promise<OffsetGrid> {
  const { grid, scanAt, put } = gridPoints(table, fromEv, toEv, OFFSET_STEPS_PER_BIN);
  // One clock for every point: many short tables must not run back to back without a turn.
  const slices = new EventLoopSlices(options.signal, options.sliceMs);
  for (let j = 0; j < grid.points; j++)
    put(
      j,
      await computeExpectationAbortable(table.scenario, {
        scan: scanAt(j),
        physics: table.physics,
        signal: options.signal,
        slices,
      }),
    );
  return grid;
}
