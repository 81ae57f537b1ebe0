/**
 * The one place physics and experiment meet: scenario -> expected counts per bin and component
 * (the Asimov data set). Computed once per run and shared by every toy.
 *
 * mu_signal,k = t_k eff(omega_k) <Gamma>_k, <Gamma>_k = integral Gamma_0 eta(w) I(w) W_k(w) dw
 * (docs/physics/experiment.md), W_k the scan window (experiment/linewidth.ts). Each ordered pair (i,j) is
 * integrated on its own with w = omega_ij - t^2, which turns its square-root edge
 * Delta_ij ~ sqrt(omega_ij - w) into a smooth function of t (docs/physics/experiment.md section 4).
 */
import type { ResolvedScenario } from "./scenario/load.js";
import { physicsModel, type PhysicsModel } from "./scenario/model.js";
import type { PairChannel } from "./physics/spectrum/sm.js";
import { scanPlan, type ScanPlan } from "./experiment/scan.js";
import { scanWindow, type Window } from "./experiment/linewidth.js";
import { backgroundModel, type BackgroundModel } from "./experiment/backgrounds/index.js";
import { numberOrTable } from "./numerics/interpolate.js";
import { integrate, type QuadratureOptions } from "./numerics/quadrature.js";
import { RenpError } from "./errors.js";
import { EventLoopSlices, throwIfAborted } from "./interrupt.js";

export interface ComponentColumn {
  /** Background name (column mu_bkg_<name>). */
  name: string;
  mu: Float64Array;
}

/** The expected counts per bin of a scenario, by component, with the scan and physics they came from. */
export interface ExpectationTable {
  scenario: ResolvedScenario;
  physics: PhysicsModel;
  scan: ScanPlan;
  efficiency: Float64Array;
  /** Bin-averaged (window-averaged) signal rate before efficiency, s^-1. */
  signalRatePerS: Float64Array;
  muSignal: Float64Array;
  backgrounds: ComponentColumn[];
  muTotal: Float64Array;
}

// 100x below the table's 1e-10 accuracy (docs/physics/experiment.md section 4), above the integrand's rounding noise.
const REL_TOL = 1e-12;
/** A pair or component far from its window adds little: its error need only be small against the bin. */
const ABS_TOL_OF_BIN = 1e-13;
const COARSE = { relTol: 1e-6 };

/**
 * <Gamma_0 eta I>_W for one pair, integrated in t with w = omega_ij - t^2. Exported for the fit's
 * mass tables (inference/fast/pairCells.ts), which must integrate exactly as this module does.
 */
export function pairWindowRate(
  model: PhysicsModel,
  eta: (w: number) => number,
  etaNodesEv: readonly number[],
  pair: PairChannel,
  window: Extract<Window, { kind: "integral" }>,
  tolerance: QuadratureOptions,
): number {
  const top = Math.min(window.toEv, pair.thresholdEv);
  const bottom = Math.max(window.fromEv, 0);
  if (!(top > bottom)) return 0;
  const wij = pair.thresholdEv;
  const integrand = (t: number): number => {
    const d = t * t;
    const w = wij - d;
    return 2 * t * eta(w) * model.spectrum.pairValueBelowThreshold(pair, d) * window.weight(w);
  };
  const breaks = [...etaNodesEv, ...window.breakpointsEv]
    .filter((w) => w > bottom && w < top)
    .map((w) => Math.sqrt(wij - w));
  return (
    model.gamma0PerS *
    integrate(integrand, Math.sqrt(wij - top), Math.sqrt(wij - bottom), breaks, tolerance)
  );
}

/** The window-averaged signal rate, s^-1: a coarse pass sets the absolute scale of the precise one. */
function signalWindowRate(
  model: PhysicsModel,
  eta: ReturnType<typeof numberOrTable>,
  window: Window,
): number {
  if (window.kind === "point")
    return model.gamma0PerS * eta.at(window.omegaEv) * model.spectrum.value(window.omegaEv);
  const total = (tolerance: QuadratureOptions) =>
    model.spectrum.pairs.reduce(
      (sum, pair) => sum + pairWindowRate(model, eta.at, eta.nodesEv, pair, window, tolerance),
      0,
    );
  const coarse = total(COARSE);
  return total({
    relTol: REL_TOL,
    absTol: (ABS_TOL_OF_BIN * coarse) / model.spectrum.pairs.length,
  });
}

function backgroundWindowRate(bkg: BackgroundModel, window: Window): number {
  if (window.kind === "point") return bkg.ratePerS(window.omegaEv);
  const from = Math.max(window.fromEv, bkg.supportEv[0]);
  const to = Math.min(window.toEv, bkg.supportEv[1]);
  const f = (w: number) => bkg.ratePerS(w) * window.weight(w);
  const breaks = [...bkg.breakpointsEv, ...window.breakpointsEv];
  const coarse = integrate(f, from, to, breaks, COARSE);
  return integrate(f, from, to, breaks, {
    relTol: REL_TOL,
    absTol: ABS_TOL_OF_BIN * Math.abs(coarse),
  });
}

