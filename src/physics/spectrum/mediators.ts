/**
 * Light mediators between the atomic electron and the neutrinos (docs/physics/vector-mediator.md, scalar-mediator.md; Ge & Pasquini,
 * EPJC 82 (2022) 208, arXiv:2110.03510). Derivations: docs/physics/vector-mediator.md and
 * docs/physics/scalar-mediator.md; numerical checks: docs/physics/checks/bsm_check.py;
 * reference values: test/fixtures/bsm_reference.py.
 *
 * Normalisation: the SM is L = sqrt2 G_F a_ij [nubar_i gamma^mu P_L nu_j][ebar gamma_mu gamma5 e]
 * (docs/physics/standard-model.md section 2); every coefficient below is in units of that sqrt2 G_F.
 */
import { G_F_PER_EV2, M_E_EV } from "../constants.js";
import { abs2, add, conj, mul, scale, sub } from "../complex.js";
import { chiralBracketEv2 } from "./sm.js";
import type {
  ChiralCoefficients,
  Complex,
  ComplexMatrix3,
  PairPoint,
  SpectralTerm,
} from "./types.js";

const SQRT2 = Math.SQRT2;
const ZERO_SHIFT: ChiralCoefficients = Object.freeze({
  aL: Object.freeze({ re: 0, im: 0 }),
  aR: Object.freeze({ re: 0, im: 0 }),
});

/** Turns -0 into +0 so that vanishing couplings give exactly +0. */
const pz = (c: Complex): Complex => ({ re: c.re + 0, im: c.im + 0 });

/**
 * The mediator propagator factor 1/(q^2 - M^2 + i M Gamma), eV^-2.
 * Finite for every finite input except the on-shell point q^2 = M^2 with zero width, where it
 * throws a RangeError (give the mediator a width, `widthEv` > 0, when M lies inside the scanned
 * range of sqrt(q^2), see docs/physics/vector-mediator.md). A denominator too large for a double
 * (M^2 overflowing) gives exactly 0, the decoupling limit.
 */
export function propagator(q2Ev2: number, massEv: number, widthEv = 0): Complex {
  const re = q2Ev2 - massEv * massEv;
  const im = massEv * widthEv;
  if (!Number.isFinite(re) || !Number.isFinite(im)) return { re: 0, im: 0 };
  if (re === 0 && im === 0) {
    throw new RangeError(
      `mediator on shell: q^2 = M^2 = ${q2Ev2} eV^2 with zero width; set widthEv > 0 when the mediator mass ${massEv} eV lies inside the pair's invariant-mass range`,
    );
  }
  // Smith's division 1/(re + i im), safe against overflow of re^2 + im^2.
  if (Math.abs(re) >= Math.abs(im)) {
    const r = im / re;
    const d = re + im * r;
    return { re: 1 / d, im: -r / d };
  }
  const r = re / im;
  const d = re * r + im;
  return { re: r / d, im: -1 / d };
}

// ------------------------------------------------------------------------------ vector Z'

export interface VectorMediatorParams {
  /** Mediator mass M, eV (>= 0). */
  massEv: number;
  /** Axial coupling to the electron: g^e ebar gamma^mu gamma5 e Z'_mu. */
  gE: number;
  /** Left-handed neutrino couplings g^nu_L,ij (mass basis, hermitian). */
  gNuL: ComplexMatrix3;
  /** Right-handed neutrino couplings g^nu_R,ij (mass basis, hermitian). */
  gNuR: ComplexMatrix3;
  /** Total width Gamma, eV (>= 0, default 0). */
  widthEv?: number | undefined;
}

/**
 * Vector mediator Z' (docs/physics/vector-mediator.md):
 *   L = g^e ebar gamma^mu gamma5 e Z'_mu + nubar_i gamma^mu (g^nu_L,ij P_L + g^nu_R,ij P_R) nu_j Z'_mu.
 * Tree-level exchange at the pair's q^2 shifts the chiral coefficients of pair (i, j):
 *   aL += g^e g^nu_L,ij / (sqrt2 G_F (q^2 - M^2 + i M Gamma)),   aR += the same with g^nu_R,ij.
 * Heavy limit: aL -> a_ij - g^e g^nu_L,ij / (sqrt2 G_F M^2) (contact, NSI-like).
 * The q_mu q_nu / M^2 part of the massive propagator is left out (as in the paper).
 *
 * Majorana with a non-zero width: the bracket of docs/physics/vector-mediator.md assumes a hermitian coefficient
 * matrix, which a complex propagator breaks; `extraBracketEv2` adds the exact correction
 * (1/2) B_Dirac(A_L, A_R) - B_spec(aL, aR), A_L = aL_ij - aR_ji, A_R = aR_ij - aL_ji
 * (docs/physics/vector-mediator.md). It is exactly 0 for Dirac, zero width or g^e = 0.
 */
