/**
 * The scenario's `bsm` object (README "A scenario, step by step"; docs/physics/): schema, the consistency
 * rules the theory imposes (docs/physics/*.md), and the spectral terms it builds.
 *
 * 3x3 matrices are in the neutrino mass basis, indexed [i][j] (0-based rows i, columns j), each
 * entry a number or { re, im }.
 */
import { z } from "zod";
import { GAUSS_CUT_SIGMAS } from "../experiment/linewidth.js";
import type { Complex, ComplexMatrix3, SpectralTerm } from "../physics/spectrum/types.js";
import { scalarMediatorTerm, vectorMediatorTerm } from "../physics/spectrum/mediators.js";
import { electromagneticTerm } from "../physics/spectrum/electromagnetic.js";
import { poleOmegaEv } from "../physics/spectrum/kinematics.js";
import { CONVENTIONS } from "./conventions.js";

const finite = z.number().finite();
const nonNegative = z.number().finite().min(0);
const entrySchema = z.union([finite, z.strictObject({ re: finite, im: finite })]);
const row = z.array(entrySchema).length(3);
/** A 3x3 complex matrix, mass basis. */
export const matrixSchema = z.array(row).length(3);
export type MatrixInput = z.infer<typeof matrixSchema>;

export const vectorMediatorSchema = z
  .strictObject({
    massEv: nonNegative.describe("mediator mass M, eV"),
    gE: finite.describe("axial electron coupling: g^e ebar gamma^mu gamma5 e Z'_mu"),
    gNuL: matrixSchema
      .optional()
      .describe("left-handed neutrino couplings g^nu_L,ij (mass basis, hermitian)"),
    gNuR: matrixSchema
      .optional()
      .describe("right-handed neutrino couplings g^nu_R,ij (mass basis, hermitian)"),
    widthEv: nonNegative
      .optional()
      .describe("total width, eV: needed when the pole q^2 = M^2 lies inside the scan"),
  })
  .describe(
    "vector mediator Z' (Ge & Pasquini, EPJC 82 (2022) 208; docs/physics/vector-mediator.md)",
  );

export const scalarMediatorSchema = z
  .strictObject({
    massEv: nonNegative.describe("mediator mass M, eV"),
    yE: finite.describe(`pseudo-scalar electron coupling y^e. ${CONVENTIONS.scalar}`),
    yNuS: matrixSchema
      .optional()
      .describe(`scalar neutrino couplings y_S,ij (mass basis). ${CONVENTIONS.scalar}`),
    yNuP: matrixSchema
      .optional()
      .describe(`pseudo-scalar neutrino couplings y_P,ij (mass basis). ${CONVENTIONS.scalar}`),
    widthEv: nonNegative
      .optional()
      .describe("total width, eV: needed when the pole q^2 = M^2 lies inside the scan"),
  })
  .describe(`scalar mediator phi. ${CONVENTIONS.scalar}`);

export const electromagneticSchema = z
  .strictObject({
    magneticMomentMuB: matrixSchema
      .optional()
      .describe(`magnetic moments mu_ij (mass basis): ${CONVENTIONS.dipole}`),
    electricDipoleMuB: matrixSchema
      .optional()
      .describe(`electric dipole moments eps_ij (mass basis): ${CONVENTIONS.dipole}`),
    chargeRadiusCm2: matrixSchema
      .optional()
      .describe(`charge radii <r^2>_ij (mass basis), ${CONVENTIONS.radiusAnapole}`),
    anapoleCm2: matrixSchema
      .optional()
      .describe(`anapole moments a_ij (mass basis), ${CONVENTIONS.radiusAnapole}`),
  })
  .describe(
    "neutrino electromagnetic form factors (Ge & Pasquini, PLB 841 (2023) 137911; docs/physics/electromagnetic.md)",
  );

