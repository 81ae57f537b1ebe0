/**
 * The RENP spectral function I(omega) (docs/physics/standard-model.md section 2; Dinh, Petcov, Sasao, Tanaka, Yoshimura,
 * PLB 719 (2013) 154, arXiv:1209.4808), with BSM terms plugged in through SpectralTerm
 * (docs/physics/).
 *
 *   I(omega) = 1/(E_pg - omega)^2 sum_{i,j} Theta(omega_ij - omega) Delta_ij(omega) B_ij(omega)
 */
import type {
  ChiralCoefficients,
  Complex,
  ComplexMatrix3,
  PairPoint,
  SpectralTerm,
  SpinProjection,
  Transition,
} from "./types.js";
import { e1e1BracketEv2 } from "./e1e1.js";
import {
  pairKinematicIEv2,
  pairKinematicTransverseIEv2,
  phaseSpaceDeltaBelowThreshold,
  thresholdEv,
} from "./kinematics.js";
import { abs2, add, conj, mul, ZERO } from "../complex.js";

/**
 * The per-pair bracket for chiral coefficients (aL, aR) (docs/physics/vector-mediator.md; Ge & Pasquini,
 * EPJC 82 (2022) 208):
 *   (|aL|^2 + |aR|^2 - 2 dM Re[aL aR]) I_ij - (dM Re[aL^2 + aR^2] - 2 Re[aL^* aR]) m_i m_j.
 * With aR = 0 it is the SM bracket |a_ij|^2 I_ij - dM Re(a_ij^2) m_i m_j of docs/physics/standard-model.md section 2.
 */
export function chiralBracketEv2(
  c: ChiralCoefficients,
  iijEv2: number,
  mimjEv2: number,
  majorana: boolean,
): number {
  const { momentum, mass } = chiralWeights(c, majorana);
  return momentum * iijEv2 - mass * mimjEv2;
}

/**
 * The two coefficients of the chiral bracket: `momentum` = |aL|^2 + |aR|^2 - 2 dM Re[aL aR] multiplies
 * the pair's momentum tensor, `mass` = dM Re[aL^2 + aR^2] - 2 Re[aL^* aR] its mass term (m_i m_j
 * g^{mu nu}); docs/physics/e1e1.md section 3 contracts them with the E1 x E1 structure.
 */
export function chiralWeights(
  c: ChiralCoefficients,
  majorana: boolean,
): { momentum: number; mass: number } {
  const { aL, aR } = c;
  const dM = majorana ? 1 : 0;
  return {
    momentum: abs2(aL) + abs2(aR) - 2 * dM * mul(aL, aR).re,
    mass: dM * (mul(aL, aL).re + mul(aR, aR).re) - 2 * mul(conj(aL), aR).re,
  };
}

export interface SpectralModelInput {
  eegEv: number;
  epgEv: number;
  massesEv: readonly [number, number, number];
  majorana: boolean;
  /** a_ij of docs/physics/standard-model.md section 2 (or docs/physics/non-unitarity.md for non-unitary mixing), mass basis. */
  coefficients: ComplexMatrix3;
  spinFactorXi: number;
  /** BSM terms; empty for the SM. */
  terms: readonly SpectralTerm[];
  /**
   * The atomic projection (docs/physics/standard-model.md section 2.4); default "transverse" (the
   * collinear macro-coherent experiment); "isotropic" is the literature form.
   */
  spinProjection?: SpinProjection | undefined;
  /**
   * The e-p coupling (docs/physics/e1e1.md); default "E1xM1". For "E1xE1" `coefficients` are the
   * electron-vector ones b_ij and `dipoleEpPerEv` = |<p|r|e>| in eV^-1 is required.
   */
  transition?: Transition | undefined;
  dipoleEpPerEv?: number | undefined;
}

/** One ordered pair (i, j) and its threshold. */
export interface PairChannel {
  i: number;
  j: number;
  miEv: number;
  mjEv: number;
  thresholdEv: number;
}

