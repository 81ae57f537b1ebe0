/**
 * RENP pair kinematics (docs/physics/standard-model.md section 1, derived there; Dinh et al., PLB 719 (2013) 154).
 * Macro-coherence fixes the pair's 4-momentum Q = (E_eg - omega, -k), |k| = omega.
 */

/** q^2 = Q^2 = E_eg (E_eg - 2 omega), eV^2 (docs/physics/standard-model.md section 1). */
export const pairMassSquaredEv2 = (eegEv: number, omegaEv: number): number =>
  eegEv * (eegEv - 2 * omegaEv);

/** omega_ij = E_eg/2 - (m_i + m_j)^2 / (2 E_eg): pair (i,j) is open for omega below it (docs/physics/standard-model.md section 1). */
export const thresholdEv = (eegEv: number, miEv: number, mjEv: number): number =>
  eegEv / 2 - ((miEv + mjEv) * (miEv + mjEv)) / (2 * eegEv);

/**
 * omega_M = (E_eg - M^2/E_eg)/2: where q^2 = E_eg (E_eg - 2 omega) = M^2, i.e. where a mediator of
 * mass M goes on shell (docs/physics/vector-mediator.md, section 3).
 */
export const poleOmegaEv = (eegEv: number, massEv: number): number =>
  (eegEv - (massEv * massEv) / eegEv) / 2;

/**
 * Two-body phase-space factor Delta_ij = sqrt{[1 - (m_i+m_j)^2/q^2][1 - (m_i-m_j)^2/q^2]}
 * (docs/physics/standard-model.md section 2). Zero at and above threshold (closed channel).
 */
export function phaseSpaceDelta(q2Ev2: number, miEv: number, mjEv: number): number {
  const sum2 = (miEv + mjEv) * (miEv + mjEv);
  if (!(q2Ev2 > sum2)) return 0;
  const diff2 = (miEv - mjEv) * (miEv - mjEv);
  return Math.sqrt(((q2Ev2 - sum2) / q2Ev2) * ((q2Ev2 - diff2) / q2Ev2));
}

/**
 * I_ij(omega): phase-space average of (E_1 E_2 - p_1.p_2/3) over the pair, eV^2
 * (docs/physics/standard-model.md section 2.2, derived there with <p_1^mu p_2^nu> = A g^{mu nu} + B Q^mu Q^nu and checked by
 * Monte Carlo; re-derived in docs/physics/standard-model.md):
 *   I_ij = (1/3)[q^2 + w^2/3 - S/2 - D/(2 q^2) + S w^2/(3 q^2) - 2 D w^2/(3 q^4)],
 *   S = m_i^2 + m_j^2, D = (m_i^2 - m_j^2)^2.
 * Massless limit (1/3)(q^2 + w^2/3).
 */
export function pairKinematicIEv2(
  q2Ev2: number,
  omegaEv: number,
  miEv: number,
  mjEv: number,
): number {
  const s = miEv * miEv + mjEv * mjEv;
  const dm2 = miEv * miEv - mjEv * mjEv;
  const d = dm2 * dm2;
  const w2 = omegaEv * omegaEv;
  return (
    (q2Ev2 +
      w2 / 3 -
      s / 2 -
      d / (2 * q2Ev2) +
      (s * w2) / (3 * q2Ev2) -
      (2 * d * w2) / (3 * q2Ev2 * q2Ev2)) /
    3
  );
}

/**
 * K_ij(omega): the pair function of the transverse atomic projection, eV^2: the V-A pair tensor
 * contracted with a linear polarisation eps transverse to the pair momentum Q (J = 0 -> 1 -> 0,
 * amplitude eps^*.j), in the normalisation where the isotropic (1/3) trace is I_ij
 * (docs/physics/standard-model.md section 2.4; brute-force and Monte Carlo checks there):
 *   K_ij = (2 q^4 - q^2 S - D) / (6 q^2) = q^2/3 - S/6 - D/(6 q^2),
 * independent of omega (the boost along Q only affects the longitudinal component). Massless: q^2/3.
 */
export function pairKinematicTransverseIEv2(q2Ev2: number, miEv: number, mjEv: number): number {
  const s = miEv * miEv + mjEv * mjEv;
  const dm2 = miEv * miEv - mjEv * mjEv;
  return q2Ev2 > 0 ? (2 * q2Ev2 - s - (dm2 * dm2) / q2Ev2) / 6 : 0;
}

/**
 * Delta_ij at a distance d = omega_ij - omega > 0 below the threshold, without cancellation:
 * q^2 - (m_i+m_j)^2 = 2 E_eg d and q^2 - (m_i-m_j)^2 = 4 m_i m_j + 2 E_eg d exactly, so
 * Delta_ij = sqrt(2 E_eg d (4 m_i m_j + 2 E_eg d)) / q^2 with q^2 = (m_i+m_j)^2 + 2 E_eg d.
 * (The direct form loses up to five digits near a threshold, where E_eg - 2 omega and
 * q^2 - (m_i+m_j)^2 both cancel.)
 */
export function phaseSpaceDeltaBelowThreshold(
  dEv: number,
  eegEv: number,
  miEv: number,
  mjEv: number,
): { delta: number; q2Ev2: number } {
  const open = 2 * eegEv * dEv;
  const q2Ev2 = (miEv + mjEv) * (miEv + mjEv) + open;
  return { delta: Math.sqrt(open * (4 * miEv * mjEv + open)) / q2Ev2, q2Ev2 };
}
