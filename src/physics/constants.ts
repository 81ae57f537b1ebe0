/**
 * Physical constants and unit conversions (docs/physics/standard-model.md).
 * Internal unit: eV with hbar = c = 1. Convert only at the edges, with the helpers below.
 */

/** Reduced Planck constant, eV s (CODATA 2018, exact since the 2019 SI). */
export const HBAR_EV_S = 6.582119569e-16;
/** hbar c, eV cm (CODATA 2018). */
export const HBAR_C_EV_CM = 1.973269804e-5;
/** Fermi constant G_F, eV^-2 (PDG: 1.1663788e-5 GeV^-2). */
export const G_F_PER_EV2 = 1.1663788e-23;
/** Electron mass, eV (CODATA 2018). */
export const M_E_EV = 510998.95;
/** Fine-structure constant (CODATA 2018). */
export const ALPHA = 1 / 137.035999084;
/** Elementary charge in natural (Heaviside-Lorentz) units, e = sqrt(4 pi alpha). */
export const E_CHARGE = Math.sqrt(4 * Math.PI * ALPHA);
/** Bohr magneton mu_B = e / (2 m_e), eV^-1. */
export const MU_B_PER_EV = E_CHARGE / (2 * M_E_EV);
/** One wavenumber (cm^-1) in eV (CODATA 2018). */
export const EV_PER_INVERSE_CM = 1.239841984e-4;

/** A number density n [cm^-3] in eV^3: n (hbar c)^3. */
export const perCm3ToEv3 = (perCm3: number): number => perCm3 * HBAR_C_EV_CM ** 3;
/** A volume V [cm^3] in eV^-3: V / (hbar c)^3. */
export const cm3ToPerEv3 = (cm3: number): number => cm3 / HBAR_C_EV_CM ** 3;
/** An area [cm^2] in eV^-2: A / (hbar c)^2. */
export const cm2ToPerEv2 = (cm2: number): number => cm2 / HBAR_C_EV_CM ** 2;
/** A rate r [s^-1] as an energy in eV: r hbar. */
export const perSToEv = (perS: number): number => perS * HBAR_EV_S;
/** A rate R [eV] in s^-1: R / hbar. */
export const evToPerS = (ev: number): number => ev / HBAR_EV_S;

/** Bohr radius a_0, cm (CODATA 2018: 0.529177210903e-8 cm). */
export const BOHR_RADIUS_CM = 0.529177210903e-8;
/** A length [cm] in eV^-1: L / (hbar c). */
export const cmToPerEv = (cm: number): number => cm / HBAR_C_EV_CM;
/**
 * Weak mixing angle at low momentum transfer, sin^2 theta_W (MS-bar, Q -> 0), [recalled] from the
 * PDG 2024 electroweak review (0.23863); it sets the electron's neutral-current vector coupling
 * g_V = -1/2 + 2 sin^2 theta_W, which only the E1 x E1 transitions see (docs/physics/e1e1.md).
 */
export const SIN2_THETA_W_LOW = 0.23863;

/**
 * The electron's neutral-current vector coupling g_V for the E1 x E1 transitions
 * (docs/physics/e1e1.md section 2.1): "tree" -1/2 + 2 sin^2 theta_W(0); "pdg-effective" the
 * radiatively corrected g_V^{nu e} = -0.0396 of the PDG electroweak review's Standard-Model table
 * [recalled, not read here; the nu_mu-e value, which contains the SM nu_mu charge radius of a few
 * 1e-33 cm^2; renp uses it flavour-universally].
 */
export const ELECTRON_VECTOR_COUPLING = {
  tree: -0.5 + 2 * SIN2_THETA_W_LOW,
  "pdg-effective": -0.0396,
} as const;

export const DEG = Math.PI / 180;
