/**
 * Neutrino electromagnetic form factors in RENP (docs/physics/electromagnetic.md; Ge & Pasquini, PLB 841 (2023) 137911,
 * arXiv:2306.12953). Derivation: docs/physics/electromagnetic.md; numerical check:
 * docs/physics/checks/bsm_check.py; reference values: test/fixtures/bsm_reference.py.
 *
 * Vertex (Giunti-Studenikin, <nu_i| j_mu |nu_j> = ubar_i Lambda_mu^ij u_j, q = Q the pair momentum):
 *   Lambda_mu = (gamma_mu - q_mu qslash/q^2)[f_Q + f_A q^2 gamma5] - f_M i sigma_{mu nu} q^nu + f_E sigma_{mu nu} q^nu gamma5,
 *   f_Q = e q^2 <r^2>/6,  f_A = e a,  f_M = mu mu_B,  f_E = eps mu_B.
 * The photon (1/q^2) reaches the atom only through its magnetic coupling xi (e/2m_e) sigma.B, i.e.
 * the spin amplitude is proportional to (J_nu x Q), transverse to Q. Consequences (all derived and
 * checked): no interference with the SM, Z' or scalar terms after the pair phase-space average;
 * the charge radius and anapole are contact-like at the neutrino vertex but are suppressed by
 * omega/(2 m_e) at the atom and do NOT shift a_ij (unlike the literature's contact-like form; docs/physics/electromagnetic.md, section 3).
 *
 * Dirac, ordered pair (i, j), with rho = <r^2>_ij/6 and a = a_ij in eV^-2, mu, eps in mu_B:
 *   dB_dip   = (pi alpha xi)^2 w^2 / (9 G_F^2 m_e^4 q^4)
 *              [ |mu|^2 (q^2 - (m_i-m_j)^2)(q^2 + 2(m_i+m_j)^2) + |eps|^2 (q^2 - (m_i+m_j)^2)(q^2 + 2(m_i-m_j)^2) ]
 *   dB_ra    = (4 pi alpha)^2 xi^2 w^2 / (6 G_F^2 m_e^2) [ (|rho|^2 + |a|^2) K_ij + m_i m_j (|rho|^2 - |a|^2) ],
 *              K_ij = (2 q^4 - q^2 S - D) / (6 q^2)
 *   dB_cross = -(4 pi alpha)^2 xi^2 w^2 / (12 G_F^2 m_e^3) [ (m_i+m_j) F- Re(rho mu^*) + (m_i-m_j) F+ Im(a eps^*) ]
 * Majorana (same form factors, constrained: mu, eps, <r^2> antisymmetric, a symmetric): the
 * allowed parts (mu_ij - mu_ji)/2, ..., (a_ij + a_ji)/2 in the Dirac formula, times 1/2.
 */
import { ALPHA, G_F_PER_EV2, M_E_EV, cm2ToPerEv2 } from "../constants.js";
import { abs2, add, conj, mul, scale, sub } from "../complex.js";
import type {
  ChiralCoefficients,
  Complex,
  ComplexMatrix3,
  PairPoint,
  SpectralTerm,
} from "./types.js";
import { e1e1FromMagneticFactor } from "./e1e1.js";
import { pairKinematicTransverseIEv2 } from "./kinematics.js";

export interface ElectromagneticParams {
  /** Magnetic moments mu_ij in units of mu_B (hermitian; Majorana: antisymmetric too). */
  magneticMomentMuB?: ComplexMatrix3 | undefined;
  /** Electric dipole moments eps_ij in units of mu_B (hermitian; Majorana: antisymmetric too). */
  electricDipoleMuB?: ComplexMatrix3 | undefined;
  /** Charge radii <r^2>_ij in cm^2 (hermitian; Majorana: antisymmetric too). */
  chargeRadiusCm2?: ComplexMatrix3 | undefined;
  /** Anapole moments a_ij in cm^2 (hermitian; Majorana: symmetric, hence real). */
  anapoleCm2?: ComplexMatrix3 | undefined;
}