/** The columns of a table being filled, and how to fill one bin. */
interface TableUnderWay {
  table: ExpectationTable;
  fillBin: (k: number) => void;
}

function startTable(
  scenario: ResolvedScenario,
  scan: ScanPlan,
  physics: PhysicsModel,
): TableUnderWay {
  const eta = numberOrTable(scenario.experiment.eta);
  const efficiencyAt = numberOrTable(scenario.detector.efficiency).at;
  const backgrounds = scenario.backgrounds.map((spec) =>
    backgroundModel(spec, {
      atom: physics.atom,
      gamma0PerS: physics.gamma0PerS,
      eta: eta.at,
      etaNodesEv: eta.nodesEv,
    }),
  );

  const n = scan.loEv.length;
  const efficiency = new Float64Array(n);
  const signalRatePerS = new Float64Array(n);
  const muSignal = new Float64Array(n);
  const columns = backgrounds.map((b) => ({ name: b.name, mu: new Float64Array(n) }));
  const muTotal = new Float64Array(n);

  // Each bin depends on its own window only, so the bins may be filled in any slices.
  const fillBin = (k: number): void => {
    const window = scanWindow(scan.mode, scan.loEv[k], scan.hiEv[k], scan.laserLinewidthEv);
    // docs/physics/experiment.md: the efficiency is taken at the bin centre (or scan point).
    efficiency[k] = efficiencyAt(scan.centerEv[k]);
    signalRatePerS[k] = signalWindowRate(physics, eta, window);
    muSignal[k] = scan.exposureS[k] * efficiency[k] * signalRatePerS[k];
    muTotal[k] = muSignal[k];
    backgrounds.forEach((bkg, b) => {
      const mu =
        scan.exposureS[k] *
        (bkg.applyEfficiency ? efficiency[k] : 1) *
        backgroundWindowRate(bkg, window);
      columns[b].mu[k] = mu;
      muTotal[k] += mu;
    });
  };
  const table = {
    scenario,
    physics,
    scan,
    efficiency,
    signalRatePerS,
    muSignal,
    backgrounds: columns,
    muTotal,
  };
  return { table, fillBin };
}

/** The filled table, once every expected count is checked finite and non-negative. */
function finishTable(table: ExpectationTable): ExpectationTable {
  const { muTotal } = table;
  for (let k = 0; k < muTotal.length; k++) {
    if (!Number.isFinite(muTotal[k]) || muTotal[k] < 0) {
      throw new RenpError(
        "internal",
        `internal error: expected count ${muTotal[k]} in bin ${k}; please report with the scenario`,
      );
    }
  }
  return table;
}

/**
 * The expectation table of a scenario, on its own scan or on another plan of the same experiment
 * (the omegaOffsetEv systematic moves the scan: src/sampling/offset.ts); `physics` may be passed
 * when it is already built for this scenario.
 */
export function computeExpectation(
  scenario: ResolvedScenario,
  scan: ScanPlan = scanPlan(scenario.experiment),
  physics: PhysicsModel = physicsModel(scenario),
): ExpectationTable {
  const { table, fillBin } = startTable(scenario, scan, physics);
  for (let k = 0; k < table.muTotal.length; k++) fillBin(k);
  return finishTable(table);
}

/** Options of computeExpectationAbortable. */
export interface AbortableExpectationOptions {
  /** Stops the computation between slices (rejects with InterruptedError). */
  signal?: AbortSignal | undefined;
  /** How long a slice of bins may run before the event loop turns, ms (default 50). */
  sliceMs?: number | undefined;
  /** The slices to share with other work (the tables of a grid); made from the above if absent. */
  slices?: EventLoopSlices | undefined;
  /** Another plan of the same experiment, and the physics when already built (computeExpectation's). */
  scan?: ScanPlan | undefined;
  physics?: PhysicsModel | undefined;
}

/**
 * computeExpectation (on the scenario's own scan unless `options.scan`), in slices of bins
 * between which the event loop turns: a signal that comes meanwhile is handled within a slice (a
 * 100,000-bin scan takes seconds, during which a synchronous computation would let no signal
 * handler run). The table is the same, byte for byte, as computeExpectation's: each bin is
 * computed alone.
 * @throws InterruptedError when `signal` aborts.
 */
export async function computeExpectationAbortable(
  scenario: ResolvedScenario,
  options: AbortableExpectationOptions = {},
): Promise<ExpectationTable> {
  const slices = options.slices ?? new EventLoopSlices(options.signal, options.sliceMs);
  const { table, fillBin } = startTable(
    scenario,
    options.scan ?? scanPlan(scenario.experiment),
    options.physics ?? physicsModel(scenario),
  );
  for (let k = 0; k < table.muTotal.length; k++) {
    fillBin(k);
    await slices.tick();
  }
  throwIfAborted(options.signal);
  return finishTable(table);
}
