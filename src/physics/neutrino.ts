/**
 * Neutrino parameters: oscillation presets, masses from the lightest mass, and the PMNS matrix
 * (docs/physics/standard-model.md section 5).
 */
import type { Complex, ComplexMatrix3 } from "./spectrum/types.js";
import { DEG } from "./constants.js";
import { complex, expi, mul, conj, sub, scale, add, ZERO } from "./complex.js";

export type Ordering = "normal" | "inverted";
export type Nature = "majorana" | "dirac";

export interface MixingParameters {
  theta12Deg: number;
  theta13Deg: number;
  theta23Deg: number;
  deltaDeg: number;
  /** Delta m^2_21, eV^2. */
  dm21Ev2: number;
  /** Delta m^2_3l: Delta m^2_31 > 0 for normal ordering, Delta m^2_32 < 0 for inverted, eV^2. */
  dm3lEv2: number;
}

/**
 * Oscillation presets: best-fit values per ordering of NuFIT 6.0 (I. Esteban et al., JHEP 12 (2024)
 * 216, arXiv:2410.05380, Table 1), which prints two analyses (docs/physics/standard-model.md
 * section 5 records how each number was checked):
 * - `nufit-6.0`: "IC24 with SK atmospheric data" (the default);
 * - `nufit-6.0-ic19-nosk`: "IC19 without SK atmospheric data".
 * theta12 and dm21 are the same in both columns of the table.
 */
export const MIXING_PRESETS: Readonly<
  Record<string, Readonly<Record<Ordering, MixingParameters>>>
> = {
  "nufit-6.0": {
    normal: {
      theta12Deg: 33.68,
      theta13Deg: 8.56,
      theta23Deg: 43.3,
      deltaDeg: 212,
      dm21Ev2: 7.49e-5,
      dm3lEv2: 2.513e-3,
    },
    inverted: {
      theta12Deg: 33.68,
      theta13Deg: 8.59,
      theta23Deg: 47.9,
      deltaDeg: 274,
      dm21Ev2: 7.49e-5,
      dm3lEv2: -2.484e-3,
    },
  },
  "nufit-6.0-ic19-nosk": {
    normal: {
      theta12Deg: 33.68,
      theta13Deg: 8.52,
      theta23Deg: 48.5,
      deltaDeg: 177,
      dm21Ev2: 7.49e-5,
      dm3lEv2: 2.534e-3,
    },
    inverted: {
      theta12Deg: 33.68,
      theta13Deg: 8.58,
      theta23Deg: 48.6,
      deltaDeg: 285,
      dm21Ev2: 7.49e-5,
      dm3lEv2: -2.51e-3,
    },
  },
};

/** What each preset is, for docs, validate output and provenance. */
export const MIXING_PRESET_LABELS: Readonly<Record<string, string>> = {
  "nufit-6.0":
    'NuFIT 6.0 (JHEP 12 (2024) 216, arXiv:2410.05380, Table 1), "IC24 with SK atmospheric data"',
  "nufit-6.0-ic19-nosk":
    'NuFIT 6.0 (JHEP 12 (2024) 216, arXiv:2410.05380, Table 1), "IC19 without SK atmospheric data"',
};

/**
 * Masses (m1, m2, m3) in eV from the lightest mass (docs/physics/standard-model.md section 5):
 * normal: m1 = m0, m2 = sqrt(m0^2 + dm21), m3 = sqrt(m0^2 + dm31);
 * inverted: m3 = m0, m2 = sqrt(m0^2 + |dm32|), m1 = sqrt(m2^2 - dm21).
 */
export function massesEv(
  ordering: Ordering,
  lightestMassEv: number,
  mix: MixingParameters,
): [number, number, number] {
  const m0sq = lightestMassEv * lightestMassEv;
  if (ordering === "normal") {
    if (!(mix.dm3lEv2 > 0))
      throw new RangeError(`normal ordering needs dm3lEv2 > 0, got ${mix.dm3lEv2}`);
    return [lightestMassEv, Math.sqrt(m0sq + mix.dm21Ev2), Math.sqrt(m0sq + mix.dm3lEv2)];
  }
  if (!(mix.dm3lEv2 < 0))
    throw new RangeError(`inverted ordering needs dm3lEv2 < 0, got ${mix.dm3lEv2}`);
  const m2sq = m0sq - mix.dm3lEv2;
  if (!(m2sq > mix.dm21Ev2))
    throw new RangeError(
      `inverted ordering needs m0^2 + |dm32| > dm21, got ${m2sq} <= ${mix.dm21Ev2}`,
    );
  return [Math.sqrt(m2sq - mix.dm21Ev2), Math.sqrt(m2sq), lightestMassEv];
}