const ZERO: Complex = { re: 0, im: 0 };
const FOUR_PI_ALPHA = 4 * Math.PI * ALPHA;
const DIPOLE_PREFACTOR = (Math.PI * ALPHA) ** 2 / (9 * G_F_PER_EV2 ** 2 * M_E_EV ** 4);
const RADIUS_PREFACTOR = FOUR_PI_ALPHA ** 2 / (6 * G_F_PER_EV2 ** 2 * M_E_EV ** 2);
const CROSS_PREFACTOR = -(FOUR_PI_ALPHA ** 2) / (12 * G_F_PER_EV2 ** 2 * M_E_EV ** 3);

/** The dipole bracket of one ordered pair, Dirac normalisation; mu, eps in mu_B. */
export function dipoleBracketEv2(p: PairPoint, mu: Complex, eps: Complex): number {
  const { q2Ev2: q2, miEv: mi, mjEv: mj, omegaEv } = p;
  const sum2 = (mi + mj) * (mi + mj);
  const diff2 = (mi - mj) * (mi - mj);
  // Bounded ratios for an open pair (q2 >= (m_i+m_j)^2): each in [0, 3].
  const r = (x: number): number => (q2 > 0 ? x / q2 : 1);
  const muShape = r(q2 - diff2) * r(q2 + 2 * sum2);
  const epsShape = r(q2 - sum2) * r(q2 + 2 * diff2);
  const xi2 = p.spinFactorXi * p.spinFactorXi;
  return DIPOLE_PREFACTOR * xi2 * omegaEv * omegaEv * (abs2(mu) * muShape + abs2(eps) * epsShape);
}

/** Charge radius + anapole bracket (rho = <r^2>/6 and a in eV^-2), Dirac normalisation. */
export function radiusAnapoleBracketEv2(p: PairPoint, rho: Complex, a: Complex): number {
  const { q2Ev2: q2, miEv: mi, mjEv: mj, omegaEv } = p;
  const k = pairKinematicTransverseIEv2(q2, mi, mj);
  const xi2 = p.spinFactorXi * p.spinFactorXi;
  return (
    RADIUS_PREFACTOR *
    xi2 *
    omegaEv *
    omegaEv *
    ((abs2(rho) + abs2(a)) * k + mi * mj * (abs2(rho) - abs2(a)))
  );
}

/** Interference of (radius, anapole) with (mu, eps); needs a neutrino mass, Dirac normalisation. */
export function radiusDipoleCrossEv2(
  p: PairPoint,
  rho: Complex,
  a: Complex,
  mu: Complex,
  eps: Complex,
): number {
  const { q2Ev2: q2, miEv: mi, mjEv: mj, omegaEv } = p;
  const fPlus = q2 > 0 ? (q2 - (mi + mj) * (mi + mj)) / q2 : 0;
  const fMinus = q2 > 0 ? (q2 - (mi - mj) * (mi - mj)) / q2 : 0;
  const xi2 = p.spinFactorXi * p.spinFactorXi;
  return (
    CROSS_PREFACTOR *
    xi2 *
    omegaEv *
    omegaEv *
    ((mi + mj) * fMinus * mul(rho, conj(mu)).re + (mi - mj) * fPlus * mul(a, conj(eps)).im)
  );
}

/**
 * E1 x E1 (docs/physics/e1e1.md section 2): the photon couples to the electron's vector current like
 * the weak vector current, and the charge radius and anapole (the vertex's q^2 cancels the photon's
 * 1/q^2) are contact shifts of the vector chiral coefficients, in units of sqrt2 G_F:
 *   bL += kappa (rho - a),  bR += kappa (rho + a),  kappa = e^2 / (sqrt2 G_F),  rho = <r^2>/6,
 * i.e. g_V -> g_V + sqrt2 pi alpha <r^2> / (3 G_F) for a left-handed neutrino (the shift known from
 * nu-e scattering). Majorana: the allowed parts, halved (Lagrangian coefficient = form factor / 2).
 */
const KAPPA_EV2 = FOUR_PI_ALPHA / (Math.SQRT2 * G_F_PER_EV2);

