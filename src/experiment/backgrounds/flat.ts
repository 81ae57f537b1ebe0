/** A flat rate: detector dark counts, stray light (docs/physics/experiment.md). */
import type { BackgroundModel } from "./types.js";

export interface FlatSpec {
  name: string;
  ratePerS: number;
  applyEfficiency: boolean;
}

export const flatBackground = (spec: FlatSpec): BackgroundModel => ({
  name: spec.name,
  applyEfficiency: spec.applyEfficiency,
  ratePerS: () => spec.ratePerS,
  supportEv: [0, Infinity],
  breakpointsEv: [],
});
