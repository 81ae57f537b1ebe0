/**
 * The scan plan (docs/physics/experiment.md, section 1): the trigger laser sits in bins
 * [lo_k, hi_k] (equal widths or explicit edges) or at points omega_k, for an exposure t_k each.
 */
import { ScenarioError } from "../errors.js";
import type { Scenario } from "../scenario/schema.js";

type ScanInput = Scenario["experiment"]["scan"];

/** The three ways a scenario writes its scan, told apart once (validation allows exactly one). */
export type ScanLayout =
  | { mode: "equal"; omegaMinEv: number; omegaMaxEv: number; bins: number }
  | { mode: "edges"; edgesEv: readonly number[] }
  | { mode: "points"; pointsEv: readonly number[] };

export function scanLayout(scan: ScanInput): ScanLayout {
  if (scan.pointsEv) return { mode: "points", pointsEv: scan.pointsEv };
  if (scan.edgesEv) return { mode: "edges", edgesEv: scan.edgesEv };
  const { omegaMinEv, omegaMaxEv, bins } = scan;
  if (omegaMinEv === undefined || omegaMaxEv === undefined || bins === undefined) {
    // The scenario schema rejects this; a scan assembled in code may still get here.
    throw new ScenarioError(
      "experiment.scan: give omegaMinEv, omegaMaxEv and bins, or edgesEv, or pointsEv",
      {
        field: "experiment.scan",
        allowed: "omegaMinEv, omegaMaxEv and bins; or edgesEv; or pointsEv",
      },
    );
  }
  return { mode: "equal", omegaMinEv, omegaMaxEv, bins };
}

export interface ScanPlan {
  /** "bins": bin averages over [lo, hi]; "points": the laser sits at omega (lo = omega = hi). */
  mode: "bins" | "points";
  loEv: Float64Array;
  centerEv: Float64Array;
  hiEv: Float64Array;
  exposureS: Float64Array;
  /** Gaussian standard deviation of the laser line, eV (0: ideal line). */
  laserLinewidthEv: number;
}

/** Bin edges min + k (max - min)/bins, so the last edge is max exactly and widths are equal. */
function equalEdges(minEv: number, maxEv: number, bins: number): number[] {
  return Array.from({ length: bins + 1 }, (_, k) =>
    k === bins ? maxEv : minEv + (k * (maxEv - minEv)) / bins,
  );
}

/** The plan from its windows: the centre is the mid-bin (bins) or the point itself. */
function planOf(
  mode: ScanPlan["mode"],
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  exposureS: Float64Array,
  laserLinewidthEv: number,
): ScanPlan {
  return {
    mode,
    loEv: Float64Array.from(lo),
    centerEv: Float64Array.from(lo, (l, k) => (mode === "points" ? l : (l + hi[k]) / 2)),
    hiEv: Float64Array.from(hi),
    exposureS,
    laserLinewidthEv,
  };
}

export function scanPlan(experiment: Scenario["experiment"]): ScanPlan {
  const layout = scanLayout(experiment.scan);
  let lo: readonly number[];
  let hi: readonly number[];
  if (layout.mode === "points") {
    lo = layout.pointsEv;
    hi = layout.pointsEv;
  } else {
    const edges =
      layout.mode === "edges"
        ? layout.edgesEv
        : equalEdges(layout.omegaMinEv, layout.omegaMaxEv, layout.bins);
    lo = edges.slice(0, -1);
    hi = edges.slice(1);
  }
  const exposure = experiment.scan.exposurePerBinS;
  const exposureS = Float64Array.from({ length: lo.length }, (_, k) =>
    typeof exposure === "number" ? exposure : exposure[k],
  );
  const mode = layout.mode === "points" ? "points" : "bins";
  return planOf(mode, lo, hi, exposureS, experiment.laserLinewidthEv);
}

/**
 * The plan with the laser's frequency moved by deltaEv: every window (and so every centre) moves,
 * exposures stay (the omegaOffsetEv systematic, src/sampling/offset.ts).
 */
export function shiftScan(plan: ScanPlan, deltaEv: number): ScanPlan {
  const lo = plan.loEv.map((w) => w + deltaEv);
  const hi = plan.mode === "points" ? lo : plan.hiEv.map((w) => w + deltaEv);
  return planOf(plan.mode, lo, hi, plan.exposureS, plan.laserLinewidthEv);
}

/** The narrowest bin width (bins) or spacing between neighbouring points, eV. */
export function narrowestWidthEv(plan: ScanPlan): number {
  let narrowest = Infinity;
  for (let k = 0; k < plan.loEv.length; k++) {
    const width =
      plan.mode === "points"
        ? Math.abs((plan.loEv[k + 1] ?? Infinity) - plan.loEv[k])
        : plan.hiEv[k] - plan.loEv[k];
    if (width > 0) narrowest = Math.min(narrowest, width);
  }
  return narrowest;
}
