/**
 * One-parameter families of BSM models (docs/physics/sensitivity.md): each maps one real coupling
 * product c to a scenario `bsm` object, with the mediator mass (where there is one) fixed. The
 * fit model (model.ts) floats c as the parameter `bsm.<kind>`.
 */
import { toComplexMatrix, type Bsm, type MatrixInput } from "../scenario/bsm.js";

/**
 * The BSM families a fit or a sensitivity test can add, in a fixed order
 * (docs/physics/sensitivity.md).
 */
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

/**
 * A one-parameter family of BSM models with its fixed mass/width (or pairs, or matrix entry); c
 * is the coupling product named in `couplingName`.
 */
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

/** a scale x = b entry by entry (relative 1e-12, zeros exact); undefined matrices are 0. */
function scaledEqual(
  a: MatrixInput | undefined,
  scale: number,
  b: MatrixInput | undefined,
): boolean {
  const x = toComplexMatrix(a);
  const y = toComplexMatrix(b);
  return x.every((row, i) =>
    row.every((e, j) => {
      const re = scale * e.re;
      const im = scale * e.im;
      const d = Math.hypot(re - y[i][j].re, im - y[i][j].im);
      return d <= 1e-12 * Math.max(Math.hypot(re, im), Math.hypot(y[i][j].re, y[i][j].im));
    }),
  );
}

/**
 * The coupling c of a family at which its term is the scenario's own term of that kind, compared
 * as the products the rate depends on (g^e g^nu, y^e y^nu: the mediator amplitudes are linear in
 * each product, docs/physics/vector-mediator.md, docs/physics/scalar-mediator.md); 0 when the
 * scenario has no such term; undefined when its term is not of the family's form (another mass,
 * width or matrix pattern).
 */
export function familyCoupling(family: SensitivityFamily, bsm: Bsm): number | undefined {
  const matches = (c: number): boolean => {
    const term = familyBsm(family, c);
    switch (family.kind) {
      case "vector": {
        const [v, t] = [bsm.vectorMediator, term.vectorMediator!];
        if (!v) return c === 0;
        return (
          v.massEv === t.massEv &&
          v.widthEv === t.widthEv &&
          scaledEqual(v.gNuL, v.gE, t.gNuL) &&
          scaledEqual(v.gNuR, v.gE, undefined)
        );
      }
      case "scalarS":
      case "scalarP": {
        const [m, t] = [bsm.scalarMediator, term.scalarMediator!];
        if (!m) return c === 0;
        return (
          m.massEv === t.massEv &&
          m.widthEv === t.widthEv &&
          scaledEqual(m.yNuS, m.yE, t.yNuS) &&
          scaledEqual(m.yNuP, m.yE, t.yNuP)
        );
      }
      case "magnetic":
        return scaledEqual(
          bsm.electromagnetic?.magneticMomentMuB,
          1,
          term.electromagnetic!.magneticMomentMuB,
        );
      case "electric":
        return scaledEqual(
          bsm.electromagnetic?.electricDipoleMuB,
          1,
          term.electromagnetic!.electricDipoleMuB,
        );
      case "nonUnitarity":
        return scaledEqual(bsm.nonUnitarity?.alpha, 1, term.nonUnitarity!.alpha);
    }
  };
  const candidate = ((): number => {
    const entry = (m: MatrixInput | undefined, i: number, j: number) => toComplexMatrix(m)[i][j];
    switch (family.kind) {
      case "vector":
        return (bsm.vectorMediator?.gE ?? 0) * entry(bsm.vectorMediator?.gNuL, 0, 0).re;
      case "scalarS":
        return (bsm.scalarMediator?.yE ?? 0) * entry(bsm.scalarMediator?.yNuS, 0, 0).re;
      case "scalarP":
        return (bsm.scalarMediator?.yE ?? 0) * entry(bsm.scalarMediator?.yNuP, 0, 0).re;
      case "magnetic":
      case "electric": {
        const [i, j] = (family.pairs ?? ALL_PAIRS)[0];
        const m =
          bsm.electromagnetic?.[
            family.kind === "magnetic" ? "magneticMomentMuB" : "electricDipoleMuB"
          ];
        return entry(m, i, j).im;
      }
      case "nonUnitarity":
        return entry(bsm.nonUnitarity?.alpha, family.i, family.j).re;
    }
  })();
  return matches(candidate) ? candidate : undefined;
}
