/** The one interface every background kind implements (docs/physics/experiment.md). */
import type { AtomicTarget } from "../../physics/atoms.js";

export interface BackgroundModel {
  /** Names the column mu_bkg_<name>. */
  readonly name: string;
  /** Whether the detector efficiency multiplies this component. */
  readonly applyEfficiency: boolean;
  /** Rate at trigger frequency omega, s^-1, before efficiency. */
  ratePerS(omegaEv: number): number;
  /** Where the rate is zero outside of: [from, to], eV. */
  readonly supportEv: readonly [number, number];
  /** Kinks, edges and peaks where the integrator must split, eV. */
  readonly breakpointsEv: readonly number[];
}

/** What a background may need from the rest of the scenario. */
export interface BackgroundContext {
  atom: AtomicTarget;
  gamma0PerS: number;
  /** The dynamical factor eta(omega) and its table nodes (none for a constant). */
  eta: (omegaEv: number) => number;
  etaNodesEv: readonly number[];
}