export interface SpectralModel {
  readonly input: SpectralModelInput;
  /** The nine ordered pairs, (0,0), (0,1), ... (2,2). */
  readonly pairs: readonly PairChannel[];
  /** The distinct thresholds, ascending (six for three distinct masses). */
  readonly thresholdsEv: readonly number[];
  /** Contribution of one ordered pair to I(omega), dimensionless; zero at and above its threshold. */
  pairValue(pair: PairChannel, omegaEv: number): number;
  /**
   * The same at omega = omega_ij - d, given the distance d > 0 below the pair's threshold exactly
   * (the integrator's variable): no cancellation in q^2 - (m_i+m_j)^2 near the threshold. The
   * pair's indices, masses and threshold are read from `pair`, so a pair at other masses than the
   * model's (the fit's fast path, inference/fast/pairCells.ts) is evaluated at its own.
   */
  pairValueBelowThreshold(pair: PairChannel, dEv: number): number;
  /** I(omega), dimensionless. */
  value(omegaEv: number): number;
}

export function createSpectralModel(input: SpectralModelInput): SpectralModel {
  const { eegEv, epgEv, massesEv, majorana, coefficients, spinFactorXi, terms } = input;
  const projection: SpinProjection = input.spinProjection ?? "transverse";
  const transition: Transition = input.transition ?? "E1xM1";
  const dipoleEpPerEv = input.dipoleEpPerEv ?? 0;
  if (transition === "E1xE1" && !(dipoleEpPerEv > 0))
    throw new RangeError(`an E1 x E1 transition needs dipoleEpPerEv > 0, got ${dipoleEpPerEv}`);
  const pairs: PairChannel[] = [];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      pairs.push({
        i,
        j,
        miEv: massesEv[i],
        mjEv: massesEv[j],
        thresholdEv: thresholdEv(eegEv, massesEv[i], massesEv[j]),
      });
    }
  }
  const thresholdsEv = [...new Set(pairs.map((p) => p.thresholdEv))].sort((a, b) => a - b);
  const shifters = terms.filter((t) => t.chiralShift !== undefined);
  const extras = terms.filter((t) => t.extraBracketEv2 !== undefined);

  function pairValueBelowThreshold(pair: PairChannel, dEv: number): number {
    if (!(dEv > 0)) return 0;
    const omegaEv = pair.thresholdEv - dEv;
    const { delta, q2Ev2 } = phaseSpaceDeltaBelowThreshold(dEv, eegEv, pair.miEv, pair.mjEv);
    const point: PairPoint = {
      i: pair.i,
      j: pair.j,
      miEv: pair.miEv,
      mjEv: pair.mjEv,
      omegaEv,
      q2Ev2,
      eegEv,
      // The chiral bracket's momentum tensor under the projection; its mass terms are proportional
      // to delta^kl and the same in both (docs/physics/standard-model.md section 2.4).
      iijEv2:
        projection === "transverse"
          ? pairKinematicTransverseIEv2(q2Ev2, pair.miEv, pair.mjEv)
          : pairKinematicIEv2(q2Ev2, omegaEv, pair.miEv, pair.mjEv),
      projection,
      transition,
      dipoleEpPerEv,
      deltaPeEv: epgEv - eegEv,
      majorana,
      spinFactorXi,
    };
    let aL: Complex = coefficients[pair.i][pair.j];
    let aR: Complex = ZERO;
    for (const t of shifters) {
      const s = t.chiralShift!(point);
      aL = add(aL, s.aL);
      aR = add(aR, s.aR);
    }
    const total = { aL, aR };
    let bracket =
      transition === "E1xE1"
        ? e1e1BracketEv2(chiralWeights(total, majorana), point)
        : chiralBracketEv2(total, point.iijEv2, pair.miEv * pair.mjEv, majorana);
    for (const t of extras) bracket += t.extraBracketEv2!(point, total);
    const denominator = epgEv - omegaEv;
    return (delta * bracket) / (denominator * denominator);
  }

  const pairValue = (pair: PairChannel, omegaEv: number): number =>
    pairValueBelowThreshold(pair, pair.thresholdEv - omegaEv);

  return {
    input,
    pairs,
    thresholdsEv,
    pairValue,
    pairValueBelowThreshold,
    value: (omegaEv) => pairs.reduce((sum, pair) => sum + pairValue(pair, omegaEv), 0),
  };
}
