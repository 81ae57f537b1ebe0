/**
 * One-parameter families of BSM models (docs/physics/sensitivity.md): each maps one real coupling
 * product c to a scenario `bsm` object, with the mediator mass (where there is one) fixed. The
 * fit model (model.ts) floats c as the parameter `bsm.<kind>`.
 *
 * Exported API:
 * - `SensitivityFamily`: the family and its fixed mass/width (or pairs, or matrix entry).
 * - `familyBsm(family, c)`: the `bsm` object of the family at coupling c.
 * - `couplingName(family)`: what c means, for tables.
 * - `FAMILY_KINDS`: the kinds, in a fixed order.
 */
import type { Bsm, MatrixInput } from "../scenario/bsm.js";

/** The BSM families a fit or a sensitivity test can add (docs/physics/sensitivity.md). */
export const FAMILY_KINDS = [
  "vector",
  "scalarS",
  "scalarP",
  "magnetic",
  "electric",
  "nonUnitarity",
] as const;
/** One of FAMILY_KINDS. */
export type FamilyKind = (typeof FAMILY_KINDS)[number];

/** A one-parameter family of BSM models; c is the coupling product named in `couplingName`. */
export type SensitivityFamily =
  /** Z' with g^e = 1 and a flavour-universal left-handed neutrino coupling g^nu_L = c 1 (c = g^e g^nu). */
  | { kind: "vector"; massEv: number; widthEv?: number | undefined }
  /** phi with y^e = 1 and a universal scalar coupling y_S = c 1 (c = y^e y^nu). */
  | { kind: "scalarS"; massEv: number; widthEv?: number | undefined }
  /** phi with y^e = 1 and a universal pseudo-scalar coupling y_P = c 1 (c = y^e y^nu). */
  | { kind: "scalarP"; massEv: number; widthEv?: number | undefined }
  /**
   * Transition magnetic moments mu_ij = i c, mu_ji = -i c (mu_B) on the listed pairs i < j (default
   * all three): allowed for Majorana and Dirac alike.
   */
  | { kind: "magnetic"; pairs?: readonly (readonly [number, number])[] | undefined }
  /** The same for the electric dipole eps_ij. */
  | { kind: "electric"; pairs?: readonly (readonly [number, number])[] | undefined }
  /** Non-unitarity alpha[i][j] = c, i >= j (lower triangular). */
  | { kind: "nonUnitarity"; i: number; j: number };

export const ALL_PAIRS: readonly (readonly [number, number])[] = [
  [0, 1],
  [0, 2],
  [1, 2],
];

const zeros = (): MatrixInput => [0, 1, 2].map(() => [0, 0, 0]);
const diagonal = (c: number): MatrixInput =>
  [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? c : 0)));

function transition(c: number, pairs: readonly (readonly [number, number])[]): MatrixInput {
  const m: MatrixInput = zeros();
  for (const [i, j] of pairs) {
    if (!(i < j)) throw new RangeError(`transition moment pair [${i}, ${j}] must have i < j`);
    m[i][j] = { re: 0, im: c };
    m[j][i] = { re: 0, im: -c };
  }
  return m;
}

/** The `bsm` object of a family at coupling c. */
export function familyBsm(family: SensitivityFamily, c: number): Bsm {
  switch (family.kind) {
    case "vector":
      return {
        vectorMediator: {
          massEv: family.massEv,
          gE: 1,
          gNuL: diagonal(c),
          widthEv: family.widthEv,
        },
      };
    case "scalarS":
      return {
        scalarMediator: {
          massEv: family.massEv,
          yE: 1,
          yNuS: diagonal(c),
          widthEv: family.widthEv,
        },
      };
    case "scalarP":
      return {
        scalarMediator: {
          massEv: family.massEv,
          yE: 1,
          yNuP: diagonal(c),
          widthEv: family.widthEv,
        },
      };
    case "magnetic":
      return { electromagnetic: { magneticMomentMuB: transition(c, family.pairs ?? ALL_PAIRS) } };
    case "electric":
      return { electromagnetic: { electricDipoleMuB: transition(c, family.pairs ?? ALL_PAIRS) } };
    case "nonUnitarity": {
      if (!(family.i >= family.j))
        throw new RangeError(`alpha[${family.i}][${family.j}] is above the diagonal`);
      const a = zeros();
      a[family.i][family.j] = c;
      return { nonUnitarity: { alpha: a } };
    }
  }
}

/** What c means for a family, for tables. */
export function couplingName(family: SensitivityFamily): string {
  switch (family.kind) {
    case "vector":
      return "|g^e g^nu_L|";
    case "scalarS":
      return "|y^e y^nu_S|";
    case "scalarP":
      return "|y^e y^nu_P|";
    case "magnetic":
      return "|mu_ij| (mu_B)";
    case "electric":
      return "|eps_ij| (mu_B)";
    case "nonUnitarity":
      return `|alpha_${family.i}${family.j}|`;
  }
}
