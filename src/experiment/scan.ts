/**
 * The scan plan (SPEC.md section 6): the trigger laser sits in bins [lo_k, hi_k] (equal widths or
 * explicit edges) or at points omega_k, for an exposure t_k each.
 */
import type { Scenario } from "../scenario/schema.js";

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

export function scanPlan(experiment: Scenario["experiment"]): ScanPlan {
  const scan = experiment.scan;
  let lo: number[];
  let hi: number[];
  let mode: ScanPlan["mode"] = "bins";
  if (scan.pointsEv) {
    mode = "points";
    lo = scan.pointsEv;
    hi = scan.pointsEv;
  } else {
    let edges = scan.edgesEv;
    if (!edges) {
      const {
        omegaMinEv: min,
        omegaMaxEv: max,
        bins,
      } = scan as { omegaMinEv: number; omegaMaxEv: number; bins: number };
      // Edges as min + k (max - min)/bins so the last edge is max exactly and widths are equal.
      edges = Array.from({ length: bins + 1 }, (_, k) =>
        k === bins ? max : min + (k * (max - min)) / bins,
      );
    }
    lo = edges.slice(0, -1);
    hi = edges.slice(1);
  }
  const n = lo.length;
  const exposure = scan.exposurePerBinS;
  return {
    mode,
    loEv: Float64Array.from(lo),
    centerEv: Float64Array.from(lo, (l, k) => (mode === "points" ? l : (l + hi[k]) / 2)),
    hiEv: Float64Array.from(hi),
    exposureS: Float64Array.from({ length: n }, (_, k) =>
      typeof exposure === "number" ? exposure : exposure[k],
    ),
    laserLinewidthEv: experiment.laserLinewidthEv,
  };
}