export const nonUnitaritySchema = z.strictObject({
  alpha: matrixSchema.describe(
    "alpha of N = (1 - alpha) U, lower triangular, rows and columns (e, mu, tau) (Huang et al., IJMPA 35 (2020) 2050004; docs/physics/non-unitarity.md)",
  ),
  fermiConstant: z
    .enum(["muon-decay", "input"])
    .optional()
    .describe(
      'what G_F = 1.1663788e-23 eV^-2 is: "muon-decay" (default) the value measured in muon decay, G_mu = G_F sqrt((N N^dagger)_ee (N N^dagger)_mumu), so the SM amplitude is divided by that square root and the SM rate by (N N^dagger)_ee (N N^dagger)_mumu (Fernandez-Martinez, Hernandez-Garcia, Lopez-Pavon, JHEP 08 (2016) 033; Antusch et al., JHEP 10 (2006) 084); "input" the Lagrangian parameter itself (no correction). docs/physics/non-unitarity.md',
    ),
});

export const bsmSchema = z.strictObject({
  vectorMediator: vectorMediatorSchema.optional(),
  scalarMediator: scalarMediatorSchema.optional(),
  electromagnetic: electromagneticSchema.optional(),
  nonUnitarity: nonUnitaritySchema.optional(),
});
export type Bsm = z.infer<typeof bsmSchema>;

const ZERO_MATRIX: ComplexMatrix3 = [0, 1, 2].map(() => [0, 1, 2].map(() => ({ re: 0, im: 0 })));

/** Matrix entries as { re, im } (numbers are real); undefined -> the zero matrix. */
export function toComplexMatrix(m: MatrixInput | undefined): ComplexMatrix3 {
  if (!m) return ZERO_MATRIX;
  return m.map((r) =>
    r.map((e): Complex => (typeof e === "number" ? { re: e, im: 0 } : { re: e.re, im: e.im })),
  );
}

export interface BsmViolation {
  path: (string | number)[];
  message: string;
}

const fmt = (c: Complex): string => (c.im === 0 ? `${c.re}` : `{ re: ${c.re}, im: ${c.im} }`);
/** |x - y| small relative to the larger of the two (exact zero compares exactly). */
const close = (x: Complex, y: Complex): boolean => {
  const d = Math.hypot(x.re - y.re, x.im - y.im);
  const s = Math.max(Math.hypot(x.re, x.im), Math.hypot(y.re, y.im));
  return d <= 1e-12 * s;
};
const neg = (c: Complex): Complex => ({ re: -c.re, im: -c.im });
const cj = (c: Complex): Complex => ({ re: c.re, im: -c.im });

type Symmetry = "hermitian" | "antisymmetric" | "symmetric";

function checkMatrix(
  out: BsmViolation[],
  path: (string | number)[],
  input: MatrixInput | undefined,
  rule: Symmetry,
  why: string,
): void {
  if (!input) return;
  const m = toComplexMatrix(input);
  const name = String(path[path.length - 1]);
  for (let i = 0; i < 3; i++) {
    for (let j = i; j < 3; j++) {
      const a = m[i][j];
      const b = m[j][i];
      let ok: boolean;
      let expected: string;
      if (rule === "hermitian") {
        ok = close(a, cj(b));
        expected =
          i === j
            ? `a real diagonal (im = 0)`
            : `${name}[${j}][${i}] = conjugate of ${name}[${i}][${j}] = ${fmt(cj(a))}`;
      } else if (rule === "antisymmetric") {
        ok = i === j ? a.re === 0 && a.im === 0 : close(a, neg(b));
        expected =
          i === j
            ? `a zero diagonal`
            : `${name}[${j}][${i}] = -${name}[${i}][${j}] = ${fmt(neg(a))}`;
      } else {
        ok = close(a, b);
        expected = `${name}[${j}][${i}] = ${name}[${i}][${j}] = ${fmt(a)}`;
      }
      if (!ok) {
        out.push({
          path: [...path, j, i],
          message: `${name} must be ${rule} (${why}): got ${name}[${i}][${j}] = ${fmt(a)} and ${name}[${j}][${i}] = ${fmt(b)}; expected ${expected}`,
        });
      }
    }
  }
}

