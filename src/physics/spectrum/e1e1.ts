/**
 * The E1 x E1 pair bracket (docs/physics/e1e1.md section 3; brute-force checks
 * docs/physics/checks/e1e1_check.py and e1e1_current.py, Monte Carlo fixture test/fixtures/e1e1_mc.py).
 *
 * Between levels e and p of opposite parity the pair couples to the electron's vector current. Both
 * time orderings through the one intermediate level p contribute (docs/physics/e1e1.md section 3):
 * pair first (e -> p + pair, denominator -(E_pg - omega), vertex r_pe.(Q L^0 + Delta L)) and photon
 * first (e -> p + gamma, denominator -(Delta + omega), vertex r_gp.(Q L^0 - E_pg L)). Their sum is
 * gauge invariant and form independent:
 *   A = [1/(E_pg - omega) + 1/(Delta + omega)] r.(Q L^0 - Q0 L) = F r.(Q L^0 - Q0 L)/(E_pg - omega),
 *   F = 1 + (E_pg - omega)/(Delta + omega),  Q0 = E_eg - omega,  |Q| = omega,  Delta = E_p - E_e.
 * Averaged over the pair only the -K g^{mu nu} part of the pair tensor survives (Q^mu Q^nu is pure
 * gauge), so per ordered pair, with the 1/(E_pg - omega)^2 of docs/physics/standard-model.md section 2
 * kept outside:
 *   B = r^2 F^2 P (C_N K - X),   P = Q0^2 (transverse), Q0^2 - omega^2/3 (isotropic),
 * C_N, X the chiral weights (`chiralWeights`), K = (2 q^4 - q^2 S - D)/(6 q^2), r = |<p|r|e>| in eV^-1.
 */
import type { PairPoint } from "./types.js";
import { pairKinematicTransverseIEv2 } from "./kinematics.js";
import { M_E_EV } from "../constants.js";

/**
 * F^2 P: the factor both E1 x E1 orderings give the gauge-invariant pair tensor
 * (Q0^2 delta^kl - Q^k Q^l) under the projection, relative to the 1/(E_pg - omega)^2 outside
 * (docs/physics/e1e1.md section 3). Zero where a denominator vanishes (no physical scheme has
 * Delta + omega = 0: p lies above e).
 */
export function e1e1OrderingFactorEv2(p: PairPoint): number {
  const { omegaEv: w, eegEv, deltaPeEv: d } = p;
  const epgMinusOmega = eegEv + d - w;
  const deltaPlusOmega = d + w;
  if (deltaPlusOmega === 0) return 0;
  const f = 1 + epgMinusOmega / deltaPlusOmega;
  const q0 = eegEv - w;
  const projected = p.projection === "transverse" ? q0 * q0 : q0 * q0 - (w * w) / 3;
  return f * f * projected;
}

/**
 * The E1 x E1 bracket B = r^2 F^2 P (C_N K - X) of one ordered pair, eV^2 (the file comment;
 * docs/physics/e1e1.md section 3): `weights` are the pair's chiral weights C_N (momentum) and
 * X / (m_i m_j) (mass); zero below the pair threshold (q^2 <= 0).
 */
export function e1e1BracketEv2(weights: { momentum: number; mass: number }, p: PairPoint): number {
  const { q2Ev2: q2, miEv: mi, mjEv: mj, dipoleEpPerEv } = p;
  if (!(q2 > 0)) return 0;
  const k = pairKinematicTransverseIEv2(q2, mi, mj);
  const x = weights.mass * mi * mj;
  const r2 = dipoleEpPerEv * dipoleEpPerEv;
  return r2 * e1e1OrderingFactorEv2(p) * (weights.momentum * k - x);
}

/**
 * The factor that turns an E1 x M1 electromagnetic bracket of a conserved neutrino current (the
 * dipole moments, and their interference with any vector current), taken at xi = 1 and in the
 * isotropic projection, into its E1 x E1 bracket (docs/physics/e1e1.md section 5). The averaged
 * tensor of a conserved current is c (q^2 g^{mu nu} - Q^mu Q^nu); contracted with (J x Q) (E1 x M1,
 * amplitude e/(2 sqrt2 G_F m_e q^2)) it gives (2/3)|c| q^2 omega^2 (isotropic); with the two-ordering
 * E1 x E1 amplitude (e/(sqrt2 G_F q^2) times F r.(Q L^0 - Q0 L), section 3) it gives |c| q^2 F^2 P.
 * Hence, times r^2:  6 m_e^2 F^2 P / omega^2,  P = Q0^2 (transverse) or Q0^2 - omega^2/3 (isotropic).
 * Checked by explicit spinors in docs/physics/checks/e1e1_check.py.
 */
export function e1e1FromMagneticFactor(p: PairPoint): number {
  const { q2Ev2: q2, omegaEv: w, dipoleEpPerEv: r } = p;
  if (!(q2 > 0) || !(w > 0)) return 0;
  return (6 * M_E_EV * M_E_EV * r * r * e1e1OrderingFactorEv2(p)) / (w * w);
}
