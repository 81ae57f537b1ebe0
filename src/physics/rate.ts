/**
 * The overall RENP rate scale Gamma_0 (docs/physics/standard-model.md section 3, [recalled, dimension-checked]; Dinh et al.,
 * PLB 719 (2013) 154). Gamma(omega) = Gamma_0 I(omega) eta(omega).
 */
import type { AtomicTarget } from "./atoms.js";
import type { SpinProjection } from "./spectrum/types.js";
import { G_F_PER_EV2, cm3ToPerEv3, evToPerS, perCm3ToEv3, perSToEv } from "./constants.js";

export interface MacroscopicTarget {
  /** Number density of excited atoms, cm^-3. */
  numberDensityPerCm3: number;
  /** Target volume, cm^3. */
  volumeCm3: number;
}

/**
 * Gamma_0 = 3 n^3 V G_F^2 gamma_pg E_eg (2 J_p + 1) C_ep / (2 E_pg^3), in s^-1, for the literature's
 * "isotropic" form; for the coherent "transverse" amplitude (the default) the spin factor
 * (2 J_p + 1) C_ep becomes C_ep: a factor 1/(2 J_p + 1) = 1/3, exact for J_e = 0. The 1/3 comes
 * from the single trigger photon mode, |eps.d|^2 against the full |d|^2 that gamma_pg measures
 * (docs/physics/standard-model.md section 3.1; check docs/physics/checks/gamma0_coherent.py).
 * Natural units: eV^9 * eV^-3 * eV^-4 * eV * eV / eV^3 = eV, then divided by hbar.
 */
export function gamma0PerS(
  atom: AtomicTarget,
  macro: MacroscopicTarget,
  projection: SpinProjection = "transverse",
): number {
  const nEv3 = perCm3ToEv3(macro.numberDensityPerCm3);
  const vPerEv3 = cm3ToPerEv3(macro.volumeCm3);
  const gammaPgEv = perSToEv(atom.gammaPgPerS);
  const gamma0Ev =
    (3 *
      nEv3 ** 3 *
      vPerEv3 *
      G_F_PER_EV2 ** 2 *
      gammaPgEv *
      atom.eegEv *
      (projection === "transverse" ? 1 : 2 * atom.jP + 1) *
      atom.cEp) /
    (2 * atom.epgEv ** 3);
  return evToPerS(gamma0Ev);
}
