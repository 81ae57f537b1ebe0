/** A user table (omega, rate) with linear interpolation, zero outside its range (docs/physics/experiment.md). */
import { linearInterpolator } from "../../numerics/interpolate.js";
import type { BackgroundModel } from "./types.js";

export interface TableSpec {
  name: string;
  omegaEv: number[];
  ratePerS: number[];
  applyEfficiency: boolean;
}

export const tableBackground = (spec: TableSpec): BackgroundModel => ({
  name: spec.name,
  applyEfficiency: spec.applyEfficiency,
  ratePerS: linearInterpolator(spec.omegaEv, spec.ratePerS, "zero"),
  supportEv: [spec.omegaEv[0], spec.omegaEv[spec.omegaEv.length - 1]],
  breakpointsEv: spec.omegaEv,
});
