/**
 * The fit's fast path for the signal expectation (docs/fitting.md, "The fast path"): mu_signal,k
 * at any lightest mass, Majorana phases and non-unitarity, from the per-pair tables of
 * pairCells.ts, without integrating.
 *
 * Without BSM spectral terms the bracket of an ordered pair (i, j) is linear in the two chiral
 * weights of its coefficient a_ij (physics/spectrum/sm.ts `chiralWeights`: momentum = |a|^2,
 * mass = delta_M Re a^2; docs/physics/standard-model.md section 2, and the E1 x E1 bracket of
 * docs/physics/e1e1.md section 3 alike): B = momentum U - mass V. The tables hold each pair's bin
 * integral at a = 1 (momentum 1, mass delta_M) and, for Majorana neutrinos, at a = i (momentum 1,
 * mass -delta_M), so U = (T_1 + T_i)/2 and V = (T_i - T_1)/2, and the phases and the mixing enter
 * only through the weights: exact, not interpolated. The mass enters through the tables.
 */
import type { ExpectationTable } from "../../expectation.js";
import { scanWindow, type Window } from "../../experiment/linewidth.js";
import { chiralWeights } from "../../physics/spectrum/sm.js";
import type { ComplexMatrix3 } from "../../physics/spectrum/types.js";
import type { ResolvedScenario } from "../../scenario/load.js";
import { physicsModel } from "../../scenario/model.js";
import { PairCells, type CellShare } from "./pairCells.js";
import { UNORDERED_PAIRS } from "./thresholds.js";

/** The signal at one physics point and, from the tables, its mass derivatives. */
export interface SignalPoint {
  mu: Float64Array;
  /** d mu / d m0 and d^2 mu / d m0^2; absent where a cell was evaluated exactly. */
  slope?: Float64Array;
  curvature?: Float64Array;
}

/**
 * Points kept by `signalAt` (least recently used dropped first), at most ~32 MB of them: a toy
 * fit's global search scores the same grid of masses for every toy (global.ts), and its linear
 * parameters are fitted at each grid mass with the signal unchanged.
 */
const POINT_CACHE_DOUBLES = 1 << 22;
const POINT_CACHE_MAX = 128;

/** The schema's upper bound on lightestMassEv (model.ts bounds the parameter the same). */
const M0_MAX_EV = 10;

/**
 * Why the fast path cannot serve this scenario (a Gaussian laser line, scan points, an eta table,
 * BSM spectral terms), or undefined when it can.
 */
export function fastPathUnsupported(
  scenario: ResolvedScenario,
  table: ExpectationTable,
): string | undefined {
  if (table.scan.mode !== "bins") return "a scan of points";
  if (table.scan.laserLinewidthEv !== 0) return "a Gaussian laser line";
  if (typeof scenario.experiment.eta !== "number") return "an eta table";
  if (table.physics.spectrum.input.terms.length > 0) return "BSM spectral terms";
  return undefined;
}

const PAIR_OF = (i: number, j: number): number =>
  UNORDERED_PAIRS.findIndex(([a, b]) => a === Math.min(i, j) && b === Math.max(i, j));

/**
 * The fast signal expectation of `scenario`, anchored to the exact table at the scenario's own
 * physics: each bin is scaled by its (1 +- ~1e-12) ratio exact / fast there, so the fast
 * expectation equals the exact one at the nominal point and the fit's finite differences across
 * it stay smooth.
 */
export class FastSignal {
  private readonly cells: PairCells;
  private readonly weights: Float64Array;
  private readonly majorana: boolean;
  private scale: Float64Array | undefined;
  private readonly points = new Map<string, SignalPoint>();
  private readonly pointLimit: number;
  /** The phases and BSM block `weights` were computed at (`useWeightsOf`). */
  private weightsKey: { key: string; bsm: ResolvedScenario["bsm"] } | undefined;

  constructor(
    readonly scenario: ResolvedScenario,
    readonly table: ExpectationTable,
  ) {
    const why = fastPathUnsupported(scenario, table);
    if (why) throw new RangeError(`the fast path does not serve ${why}`);
    const nu = scenario.neutrino;
    this.majorana = nu.nature === "majorana";
    const { scan } = table;
    const windows = Array.from(scan.loEv, (lo, k) => scanWindow("bins", lo, scan.hiEv[k], 0));
    this.cells = new PairCells({
      ordering: nu.ordering,
      mixing: nu.mixing,
      physics: table.physics,
      eta: scenario.experiment.eta as number,
      windows: windows as Extract<Window, { kind: "integral" }>[],
      loEv: scan.loEv,
      hiEv: scan.hiEv,
      bases: this.majorana
        ? [
            { re: 1, im: 0 },
            { re: 0, im: 1 },
          ]
        : [{ re: 1, im: 0 }],
      m0Max: M0_MAX_EV,
    });
    this.weights = new Float64Array(this.cells.basisCount * UNORDERED_PAIRS.length);
    const perPoint = 3 * scan.loEv.length;
    this.pointLimit = Math.max(
      2,
      Math.min(POINT_CACHE_MAX, Math.floor(POINT_CACHE_DOUBLES / perPoint)),
    );
  }