export function vectorMediatorTerm(params: VectorMediatorParams): SpectralTerm {
  const { massEv, gE, gNuL, gNuR } = params;
  const widthEv = params.widthEv ?? 0;
  const k = gE / (SQRT2 * G_F_PER_EV2);
  const shifts = (p: PairPoint, i: number, j: number): ChiralCoefficients => {
    const f = scale(propagator(p.q2Ev2, massEv, widthEv), k);
    return { aL: pz(mul(f, gNuL[i][j])), aR: pz(mul(f, gNuR[i][j])) };
  };
  return {
    name: "vectorMediator",
    chiralShift(p: PairPoint): ChiralCoefficients {
      // The axial electron current needs the electron spin: between the opposite-parity singlet
      // levels of an E1 x E1 transition it has no matrix element (docs/physics/e1e1.md section 4).
      if (gE === 0 || p.transition === "E1xE1") return ZERO_SHIFT;
      return shifts(p, p.i, p.j);
    },
    extraBracketEv2(p: PairPoint, total: ChiralCoefficients): number {
      if (!p.majorana || gE === 0 || widthEv === 0 || massEv === 0 || p.transition === "E1xE1")
        return 0;
      const d = shifts(p, p.i, p.j);
      const dT = shifts(p, p.j, p.i);
      // The rest of the coefficient (SM and hermitian-consistent shifts) at (j, i) is the conjugate.
      const aLji = add(conj(sub(total.aL, d.aL)), dT.aL);
      const aRji = add(conj(sub(total.aR, d.aR)), dT.aR);
      const AL = sub(total.aL, aRji);
      const AR = sub(total.aR, aLji);
      const exact = 0.5 * chiralBracketEv2({ aL: AL, aR: AR }, p.iijEv2, p.miEv * p.mjEv, false);
      return exact - chiralBracketEv2(total, p.iijEv2, p.miEv * p.mjEv, true);
    },
  };
}

// ------------------------------------------------------------------------------ scalar phi

export interface ScalarMediatorParams {
  /** Mediator mass M, eV (>= 0). */
  massEv: number;
  /** Pseudo-scalar coupling to the electron: i y^e ebar gamma5 e phi. */
  yE: number;
  /** Scalar neutrino couplings y_S,ij (hermitian). */
  yNuS: ComplexMatrix3;
  /** Pseudo-scalar neutrino couplings y_P,ij (hermitian): nubar_i (y_S + i gamma5 y_P)_ij nu_j phi. */
  yNuP: ComplexMatrix3;
  /** Total width Gamma, eV (>= 0, default 0). */
  widthEv?: number | undefined;
}

/**
 * Scalar mediator phi (docs/physics/scalar-mediator.md), derived in docs/physics/scalar-mediator.md:
 *   L = i y^e ebar gamma5 e phi + nubar_i (y_S,ij + i gamma5 y_P,ij) nu_j phi.
 * ebar i gamma5 e -> i sigma.Q / (2 m_e) (|Q| = omega). With c = y^e / (2 sqrt2 G_F m_e (q^2 - M^2 + i M Gamma)),
 * Dirac, ordered pair (i, j), coefficients (aL, aR) after all chiral shifts:
 *   dB = |c|^2 w^2/3 [ |y_S|^2 (q^2 - (m_i+m_j)^2) + |y_P|^2 (q^2 - (m_i-m_j)^2) ]
 *      + w^2/3 [ -Im(c (aL+aR)^* y_S) (m_i - m_j) F+ + Re(c (aL-aR)^* y_P) (m_i + m_j) F- ],
 *   F+ = 1 - (m_i+m_j)^2/q^2, F- = 1 - (m_i-m_j)^2/q^2.
 * Majorana: y -> Y = y_ij + y_ji (= 2 Re y_ij), A_L = aL - aR^*, A_R = aR - aL^*, times 1/2.
 * With real c and aR = 0 this is docs/physics/scalar-mediator.md's derived form.
 */
export function scalarMediatorTerm(params: ScalarMediatorParams): SpectralTerm {
  const { massEv, yE, yNuS, yNuP } = params;
  const widthEv = params.widthEv ?? 0;
  const k = yE / (2 * SQRT2 * G_F_PER_EV2 * M_E_EV);
  return {
    name: "scalarMediator",
    extraBracketEv2(p: PairPoint, total: ChiralCoefficients): number {
      // The scalar drives the longitudinal spin component sigma.Q: a polarisation transverse to Q
      // does not see it (docs/physics/standard-model.md section 2.4).
      // So does the pseudo-scalar density sigma.Q/(2 m_e) in an E1 x E1 transition (docs/physics/e1e1.md).
      if (yE === 0 || p.projection === "transverse" || p.transition === "E1xE1") return 0;
      const { i, j, miEv: mi, mjEv: mj, q2Ev2: q2, omegaEv } = p;
      const c = scale(propagator(q2, massEv, widthEv), k);
      let yS: Complex = yNuS[i][j];
      let yP: Complex = yNuP[i][j];
      let AL = total.aL;
      let AR = total.aR;
      let weight = 1;
      if (p.majorana) {
        yS = add(yNuS[i][j], yNuS[j][i]);
        yP = add(yNuP[i][j], yNuP[j][i]);
        AL = sub(total.aL, conj(total.aR));
        AR = sub(total.aR, conj(total.aL));
        weight = 0.5;
      }
      const w2 = omegaEv * omegaEv;
      const sum2 = (mi + mj) * (mi + mj);
      const diff2 = (mi - mj) * (mi - mj);
      // (m_i -+ m_j) F+- written with bounded ratios; q2 > 0 for every open pair.
      const fPlus = q2 > 0 ? (q2 - sum2) / q2 : 0;
      const fMinus = q2 > 0 ? (q2 - diff2) / q2 : 0;
      const squared = ((abs2(c) * w2) / 3) * (abs2(yS) * (q2 - sum2) + abs2(yP) * (q2 - diff2));
      const sTerm = mul(mul(c, conj(add(AL, AR))), yS).im * (mi - mj) * fPlus;
      const pTerm = mul(mul(c, conj(sub(AL, AR))), yP).re * (mi + mj) * fMinus;
      const interference = (w2 / 3) * (-sTerm + pTerm);
      return weight * (squared + interference) + 0;
    },
  };
}