/**
 * Violations of what the theory allows (docs/physics/*.md), each with the field path relative to
 * `bsm` and the offending element. Empty when consistent. Called from the scenario schema's
 * superRefine so an invalid scenario exits with code 2.
 */
export function checkBsmConsistency(bsm: Bsm, nature: "majorana" | "dirac"): BsmViolation[] {
  const out: BsmViolation[] = [];
  const herm = "a hermitian Lagrangian needs c_ji = c_ij^*";
  const v = bsm.vectorMediator;
  if (v) {
    checkMatrix(out, ["vectorMediator", "gNuL"], v.gNuL, "hermitian", herm);
    checkMatrix(out, ["vectorMediator", "gNuR"], v.gNuR, "hermitian", herm);
  }
  const s = bsm.scalarMediator;
  if (s) {
    checkMatrix(out, ["scalarMediator", "yNuS"], s.yNuS, "hermitian", herm);
    checkMatrix(out, ["scalarMediator", "yNuP"], s.yNuP, "hermitian", herm);
  }
  const em = bsm.electromagnetic;
  if (em) {
    const ffHerm = "the form factors of a hermitian current are hermitian matrices";
    checkMatrix(
      out,
      ["electromagnetic", "magneticMomentMuB"],
      em.magneticMomentMuB,
      "hermitian",
      ffHerm,
    );
    checkMatrix(
      out,
      ["electromagnetic", "electricDipoleMuB"],
      em.electricDipoleMuB,
      "hermitian",
      ffHerm,
    );
    checkMatrix(
      out,
      ["electromagnetic", "chargeRadiusCm2"],
      em.chargeRadiusCm2,
      "hermitian",
      ffHerm,
    );
    checkMatrix(out, ["electromagnetic", "anapoleCm2"], em.anapoleCm2, "hermitian", ffHerm);
    if (nature === "majorana") {
      const anti =
        "Majorana neutrinos have only transition moments; with hermiticity the off-diagonal entries are purely imaginary, e.g. [0][1] = { re: 0, im: x }, [1][0] = { re: 0, im: -x }";
      checkMatrix(
        out,
        ["electromagnetic", "magneticMomentMuB"],
        em.magneticMomentMuB,
        "antisymmetric",
        anti,
      );
      checkMatrix(
        out,
        ["electromagnetic", "electricDipoleMuB"],
        em.electricDipoleMuB,
        "antisymmetric",
        anti,
      );
      checkMatrix(
        out,
        ["electromagnetic", "chargeRadiusCm2"],
        em.chargeRadiusCm2,
        "antisymmetric",
        "a Majorana neutrino has only transition charge radii (the vector current of a Majorana field is antisymmetric)",
      );
      checkMatrix(
        out,
        ["electromagnetic", "anapoleCm2"],
        em.anapoleCm2,
        "symmetric",
        "the axial current of a Majorana field is symmetric; with hermiticity the anapole matrix is real symmetric",
      );
    }
  }
  const nu = bsm.nonUnitarity;
  if (nu) {
    const a = toComplexMatrix(nu.alpha);
    for (let i = 0; i < 3; i++) {
      for (let j = i + 1; j < 3; j++) {
        if (a[i][j].re !== 0 || a[i][j].im !== 0) {
          out.push({
            path: ["nonUnitarity", "alpha", i, j],
            message: `alpha must be lower triangular (N = (1 - alpha) U, Huang et al.): alpha[${i}][${j}] = ${fmt(a[i][j])} must be 0`,
          });
        }
      }
    }
  }
  return out;
}