/** Electromagnetic form-factor term (additive bracket for E1 x M1; chiral shifts for E1 x E1). */
export function electromagneticTerm(params: ElectromagneticParams): SpectralTerm {
  const mu = params.magneticMomentMuB;
  const eps = params.electricDipoleMuB;
  const r2 = params.chargeRadiusCm2;
  const an = params.anapoleCm2;
  const at = (m: ComplexMatrix3 | undefined, i: number, j: number): Complex => (m ? m[i][j] : ZERO);
  const perEv2 = cm2ToPerEv2(1);
  /** rho = <r^2>/6 and a in eV^-2, the parts a Majorana vertex can have (halved) or Dirac's. */
  const radiusAnapole = (p: PairPoint): { rho: Complex; a: Complex } => {
    const { i, j } = p;
    const rho = scale(at(r2, i, j), perEv2 / 6);
    const a = scale(at(an, i, j), perEv2);
    if (!p.majorana) return { rho, a };
    return {
      rho: scale(sub(rho, scale(at(r2, j, i), perEv2 / 6)), 0.25),
      a: scale(add(a, scale(at(an, j, i), perEv2)), 0.25),
    };
  };
  return {
    name: "electromagnetic",
    chiralShift(p: PairPoint) {
      if (p.transition !== "E1xE1") return { aL: ZERO, aR: ZERO };
      const { rho, a } = radiusAnapole(p);
      return {
        aL: scale(sub(rho, a), KAPPA_EV2),
        aR: scale(add(rho, a), KAPPA_EV2),
      };
    },
    extraBracketEv2(p: PairPoint, total: ChiralCoefficients): number {
      const { i, j } = p;
      if (p.transition === "E1xE1") {
        // The dipoles and their interference with the whole vector coupling (SM + radius + anapole),
        // through the E1 x M1 formulas at xi = 1 (docs/physics/e1e1.md section 5). The vector
        // coupling as equivalent form factors: rho = v/kappa, a = ax/kappa with
        // v = (bL + bR)/2, ax = (bR - bL)/2; Majorana: v_ij - v_ji = 2i Im v, ax_ij + ax_ji = 2 Re ax.
        let m = at(mu, i, j);
        let e = at(eps, i, j);
        if (m.re === 0 && m.im === 0 && e.re === 0 && e.im === 0) return 0;
        let v = scale(add(total.aL, total.aR), 0.5 / KAPPA_EV2);
        let ax = scale(sub(total.aR, total.aL), 0.5 / KAPPA_EV2);
        let weight = 1;
        if (p.majorana) {
          m = scale(sub(m, at(mu, j, i)), 0.5);
          e = scale(sub(e, at(eps, j, i)), 0.5);
          v = { re: 0, im: 2 * v.im };
          ax = { re: 2 * ax.re, im: 0 };
          weight = 0.5;
        }
        const unit = { ...p, spinFactorXi: 1 };
        const magnetic = dipoleBracketEv2(unit, m, e) + radiusDipoleCrossEv2(unit, v, ax, m, e);
        return weight * e1e1FromMagneticFactor(p) * magnetic + 0;
      }
      let m = at(mu, i, j);
      let e = at(eps, i, j);
      let rho = scale(at(r2, i, j), perEv2 / 6);
      let a = scale(at(an, i, j), perEv2);
      // The spin amplitude (J x Q) is transverse to Q: the isotropic (1/3) trace keeps 2/3 of it, a
      // polarisation transverse to Q all of it (docs/physics/standard-model.md section 2.4).
      let weight = p.projection === "transverse" ? 1.5 : 1;
      if (p.majorana) {
        // Only the parts a Majorana vertex can have; a consistent scenario has exactly these.
        m = scale(sub(m, at(mu, j, i)), 0.5);
        e = scale(sub(e, at(eps, j, i)), 0.5);
        rho = scale(sub(rho, scale(at(r2, j, i), perEv2 / 6)), 0.5);
        a = scale(add(a, scale(at(an, j, i), perEv2)), 0.5);
        weight *= 0.5;
      }
      const value =
        dipoleBracketEv2(p, m, e) +
        radiusAnapoleBracketEv2(p, rho, a) +
        radiusDipoleCrossEv2(p, rho, a, m, e);
      return weight * value + 0;
    },
  };
}
