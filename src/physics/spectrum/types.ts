/**
 * The shared vocabulary of every spectral model (SM and BSM).
 *
 * RENP rate (docs/physics/standard-model.md section 2; Dinh, Petcov, Sasao, Tanaka, Yoshimura, PLB 719 (2013) 154):
 *
 *   I(omega) = 1/(E_pg - omega)^2 * sum_{i,j} Theta(omega_ij - omega) Delta_ij(omega) * B_ij(omega)
 *
 * Every model only changes the per-ordered-pair bracket B_ij (an energy squared, eV^2). The SM and
 * the Z' enter through the chiral coefficients aL, aR (dimensionless, in units of the SM's
 * sqrt(2) G_F normalisation); everything else (scalar, dipole moments, charge radius, anapole:
 * the photon couples through the atom's magnetic moment, docs/physics/electromagnetic.md) as an
 * additive term.
 */

/**
 * How the atomic spin operator is projected (docs/physics/standard-model.md section 2.4):
 * "transverse" (the default) the coherent amplitude eps^*.j with eps the trigger's polarisation,
 * transverse to the pair momentum (any collinear level scheme); "isotropic" the literature form
 * (Dinh et al. 2013 I_ij, used by Ge & Pasquini): for reproducing published numbers; it overstates
 * the SM near the end point 30-2000x (pair function alone; 3x more with the coherent Gamma_0) and hides the Dirac/Majorana threshold difference.
 */
export type SpinProjection = "isotropic" | "transverse";

/** The e-p coupling of the pair (docs/physics/e1e1.md). */
export type { Transition } from "../atoms.js";
import type { Transition } from "../atoms.js";

/** A complex number; plain data so it can cross worker boundaries and JSON. */
export interface Complex {
  re: number;
  im: number;
}

/** A 3x3 complex matrix in the neutrino mass basis, indexed [i][j] with i, j in 0..2. */
export type ComplexMatrix3 = readonly (readonly Complex[])[];

/** Everything a bracket term may need at one omega for one ordered pair (i, j). */
export interface PairPoint {
  /** Mass indices, 0-based (0 is nu_1). */
  i: number;
  j: number;
  miEv: number;
  mjEv: number;
  omegaEv: number;
  /** Pair invariant mass squared q^2 = E_eg (E_eg - 2 omega) (docs/physics/standard-model.md section 1), eV^2. */
  q2Ev2: number;
  eegEv: number;
  /**
   * The SM kinematic function of the projection in use, eV^2: I_ij(omega) of docs/physics/standard-model.md section 2.2
   * (isotropic) or K_ij (transverse), docs/physics/standard-model.md section 2.4.
   */
  iijEv2: number;
  /** The atomic projection; BSM terms with their own tensor structure read it. */
  projection: SpinProjection;
  /**
   * "E1xM1": the chiral coefficients are the electron-axial (spin) ones a_ij; "E1xE1": the
   * electron-vector ones b_ij, and the terms that need the electron spin vanish
   * (docs/physics/e1e1.md).
   */
  transition: Transition;
  /** E1 x E1: |<p|r|e>| in eV^-1 (0 for E1 x M1). */
  dipoleEpPerEv: number;
  /** Delta = E_p - E_e = E_pg - E_eg, eV. */
  deltaPeEv: number;
  /** delta_M of docs/physics/standard-model.md section 2. */
  majorana: boolean;
  /** Electron-spin factor of the magnetic coupling (docs/physics/electromagnetic.md), 1 for spin only. */
  spinFactorXi: number;
}

/** Chiral coefficients of one ordered pair: the SM has aL = a_ij, aR = 0. */
export interface ChiralCoefficients {
  aL: Complex;
  aR: Complex;
}

/**
 * One physics contribution to the bracket. A model implements either or both hooks;
 * with vanishing couplings both must return exactly zero shifts / zero.
 */
export interface SpectralTerm {
  /** Short name for docs and errors ("vectorMediator", ...). */
  readonly name: string;
  /** Additive shift of the chiral coefficients of this pair at this point. */
  chiralShift?(p: PairPoint): ChiralCoefficients;
  /**
   * Additive bracket term in eV^2 (same normalisation as iijEv2 times a dimensionless coefficient).
   * `total` are the chiral coefficients after all shifts, for interference terms.
   */
  extraBracketEv2?(p: PairPoint, total: ChiralCoefficients): number;
}