/** The spectral terms the `bsm` object asks for (non-unitarity is applied to the SM coefficients instead). */
export function bsmTerms(bsm: Bsm): SpectralTerm[] {
  const terms: SpectralTerm[] = [];
  const v = bsm.vectorMediator;
  if (v) {
    terms.push(
      vectorMediatorTerm({
        massEv: v.massEv,
        gE: v.gE,
        gNuL: toComplexMatrix(v.gNuL),
        gNuR: toComplexMatrix(v.gNuR),
        widthEv: v.widthEv,
      }),
    );
  }
  const s = bsm.scalarMediator;
  if (s) {
    terms.push(
      scalarMediatorTerm({
        massEv: s.massEv,
        yE: s.yE,
        yNuS: toComplexMatrix(s.yNuS),
        yNuP: toComplexMatrix(s.yNuP),
        widthEv: s.widthEv,
      }),
    );
  }
  const em = bsm.electromagnetic;
  if (em) {
    const opt = (m: MatrixInput | undefined): ComplexMatrix3 | undefined =>
      m ? toComplexMatrix(m) : undefined;
    terms.push(
      electromagneticTerm({
        magneticMomentMuB: opt(em.magneticMomentMuB),
        electricDipoleMuB: opt(em.electricDipoleMuB),
        chargeRadiusCm2: opt(em.chargeRadiusCm2),
        anapoleCm2: opt(em.anapoleCm2),
      }),
    );
  }
  return terms;
}

export interface ScanRangeOptions {
  /**
   * The lightest neutrino mass, eV. Every open pair has q^2 >= (2 m_lightest)^2, so a mediator with
   * M <= 2 m_lightest never goes on shell in the spectrum. Default 0 (the check then applies to
   * every M > 0).
   */
  lightestMassEv?: number;
  /** The laser line's Gaussian sd, eV: the scan windows reach 9 sd beyond the scanned range. */
  laserLinewidthEv?: number;
}

/** The Gaussian scan window is cut at this many sd (src/experiment/linewidth.ts). */

/**
 * The pole check (docs/physics/vector-mediator.md section 3): a mediator of mass M is on shell,
 * q^2 = E_eg (E_eg - 2 omega) = M^2, at omega_M = (E_eg - M^2/E_eg)/2. If omega_M lies inside the
 * scanned range [omegaMinEv, omegaMaxEv] (widened by the laser window) and the pair can reach
 * q^2 = M^2 there (M > 2 m_lightest), a zero width makes the expected counts diverge: such a
 * scenario must give the mediator a width. M = 0 is exempt (its pole q^2 = 0 is the end point,
 * where no width can help and every open pair has q^2 > 0 unless m_lightest = 0).
 * Paths are relative to `bsm`, like checkBsmConsistency's.
 */
export function checkBsmAgainstScan(
  bsm: Bsm,
  eegEv: number,
  omegaMinEv: number,
  omegaMaxEv: number,
  options: ScanRangeOptions = {},
): BsmViolation[] {
  const out: BsmViolation[] = [];
  const reach = GAUSS_CUT_SIGMAS * (options.laserLinewidthEv ?? 0);
  const lo = omegaMinEv - reach;
  const hi = omegaMaxEv + reach;
  const pairFloor = 2 * (options.lightestMassEv ?? 0);
  const mediators: [string, { massEv: number; widthEv?: number | undefined } | undefined][] = [
    ["vectorMediator", bsm.vectorMediator],
    ["scalarMediator", bsm.scalarMediator],
  ];
  for (const [name, m] of mediators) {
    if (!m || m.massEv === 0 || (m.widthEv ?? 0) > 0 || !(m.massEv > pairFloor)) continue;
    const omegaM = poleOmegaEv(eegEv, m.massEv);
    if (omegaM >= lo && omegaM <= hi) {
      out.push({
        path: [name, "widthEv"],
        message:
          `bsm.${name}.widthEv must be > 0: the mediator (massEv = ${m.massEv}) goes on shell at omega_M = (E_eg - M^2/E_eg)/2 = ${omegaM.toPrecision(7)} eV, ` +
          `inside the scanned range [${lo}, ${hi}] eV, where a zero width makes the rate diverge; ` +
          `set widthEv (e.g. its decay width), or move massEv or the scan (docs/physics/vector-mediator.md section 3)`,
      });
    }
  }
  return out;
}