/**
 * The PMNS matrix in the PDG parametrisation, U = R23 U13(delta) R12 diag(1, e^{i a21/2}, e^{i a31/2})
 * (docs/physics/standard-model.md section 5; PDG Review "Neutrino mixing", eq. (14.33) of the 2024 edition).
 * Returned as rows alpha = e, mu, tau and columns i = 1, 2, 3.
 */
export function pmns(
  mix: MixingParameters,
  alpha21Deg: number,
  alpha31Deg: number,
): ComplexMatrix3 {
  const [s12, c12] = [Math.sin(mix.theta12Deg * DEG), Math.cos(mix.theta12Deg * DEG)];
  const [s13, c13] = [Math.sin(mix.theta13Deg * DEG), Math.cos(mix.theta13Deg * DEG)];
  const [s23, c23] = [Math.sin(mix.theta23Deg * DEG), Math.cos(mix.theta23Deg * DEG)];
  const eid = expi(mix.deltaDeg * DEG);
  const emid = conj(eid);
  const r = (x: number): Complex => complex(x);
  const dirac: Complex[][] = [
    [r(c12 * c13), r(s12 * c13), scale(emid, s13)],
    [
      sub(r(-s12 * c23), scale(eid, c12 * s23 * s13)),
      sub(r(c12 * c23), scale(eid, s12 * s23 * s13)),
      r(s23 * c13),
    ],
    [
      sub(r(s12 * s23), scale(eid, c12 * c23 * s13)),
      sub(r(-c12 * s23), scale(eid, s12 * c23 * s13)),
      r(c23 * c13),
    ],
  ];
  const phases = [complex(1), expi((alpha21Deg * DEG) / 2), expi((alpha31Deg * DEG) / 2)];
  return dirac.map((row) => row.map((u, i) => mul(u, phases[i])));
}

/** N = (1 - alpha) U with alpha lower triangular (docs/physics/non-unitarity.md; Huang et al., IJMPA 35 (2020) 2050004). */
export function nonUnitaryMixing(u: ComplexMatrix3, alpha: ComplexMatrix3): ComplexMatrix3 {
  return u.map((_, a) =>
    u[a].map((_, i) => {
      let s: Complex = u[a][i];
      for (let b = 0; b < 3; b++) s = sub(s, mul(alpha[a][b], u[b][i]));
      return s;
    }),
  );
}

/**
 * (N N^dagger)_ee (N N^dagger)_mumu, the factor by which non-unitary mixing changes the muon-decay
 * rate: the Fermi constant measured there is G_mu = G_F sqrt((N N^dagger)_ee (N N^dagger)_mumu)
 * (Fernandez-Martinez, Hernandez-Garcia, Lopez-Pavon, JHEP 08 (2016) 033, section 2; Antusch et al.,
 * JHEP 10 (2006) 084). Rows of N are flavours (e, mu, tau); 1 for unitary N.
 * docs/physics/non-unitarity.md section "Fermi constant".
 */
export function muonDecayFactor(n: ComplexMatrix3): number {
  const rowNorm2 = (a: number): number => n[a].reduce((s, c) => s + c.re * c.re + c.im * c.im, 0);
  return rowNorm2(0) * rowNorm2(1);
}

/**
 * The pair coefficients a_ij = N_ei^* N_ej - (1/2)(N^dagger N)_ij (docs/physics/standard-model.md section 2.1, docs/physics/non-unitarity.md):
 * charged current after a Fierz transformation plus the neutral current with electron g_A = -1/2.
 * For unitary N = U this is U_ei^* U_ej - delta_ij/2. Indexed [i][j], mass basis.
 * `neutralCoupling` replaces the -1/2: the electron's vector coupling -1/2 + 2 sin^2 theta_W gives
 * the vector coefficients b_ij of an E1 x E1 transition (docs/physics/e1e1.md section 2; the
 * Fierzed charged current is V - A, so its vector and axial parts are both N_ei^* N_ej).
 */
export function pairCoefficients(n: ComplexMatrix3, neutralCoupling = -0.5): ComplexMatrix3 {
  const result: Complex[][] = [];
  for (let i = 0; i < 3; i++) {
    result.push([]);
    for (let j = 0; j < 3; j++) {
      let ndn: Complex = ZERO; // (N^dagger N)_ij = sum_a N_ai^* N_aj
      for (let a = 0; a < 3; a++) ndn = add(ndn, mul(conj(n[a][i]), n[a][j]));
      result[i].push(add(mul(conj(n[0][i]), n[0][j]), scale(ndn, neutralCoupling)));
    }
  }
  return result;
}
