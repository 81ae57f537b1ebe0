/**
 * Atomic targets: the three-level scheme e (excited, metastable), p (virtual intermediate), g
 * (ground) of docs/physics/standard-model.md section 4. Energies from NIST level values; a user may pass any scheme.
 */

export interface AtomicTarget {
  name: string;
  /** E_eg: energy of e above g, eV. */
  eegEv: number;
  /** E_pg: energy of the intermediate level p above g, eV (p lies above e). */
  epgEv: number;
  /** gamma_pg: radiative rate p -> g, s^-1. */
  gammaPgPerS: number;
  /** J_p: angular momentum of p. */
  jP: number;
  /** C_ep: spin factor of the e-p matrix element (docs/physics/standard-model.md section 2, default 2/3 [recalled]). */
  cEp: number;
  /** xi: electron-spin factor of the magnetic coupling (docs/physics/electromagnetic.md), 1 for spin only. */
  spinFactorXi: number;
  /**
   * How the pair couples between e and p (docs/physics/e1e1.md): "E1xM1" (default; e and p of the
   * same parity, through the electron spin) or "E1xE1" (opposite parity, singlet levels, through the
   * electron's vector current and the e-p dipole matrix element).
   */
  transition?: Transition | undefined;
  /** E1 x E1 only: which g_V the pair's vector coupling uses (docs/physics/e1e1.md section 2.1); default "tree". */
  electronVectorCoupling?: "tree" | "pdg-effective" | undefined;
  /** E1 x E1 only: |<p|r|e>| = sqrt(sum_m |<p, m|r|e>|^2), in Bohr radii. */
  dipoleEpBohr?: number | undefined;
}

export type Transition = "E1xM1" | "E1xE1";

/** Built-in targets (docs/physics/standard-model.md section 4). */
export const TARGET_PRESETS: Readonly<Record<string, AtomicTarget>> = {
  // Yb: e = 6s6p 3P0, p = 6s6p 3P1, g = 6s2 1S0; gamma_pg from the 3P1 lifetime 0.87 us.
  Yb: {
    name: "Yb",
    eegEv: 2.14349,
    epgEv: 2.23072,
    gammaPgPerS: 1.15e6,
    jP: 1,
    cEp: 2 / 3,
    spinFactorXi: 1,
  },
  // Xe: e = 5p5 6s [3/2]2, p = 5p5 6s [3/2]1, g = 5p6 1S0.
  Xe: {
    name: "Xe",
    eegEv: 8.31532,
    epgEv: 8.43652,
    gammaPgPerS: 2.7e8,
    jP: 1,
    cEp: 2 / 3,
    spinFactorXi: 1,
  },
};
