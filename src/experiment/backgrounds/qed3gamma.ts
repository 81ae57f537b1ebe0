/**
 * The macro-coherent three-photon QED process e -> g + 3 gamma (docs/physics/experiment.md): a continuum
 * below E_eg/2 with no mass gap. Default shape: the SM spectral function with massless neutrinos
 * and unitary mixing, I_0(omega) = (3/4) (1/3)(q^2 + omega^2/3) / (E_pg - omega)^2, since
 * sum_ij |a_ij|^2 = 3/4 for unitary U (docs/physics/experiment.md), scaled by a ratio to the SM
 * rate and a suppression factor: rate = ratio * suppression * Gamma_0 * eta(omega) * I_0(omega).
 */
import { pairKinematicIEv2, pairMassSquaredEv2 } from "../../physics/spectrum/kinematics.js";
import type { BackgroundContext, BackgroundModel } from "./types.js";

export interface Qed3GammaSpec {
  name: string;
  ratioToSm: number;
  suppression: number;
  applyEfficiency: boolean;
}

/** The massless-pair SM spectral function I_0(omega) (dimensionless), zero at and above E_eg/2. */
export function masslessSpectralFunction(eegEv: number, epgEv: number, omegaEv: number): number {
  if (!(omegaEv < eegEv / 2)) return 0;
  const iEv2 = pairKinematicIEv2(pairMassSquaredEv2(eegEv, omegaEv), omegaEv, 0, 0);
  return (0.75 * iEv2) / (epgEv - omegaEv) ** 2;
}

export function qed3GammaBackground(spec: Qed3GammaSpec, ctx: BackgroundContext): BackgroundModel {
  const { eegEv, epgEv } = ctx.atom;
  const scalePerS = spec.ratioToSm * spec.suppression * ctx.gamma0PerS;
  return {
    name: spec.name,
    applyEfficiency: spec.applyEfficiency,
    ratePerS: (w) => scalePerS * ctx.eta(w) * masslessSpectralFunction(eegEv, epgEv, w),
    supportEv: [0, eegEv / 2],
    breakpointsEv: ctx.etaNodesEv,
  };
}
