/**
 * The E1 x E1 pair bracket (docs/physics/e1e1.md section 3; brute-force check
 * docs/physics/checks/e1e1_check.py, Monte Carlo fixture test/fixtures/e1e1_mc.py).
 *
 * Between levels e and p of opposite parity the pair couples to the electron's vector current; in
 * the long-wavelength, one-intermediate-level reduction the atomic amplitude is r_pe . W with
 *   W^k = Q^k L^0 - Delta L^k,  Delta = E_p - E_e,  L^mu = ubar_i gamma^mu (bL P_L + bR P_R) v_j.
 * Averaged over the pair (the same tensor as docs/physics/standard-model.md 2.2/2.4), per ordered pair:
 *   isotropic:  B = r^2 { C_N [Delta^2 K + (omega^2/3)(2b (Q0 - Delta)^2 - K)] + X (omega^2/3 - Delta^2) }
 *   transverse: B = r^2 Delta^2 (C_N K - X)
 * with C_N, X the chiral weights (`chiralWeights`), K = (2 q^4 - q^2 S - D)/(6 q^2),
 * 2b = 1/3 + S/(3 q^2) - 2 D/(3 q^4), Q0 = E_eg - omega, |Q| = omega, r = |<p|r|e>| in eV^-1.
 */
import type { PairPoint } from "./types.js";
import { pairKinematicTransverseIEv2 } from "./kinematics.js";
import { M_E_EV } from "../constants.js";

export function e1e1BracketEv2(weights: { momentum: number; mass: number }, p: PairPoint): number {
  const { q2Ev2: q2, miEv: mi, mjEv: mj, omegaEv: w, dipoleEpPerEv, deltaPeEv } = p;
  if (!(q2 > 0)) return 0;
  const k = pairKinematicTransverseIEv2(q2, mi, mj);
  const x = weights.mass * mi * mj;
  const d2 = deltaPeEv * deltaPeEv;
  const r2 = dipoleEpPerEv * dipoleEpPerEv;
  if (p.projection === "transverse") return r2 * d2 * (weights.momentum * k - x);
  const s = mi * mi + mj * mj;
  const dm2 = mi * mi - mj * mj;
  const twoB = 1 / 3 + s / (3 * q2) - (2 * dm2 * dm2) / (3 * q2 * q2);
  const q0MinusDelta = p.eegEv - w - deltaPeEv;
  const w2 = w * w;
  return (
    r2 *
    (weights.momentum * (d2 * k + (w2 / 3) * (twoB * q0MinusDelta * q0MinusDelta - k)) +
      x * (w2 / 3 - d2))
  );
}

/**
 * The factor that turns an E1 x M1 electromagnetic bracket of a conserved neutrino current (the
 * dipole moments, and their interference with any vector current), taken at xi = 1, into its
 * E1 x E1 bracket (docs/physics/e1e1.md section 5). The averaged tensor of a conserved current is
 * c (q^2 g^{mu nu} - Q^mu Q^nu); contracted with (J x Q) (E1 x M1, amplitude e/(2 sqrt2 G_F m_e q^2))
 * it gives (2/3)|c| q^2 omega^2 (isotropic), with W (E1 x E1, amplitude e/(sqrt2 G_F q^2)) it gives
 * |c| [Delta^2 q^2 + omega^2 ((Q0 - Delta)^2 - q^2)/3] (isotropic) or |c| Delta^2 q^2 (transverse,
 * where E1 x M1 gives |c| q^2 omega^2): hence, times r^2,
 *   isotropic:  6 m_e^2 [Delta^2 q^2 + omega^2 ((Q0 - Delta)^2 - q^2)/3] / (q^2 omega^2),
 *   transverse: 6 m_e^2 Delta^2 / omega^2   (relative to the isotropic E1 x M1 bracket).
 * Checked by explicit spinors in docs/physics/checks/e1e1_check.py.
 */
export function e1e1FromMagneticFactor(p: PairPoint): number {
  const { q2Ev2: q2, omegaEv: w, dipoleEpPerEv: r, deltaPeEv: d } = p;
  if (!(q2 > 0) || !(w > 0)) return 0;
  const r2m2 = 6 * M_E_EV * M_E_EV * r * r;
  if (p.projection === "transverse") return (r2m2 * d * d) / (w * w);
  const q0MinusDelta = p.eegEv - w - d;
  return (r2m2 * (d * d * q2 + (w * w * (q0MinusDelta * q0MinusDelta - q2)) / 3)) / (q2 * w * w);
}
