/** BSM terms (mediators, electromagnetic moments, non-unitarity) for arbScenario. */
import fc from "fast-check";
import { choice, compact, decades, firstFirst, near, optional, signed, type Obj } from "./draw.js";

/** The BSM term kinds arbScenario draws. */
export type BsmKind = "vectorMediator" | "scalarMediator" | "electromagnetic" | "nonUnitarity";

type Entry = number | { re: number; im: number };
type Matrix = Entry[][];

/** A 3x3 hermitian matrix: real diagonal, conjugate pairs off it; entries zero or of the given size. */
function hermitian(size: fc.Arbitrary<number>): fc.Arbitrary<Matrix> {
  const maybe = firstFirst(fc.constant(0), signed(size));
  return fc.array(maybe, { minLength: 9, maxLength: 9 }).map((v) => {
    const m: Matrix = [
      [v[0], 0, 0],
      [0, v[1], 0],
      [0, 0, v[2]],
    ];
    const offDiagonal: [number, number, number, number][] = [
      [0, 1, v[3], v[4]],
      [0, 2, v[5], v[6]],
      [1, 2, v[7], v[8]],
    ];
    for (const [i, j, re, im] of offDiagonal) {
      m[i][j] = im === 0 ? re : { re, im };
      m[j][i] = im === 0 ? re : { re, im: -im };
    }
    return m;
  });
}

/** Purely imaginary antisymmetric (hermitian and antisymmetric: Majorana transition moments). */
function imaginaryAntisymmetric(size: fc.Arbitrary<number>): fc.Arbitrary<Matrix> {
  const maybe = firstFirst(fc.constant(0), signed(size));
  return fc.array(maybe, { minLength: 3, maxLength: 3 }).map(([a, b, c]) => {
    const e = (x: number): Entry => ({ re: 0, im: x });
    return [
      [0, e(a), e(b)],
      [e(-a), 0, e(c)],
      [e(-b), e(-c), 0],
    ];
  });
}

/** Real symmetric (hermitian and symmetric: the Majorana anapole). */
function realSymmetric(size: fc.Arbitrary<number>): fc.Arbitrary<Matrix> {
  const maybe = firstFirst(fc.constant(0), signed(size));
  return fc.array(maybe, { minLength: 6, maxLength: 6 }).map(([a, b, c, d, e, f]) => [
    [a, d, e],
    [d, b, f],
    [e, f, c],
  ]);
}

/** Sizes near the built-in generators': transition moments 4e-11 mu_B; radii and anapoles ~1e-32 cm^2. */
const MOMENT_MUB = decades(4e-11, 1, 0.5);
const RADIUS_CM2 = decades(1e-32, 1, 1);
const EM_KEYS = ["magneticMomentMuB", "electricDipoleMuB", "chargeRadiusCm2", "anapoleCm2"];

/** BSM terms of the kinds given, for a neutrino nature. */
export function bsmArb(kinds: readonly BsmKind[]): fc.Arbitrary<(nature: string) => Obj> {
  const mediatorWidth = decades(1e-2, 2, 1); // widthEv / massEv: > 0, so a pole in the scan is allowed
  const parts = {
    vectorMediator: fc
      .record({
        massEv: decades(1e-3, 1, 2.5),
        widthFraction: mediatorWidth,
        gE: signed(decades(1e-13, 1, 1)),
        gNuL: hermitian(decades(1e-13, 1, 1)),
        gNuR: optional(hermitian(decades(1e-13, 1, 1))),
      })
      .map(
        ({ widthFraction, ...m }) =>
          () =>
            compact({ ...m, widthEv: m.massEv * widthFraction }),
      ),
    scalarMediator: fc
      .record({
        massEv: decades(1e-3, 1, 2.5),
        widthFraction: mediatorWidth,
        yE: signed(decades(1e-12, 1, 1)),
        yNuS: hermitian(decades(1.5e-7, 1, 1)),
        yNuP: optional(hermitian(decades(1.5e-7, 1, 1))),
      })
      .map(
        ({ widthFraction, ...m }) =>
          () =>
            compact({ ...m, widthEv: m.massEv * widthFraction }),
      ),
    electromagnetic: fc
      .record({
        which: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 4 }),
        dirac: fc.tuple(
          hermitian(MOMENT_MUB),
          hermitian(MOMENT_MUB),
          hermitian(RADIUS_CM2),
          hermitian(RADIUS_CM2),
        ),
        majorana: fc.tuple(
          imaginaryAntisymmetric(MOMENT_MUB),
          imaginaryAntisymmetric(MOMENT_MUB),
          imaginaryAntisymmetric(RADIUS_CM2),
          realSymmetric(RADIUS_CM2),
        ),
      })
      .map(
        ({ which, dirac, majorana }) =>
          (nature: string): Obj =>
            Object.fromEntries(
              which.map((k) => [EM_KEYS[k], (nature === "majorana" ? majorana : dirac)[k]]),
            ),
      ),
    nonUnitarity: fc
      .record({
        diagonal: fc.array(firstFirst(fc.constant(0), near(0.1, 0, 0.2)), {
          minLength: 3,
          maxLength: 3,
        }),
        below: fc.array(firstFirst(fc.constant(0), signed(decades(0.01, 1, 0.7))), {
          minLength: 3,
          maxLength: 3,
        }),
        fermiConstant: optional(choice(["muon-decay", "input"] as const)),
      })
      .map(
        ({ diagonal: [a, b, c], below: [d, e, f], fermiConstant }) =>
          () =>
            compact({
              alpha: [
                [a, 0, 0],
                [d, b, 0],
                [e, f, c],
              ],
              fermiConstant,
            }),
      ),
  };
  const picks = kinds.map((k) => parts[k].map((build) => [k, build] as const));
  return fc
    .uniqueArray(firstFirst(...picks), {
      minLength: 1,
      maxLength: kinds.length,
      selector: ([k]) => k,
    })
    .map((chosen) => (nature: string) => {
      const out: Obj = {};
      for (const [k, build] of chosen) out[k] = build(nature);
      return out;
    });
}