  /**
   * Exposure x efficiency per bin, times the anchor exact / fast at the scenario's own physics:
   * computed at the first evaluation, so tables imported before it (`importCells`) serve it.
   */
  private scaleOf(): Float64Array {
    if (this.scale) return this.scale;
    const { scan, efficiency, muSignal } = this.table;
    const scale = Float64Array.from(scan.exposureS, (t, k) => t * efficiency[k]);
    const atNominal = new Float64Array(scan.loEv.length);
    this.useWeightsOf(this.scenario);
    this.cells.evaluate(this.scenario.neutrino.lightestMassEv, this.weights, atNominal);
    atNominal.forEach((fast, k) => {
      if (fast * scale[k] > 0) scale[k] = muSignal[k] / fast;
    });
    this.scale = scale;
    return scale;
  }

  /**
   * `weights` at the pair coefficients a_ij of `s` (physicsModel's own), recomputed only when
   * the phases or the non-unitarity change: a mass fit computes them once.
   */
  private useWeightsOf(s: ResolvedScenario): void {
    const { alpha21, alpha31 } = s.neutrino.majoranaPhasesDeg;
    const key = `${alpha21},${alpha31}`;
    if (this.weightsKey?.key === key && this.weightsKey.bsm === s.bsm) return;
    const physics = physicsModel(s);
    if (physics.spectrum.input.terms.length > 0)
      throw new RangeError("the fast path does not serve BSM spectral terms");
    this.pairWeights(physics.spectrum.input.coefficients);
    this.weightsKey = { key, bsm: s.bsm };
  }

  /**
   * mu_signal per bin, filled into `out`, at the physics of `s`, a scenario that differs from
   * `scenario` only in lightestMassEv, the Majorana phases or bsm.nonUnitarity; with
   * `slope` and `curvature` also d mu / d m0 and d^2 mu / d m0^2. Returns false when the
   * derivatives are not available (a cell evaluated exactly): the caller differentiates.
   */
  muSignal(
    s: ResolvedScenario,
    out: Float64Array,
    slope?: Float64Array,
    curvature?: Float64Array,
  ): boolean {
    const scale = this.scaleOf();
    this.useWeightsOf(s);
    const analytic = this.cells.evaluate(
      s.neutrino.lightestMassEv,
      this.weights,
      out,
      slope,
      curvature,
    );
    for (let k = 0; k < out.length; k++) {
      out[k] *= scale[k];
      if (slope) slope[k] *= scale[k];
      if (curvature) curvature[k] *= scale[k];
    }
    return analytic;
  }

  /** Share `share` of `shares` of the tables, built whole (pairCells.ts `buildShare`). */
  buildShare(share: number, shares: number): CellShare | undefined {
    return this.cells.buildShare(share, shares);
  }

  /** Takes another thread's share of these tables (pairCells.ts `importCells`). */
  importCells(cells: CellShare): void {
    this.cells.importCells(cells);
  }

  /**
   * The signal at the physics point `key` (the caller's key of its physics values), computed at
   * `scenarioAt()` on a miss (`muSignal`) with its mass derivatives. The
   * same point gives the same numbers however often it is asked (the cells a point falls in do
   * not depend on what was evaluated before), so a cached point equals a recomputed one.
   */
  signalAt(key: string, scenarioAt: () => ResolvedScenario): SignalPoint {
    const hit = this.points.get(key);
    if (hit) {
      this.points.delete(key);
      this.points.set(key, hit);
      return hit;
    }
    // The derivatives always: a descent's line search asks for the value at a point first and,
    // once the step is taken, for the derivatives there (~1.5x the value's cost, not 2x).
    // One buffer for the three (one allocation a point, not three).
    const bins = this.table.scan.loEv.length;
    const buffer = new Float64Array(3 * bins);
    const mu = buffer.subarray(0, bins);
    const slope = buffer.subarray(bins, 2 * bins);
    const curvature = buffer.subarray(2 * bins);
    const analytic = this.muSignal(scenarioAt(), mu, slope, curvature);
    const point = analytic ? { mu, slope, curvature } : { mu };
    if (this.points.size >= this.pointLimit) this.points.delete(this.points.keys().next().value!);
    this.points.set(key, point);
    return point;
  }

  /**
   * The weight of each table (basis, unordered pair) in the signal: sum over the ordered pairs of
   * momentum U - mass V, with U = (T_1 + T_i)/2 and V = (T_i - T_1)/2 for Majorana neutrinos (the
   * module comment), so T_1 weighs (momentum + mass)/2 and T_i (momentum - mass)/2; T_1 weighs
   * the momentum weight for Dirac neutrinos.
   */
  private pairWeights(coefficients: ComplexMatrix3): void {
    const P = UNORDERED_PAIRS.length;
    this.weights.fill(0);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const w = chiralWeights({ aL: coefficients[i][j], aR: { re: 0, im: 0 } }, this.majorana);
        const p = PAIR_OF(i, j);
        if (!this.majorana) {
          this.weights[p] += w.momentum;
          continue;
        }
        this.weights[p] += 0.5 * (w.momentum + w.mass);
        this.weights[P + p] += 0.5 * (w.momentum - w.mass);
      }
    }
  }
}
