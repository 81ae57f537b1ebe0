/**
 * From a resolved scenario to its physics: masses, mixing, pair coefficients, the spectral
 * function (SM plus any BSM terms) and Gamma_0. Knows nothing of scans, detectors or sampling.
 */
import { ScenarioError } from "../errors.js";
import type { ResolvedScenario } from "./load.js";
import { bsmTerms, toComplexMatrix } from "./bsm.js";
import type { AtomicTarget } from "../physics/atoms.js";
import {
  massesEv,
  muonDecayFactor,
  nonUnitaryMixing,
  pairCoefficients,
  pmns,
} from "../physics/neutrino.js";
import { gamma0PerS } from "../physics/rate.js";
import { BOHR_RADIUS_CM, ELECTRON_VECTOR_COUPLING, cmToPerEv } from "../physics/constants.js";
import { createSpectralModel, type SpectralModel } from "../physics/spectrum/sm.js";
import type { ComplexMatrix3 } from "../physics/spectrum/types.js";

/** What physicsModel builds from a scenario (units eV). */
export interface PhysicsModel {
  atom: AtomicTarget;
  massesEv: readonly [number, number, number];
  /** The mixing matrix in use: U, or N = (1 - alpha) U with non-unitarity. */
  mixing: ComplexMatrix3;
  /**
   * G_F(Lagrangian) / G_F(input): 1/sqrt((N N^dagger)_ee (N N^dagger)_mumu) when the input G_F is the
   * muon-decay value and the mixing is non-unitary (docs/physics/non-unitarity.md), else 1. The SM
   * coefficients a_ij are multiplied by it.
   */
  fermiConstantScale: number;
  spectrum: SpectralModel;
  gamma0PerS: number;
}

/** The physics of a resolved scenario: masses, mixing and the spectral model of the transition. */
export function physicsModel(s: ResolvedScenario): PhysicsModel {
  const atom: AtomicTarget = { ...s.target, spinFactorXi: s.target.spinFactorXi ?? 1 };
  const nu = s.neutrino;
  const masses = massesEv(nu.ordering, nu.lightestMassEv, nu.mixing);
  const u = pmns(nu.mixing, nu.majoranaPhasesDeg.alpha21, nu.majoranaPhasesDeg.alpha31);
  const mixing = s.bsm.nonUnitarity
    ? nonUnitaryMixing(u, toComplexMatrix(s.bsm.nonUnitarity.alpha))
    : u;
  // With G_F = G_mu the Lagrangian's G_F is G_mu / sqrt((N N^dagger)_ee (N N^dagger)_mumu): the SM
  // (CC and NC alike) scales with it; the BSM terms, written in units of the same G_F, do not.
  const fermiConstantScale =
    s.bsm.nonUnitarity && (s.bsm.nonUnitarity.fermiConstant ?? "muon-decay") === "muon-decay"
      ? 1 / Math.sqrt(muonDecayFactor(mixing))
      : 1;
  const e1e1 = atom.transition === "E1xE1";
  const spectrum = createSpectralModel({
    eegEv: atom.eegEv,
    epgEv: atom.epgEv,
    massesEv: masses,
    majorana: nu.nature === "majorana",
    // E1 x E1: the electron-vector coefficients b_ij (g_V tree level or the PDG effective value in
    // the neutral current; docs/physics/e1e1.md section 2.1); E1 x M1: the axial a_ij (g_A = -1/2).
    coefficients: scaleMatrix(
      pairCoefficients(
        mixing,
        e1e1 ? ELECTRON_VECTOR_COUPLING[atom.electronVectorCoupling ?? "tree"] : -0.5,
      ),
      fermiConstantScale,
    ),
    spinFactorXi: atom.spinFactorXi,
    terms: bsmTerms(s.bsm),
    spinProjection: s.experiment.spinProjection,
    transition: atom.transition,
    dipoleEpPerEv: e1e1 ? cmToPerEv((atom.dipoleEpBohr ?? 0) * BOHR_RADIUS_CM) : undefined,
  });
  const gamma0 = gamma0PerS(atom, s.experiment, s.experiment.spinProjection);
  if (!Number.isFinite(gamma0)) {
    // n^3 V overflows double precision only for absurd inputs; name them rather than fail later.
    throw new ScenarioError(
      `experiment.numberDensityPerCm3 = ${s.experiment.numberDensityPerCm3}, experiment.volumeCm3 = ${s.experiment.volumeCm3}: Gamma_0 = n^3 V ... is not a finite number; check the units (cm^-3, cm^3)`,
    );
  }
  return { atom, massesEv: masses, mixing, fermiConstantScale, spectrum, gamma0PerS: gamma0 };
}

const scaleMatrix = (m: ComplexMatrix3, f: number): ComplexMatrix3 =>
  f === 1 ? m : m.map((row) => row.map((c) => ({ re: c.re * f, im: c.im * f })));
