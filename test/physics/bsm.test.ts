/**
 * BSM spectral terms (docs/physics/{vector-mediator,scalar-mediator,
 * electromagnetic,non-unitarity}.md) against the independent Python reference
 * test/fixtures/bsm_reference.py, and their limits.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { join } from "node:path";
import { FIXTURES_DIR, readJson, relativeError } from "../helpers/fixtures.js";
import {
  bsmSchema,
  bsmTerms,
  checkBsmConsistency,
  toComplexMatrix,
  type Bsm,
} from "../../src/scenario/bsm.js";
import {
  propagator,
  scalarMediatorTerm,
  vectorMediatorTerm,
} from "../../src/physics/spectrum/mediators.js";
import { electromagneticTerm } from "../../src/physics/spectrum/electromagnetic.js";
import { createSpectralModel } from "../../src/physics/spectrum/sm.js";
import type {
  ChiralCoefficients,
  Complex,
  ComplexMatrix3,
  PairPoint,
  SpectralTerm,
} from "../../src/physics/spectrum/types.js";
import { G_F_PER_EV2 } from "../../src/physics/constants.js";

const ref = readJson(join(FIXTURES_DIR, "bsm-reference.json"));
const EEG: number = ref.eegEv;
const EPG: number = ref.epgEv;
const MASSES = ref.massesEv as [number, number, number];

const c = (re: number, im = 0): Complex => ({ re, im });
const zeros = (): Complex[][] => [0, 1, 2].map(() => [c(0), c(0), c(0)]);
const q2Of = (w: number): number => EEG * (EEG - 2 * w);

/** docs/physics/standard-model.md section 2's I_ij, written here independently of src/physics/spectrum/kinematics.ts. */
function iij(q2: number, w: number, mi: number, mj: number): number {
  const s = mi * mi + mj * mj;
  const d = (mi * mi - mj * mj) ** 2;
  return (
    (q2 +
      (w * w) / 3 -
      s / 2 -
      d / (2 * q2) +
      (s * w * w) / (3 * q2) -
      (2 * d * w * w) / (3 * q2 * q2)) /
    3
  );
}

function point(
  i: number,
  j: number,
  w: number,
  majorana: boolean,
  xi = 1,
  masses = MASSES,
): PairPoint {
  const q2 = q2Of(w);
  return {
    i,
    j,
    miEv: masses[i],
    mjEv: masses[j],
    omegaEv: w,
    q2Ev2: q2,
    eegEv: EEG,
    iijEv2: iij(q2, w, masses[i], masses[j]),
    projection: "isotropic",
    transition: "E1xM1",
    dipoleEpPerEv: 0,
    deltaPeEv: 0.08723,
    majorana,
    spinFactorXi: xi,
  };
}

const SM_COEFFS = (b: any): ComplexMatrix3 => b.coefficients;

function model(
  coefficients: ComplexMatrix3,
  majorana: boolean,
  terms: SpectralTerm[],
  xi = 1,
  masses = MASSES,
) {
  return createSpectralModel({
    eegEv: EEG,
    epgEv: EPG,
    massesEv: masses,
    majorana,
    coefficients,
    spinFactorXi: xi,
    terms,
    spinProjection: "isotropic",
  });
}

function applyShifts(terms: SpectralTerm[], p: PairPoint, a: Complex): ChiralCoefficients {
  let aL = a;
  let aR = c(0);
  for (const t of terms) {
    if (!t.chiralShift) continue;
    const s = t.chiralShift(p);
    aL = { re: aL.re + s.aL.re, im: aL.im + s.aL.im };
    aR = { re: aR.re + s.aR.re, im: aR.im + s.aR.im };
  }
  return { aL, aR };
}

const close = (got: number, want: number, tol: number, scale = Math.abs(want)): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tol * Math.max(scale, Math.abs(want)) + 1e-300);
};

describe("BSM terms against the Python reference (test/fixtures/bsm_reference.py)", () => {
  for (const b of ref.benchmarks as any[]) {
    const majorana = b.nature === "majorana";
    const bsm: Bsm = bsmSchema.parse(b.bsm);
    it(`${b.name} (${b.nature}): scenario is consistent`, () => {
      expect(checkBsmConsistency(bsm, b.nature)).toEqual([]);
    });
    it(`${b.name} (${b.nature}): per-pair shifts and brackets to 1e-10`, () => {
      const terms = bsmTerms(bsm);
      for (const pt of b.points) {
        for (const r of pt.pairs) {
          const p = point(r.i, r.j, pt.omegaEv, majorana, b.spinFactorXi);
          close(p.iijEv2, r.iijEv2, 1e-12);
          const total = applyShifts(terms, p, SM_COEFFS(b)[r.i][r.j]);
          const aScale = Math.hypot(r.aL.re, r.aL.im, r.aR.re, r.aR.im);
          close(total.aL.re, r.aL.re, 1e-10, aScale);
          close(total.aL.im, r.aL.im, 1e-10, aScale);
          close(total.aR.re, r.aR.re, 1e-10, aScale);
          close(total.aR.im, r.aR.im, 1e-10, aScale);
          for (const t of terms) {
            if (!t.extraBracketEv2) continue;
            const want = r.extraBracketEv2[t.name] as number;
            close(
              t.extraBracketEv2(p, total),
              want,
              1e-10,
              Math.max(Math.abs(want), 1e-6 * Math.abs(r.chiralBracketEv2)),
            );
          }
        }
      }
    });
    it(`${b.name} (${b.nature}): I(omega) to 1e-10`, () => {
      const m = model(SM_COEFFS(b), majorana, bsmTerms(bsm), b.spinFactorXi);
      for (const pt of b.points)
        expect(relativeError(m.value(pt.omegaEv), pt.spectrum)).toBeLessThan(1e-10);
    });
  }
});

const SM = (majorana: boolean): ComplexMatrix3 =>
  (ref.benchmarks as any[]).find((b) => b.nature === (majorana ? "majorana" : "dirac"))
    .coefficients;
const OMEGAS = [0.5, 0.9, 1.0, 1.05, 1.0685, 1.07, 1.0712, 1.0716];

describe("limits", () => {
  const zeroBsm: Bsm = bsmSchema.parse({
    vectorMediator: {
      massEv: 0.01,
      gE: 0,
      gNuL: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      gNuR: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    },
    scalarMediator: {
      massEv: 0.3,
      yE: 0,
      yNuS: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    },
    electromagnetic: {},
  });
  for (const majorana of [true, false]) {
    it(`zero couplings reproduce the SM exactly (${majorana ? "Majorana" : "Dirac"})`, () => {
      const terms = bsmTerms(zeroBsm);
      const sm = model(SM(majorana), majorana, []);
      const bsm = model(SM(majorana), majorana, terms);
      for (const w of OMEGAS) {
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++) {
            const p = point(i, j, Math.min(w, 1.06), majorana);
            for (const t of terms) {
              if (t.chiralShift) {
                const s = t.chiralShift(p);
                expect([s.aL.re, s.aL.im, s.aR.re, s.aR.im]).toEqual([0, 0, 0, 0]);
              }
              if (t.extraBracketEv2)
                expect(t.extraBracketEv2(p, { aL: SM(majorana)[i][j], aR: c(0) })).toBe(0);
            }
          }
        expect(relativeError(bsm.value(w), sm.value(w))).toBeLessThan(1e-12);
      }
    });
  }

  it("heavy Z' (M = 1e12 eV) is the contact shift -g^e g^nu_L/(sqrt2 G_F M^2) to 1e-9 and the SM to 1e-9", () => {
    const M = 1e12;
    const gL = toComplexMatrix([
      [0.3, { re: 0.1, im: 0.2 }, 0],
      [{ re: 0.1, im: -0.2 }, -0.4, 0],
      [0, 0, 0.5],
    ]);
    const gR = toComplexMatrix([
      [0.2, 0, 0],
      [0, 0.1, 0],
      [0, 0, -0.3],
    ]);
    const gE = 2e-3;
    const term = vectorMediatorTerm({ massEv: M, gE, gNuL: gL, gNuR: gR });
    for (const w of OMEGAS) {
      const p = point(0, 1, Math.min(w, 1.06), false);
      const s = term.chiralShift!(p);
      const contact = (x: Complex): Complex => ({
        re: (-gE * x.re) / (Math.SQRT2 * G_F_PER_EV2 * M * M),
        im: (-gE * x.im) / (Math.SQRT2 * G_F_PER_EV2 * M * M),
      });
      expect(relativeError(s.aL.re, contact(gL[0][1]).re)).toBeLessThan(1e-9);
      expect(relativeError(s.aL.im, contact(gL[0][1]).im)).toBeLessThan(1e-9);
    }
    // tiny couplings: the spectrum is the SM's
    const tiny = vectorMediatorTerm({ massEv: M, gE: 1e-9, gNuL: gL, gNuR: gR }); // shift ~3e-11
    for (const majorana of [true, false]) {
      const sm = model(SM(majorana), majorana, []);
      const z = model(SM(majorana), majorana, [tiny]);
      for (const w of OMEGAS) expect(relativeError(z.value(w), sm.value(w))).toBeLessThan(1e-9);
    }
  });

  it("heavy mediator equals the equivalent contact (NSI-like) shift of a_ij", () => {
    const M = 1e5;
    const gL = toComplexMatrix([
      [1e-6, { re: 2e-7, im: 3e-7 }, 0],
      [{ re: 2e-7, im: -3e-7 }, -1e-6, 0],
      [0, 0, 5e-7],
    ]);
    const gR = toComplexMatrix([
      [2e-7, 0, 0],
      [0, 0, 0],
      [0, 0, 1e-7],
    ]);
    const gE = 3e-6;
    for (const majorana of [true, false]) {
      const shifted = SM(majorana).map((row, i) =>
        row.map((a, j) => ({
          re: a.re - (gE * gL[i][j].re) / (Math.SQRT2 * G_F_PER_EV2 * M * M),
          im: a.im - (gE * gL[i][j].im) / (Math.SQRT2 * G_F_PER_EV2 * M * M),
        })),
      );
      const contactR = (i: number, j: number): Complex => ({
        re: -(gE * gR[i][j].re) / (Math.SQRT2 * G_F_PER_EV2 * M * M),
        im: -(gE * gR[i][j].im) / (Math.SQRT2 * G_F_PER_EV2 * M * M),
      });
      const contactTerm: SpectralTerm = {
        name: "contact",
        chiralShift: (p) => ({ aL: c(0), aR: contactR(p.i, p.j) }),
      };
      const heavy = model(SM(majorana), majorana, [
        vectorMediatorTerm({ massEv: M, gE, gNuL: gL, gNuR: gR }),
      ]);
      const contact = model(shifted, majorana, [contactTerm]);
      const sm = model(SM(majorana), majorana, []);
      for (const w of OMEGAS) {
        expect(relativeError(heavy.value(w), contact.value(w))).toBeLessThan(1e-8);
        expect(relativeError(heavy.value(w), sm.value(w))).toBeGreaterThan(1e-6); // the shift is visible
      }
    }
  });

  it("light Z' (M -> 0): the shift scales as 1/q^2 relative to the SM coefficient", () => {
    const gL = toComplexMatrix([
      [1e-12, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    const term = vectorMediatorTerm({
      massEv: 1e-9,
      gE: 1e-12,
      gNuL: gL,
      gNuR: toComplexMatrix(undefined),
    });
    const ref0 = term.chiralShift!(point(0, 0, 0.5, false)).aL.re * q2Of(0.5);
    for (const w of [0.7, 0.9, 1.0, 1.06, 1.07]) {
      const s = term.chiralShift!(point(0, 0, w, false)).aL.re;
      expect(relativeError(s * q2Of(w), ref0)).toBeLessThan(1e-12);
    }
    const exact0 = vectorMediatorTerm({
      massEv: 0,
      gE: 1e-12,
      gNuL: gL,
      gNuR: toComplexMatrix(undefined),
    });
    expect(
      relativeError(
        exact0.chiralShift!(point(0, 0, 1.0, false)).aL.re * q2Of(1.0),
        1e-24 / (Math.SQRT2 * G_F_PER_EV2),
      ),
    ).toBeLessThan(1e-12);
  });

  it("Majorana: a real vector coupling (g_L = g_R) drops out exactly; an imaginary transition one does not", () => {
    const g = toComplexMatrix([
      [2e-12, 1e-12, 0],
      [1e-12, -1e-12, 3e-12],
      [0, 3e-12, 1e-12],
    ]);
    const sm = model(SM(true), true, []);
    const z = model(SM(true), true, [
      vectorMediatorTerm({ massEv: 0.01, gE: 1e-13, gNuL: g, gNuR: g }),
    ]);
    // exact algebraically; numerically the O(1) shifts cancel in |aL - aR^*|^2 up to rounding
    for (const w of OMEGAS) expect(relativeError(z.value(w), sm.value(w))).toBeLessThan(1e-10);
    const gi = toComplexMatrix([
      [0, { re: 0, im: 1e-12 }, 0],
      [{ re: 0, im: -1e-12 }, 0, 0],
      [0, 0, 0],
    ]);
    const zi = model(SM(true), true, [
      vectorMediatorTerm({ massEv: 0.01, gE: 1e-11, gNuL: gi, gNuR: gi }),
    ]);
    expect(relativeError(zi.value(1.0), sm.value(1.0))).toBeGreaterThan(1e-6);
    // Dirac: the same real coupling does change the spectrum
    const zd = model(SM(false), false, [
      vectorMediatorTerm({ massEv: 0.01, gE: 1e-11, gNuL: g, gNuR: g }),
    ]);
    expect(relativeError(zd.value(1.0), model(SM(false), false, []).value(1.0))).toBeGreaterThan(
      1e-6,
    );
  });

  it("the propagator throws a clear RangeError exactly on shell with zero width, and is finite with a width", () => {
    expect(() => propagator(0.25, 0.5, 0)).toThrow(RangeError);
    const p = propagator(0.25, 0.5, 0.01);
    expect(p.re).toBe(0);
    expect(p.im).toBeCloseTo(-1 / 0.005, 9);
    expect(propagator(1, 1e200, 1e200)).toEqual({ re: 0, im: 0 });
  });

  it("magnetic and electric moments of equal size give different shapes (s-wave vs p-wave at threshold)", () => {
    const m01 = toComplexMatrix([
      [0, { re: 0, im: 1e-11 }, 0],
      [{ re: 0, im: -1e-11 }, 0, 0],
      [0, 0, 0],
    ]);
    const muTerm = electromagneticTerm({ magneticMomentMuB: m01 });
    const epsTerm = electromagneticTerm({ electricDipoleMuB: m01 });
    const th = EEG / 2 - (MASSES[0] + MASSES[1]) ** 2 / (2 * EEG);
    const ratio = (d: number): number => {
      const p = point(0, 1, th - d, true);
      return (
        epsTerm.extraBracketEv2!(p, { aL: c(0), aR: c(0) }) /
        muTerm.extraBracketEv2!(p, { aL: c(0), aR: c(0) })
      );
    };
    expect(ratio(1e-7)).toBeLessThan(1e-3); // eps vanishes at threshold, mu does not
    expect(ratio(1e-3)).toBeGreaterThan(10 * ratio(1e-5));
    // far from every threshold (massless-like) they agree
    const p = point(0, 1, 0.3, true);
    expect(
      relativeError(
        epsTerm.extraBracketEv2!(p, { aL: c(0), aR: c(0) }),
        muTerm.extraBracketEv2!(p, { aL: c(0), aR: c(0) }),
      ),
    ).toBeLessThan(1e-3);
  });

  it("scalar: with real couplings and real a_ij only the pseudo-scalar y_P interferes (CP)", () => {
    const yS = toComplexMatrix([
      [1e-8, 2e-8, 0],
      [2e-8, 0, 0],
      [0, 0, 0],
    ]);
    const s = scalarMediatorTerm({
      massEv: 0.3,
      yE: 1e-9,
      yNuS: yS,
      yNuP: toComplexMatrix(undefined),
    });
    const p = point(0, 1, 1.0, false);
    const withA = s.extraBracketEv2!(p, { aL: c(0.4), aR: c(0) });
    const without = s.extraBracketEv2!(p, { aL: c(0), aR: c(0) });
    expect(relativeError(withA, without)).toBeLessThan(1e-14);
    const sp = scalarMediatorTerm({
      massEv: 0.3,
      yE: 1e-9,
      yNuS: toComplexMatrix(undefined),
      yNuP: yS,
    });
    expect(
      Math.abs(
        sp.extraBracketEv2!(p, { aL: c(0.4), aR: c(0) }) -
          sp.extraBracketEv2!(p, { aL: c(0), aR: c(0) }),
      ),
    ).toBeGreaterThan(0);
  });

  it("charge radius and anapole do not interfere with the SM (transverse magnetic coupling)", () => {
    const r = toComplexMatrix([
      [1e-32, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    const t = electromagneticTerm({ chargeRadiusCm2: r, anapoleCm2: r });
    const p = point(0, 0, 1.0, false);
    expect(t.extraBracketEv2!(p, { aL: c(0.3, 0.1), aR: c(0) })).toBe(
      t.extraBracketEv2!(p, { aL: c(0), aR: c(0) }),
    );
  });
});

// ------------------------------------------------------------------------ properties

const magnitude = (lo: number, hi: number) =>
  fc
    .tuple(fc.double({ min: lo, max: hi, noNaN: true }), fc.boolean())
    .map(([e, s]) => (s ? -1 : 1) * 10 ** e);
const cplx = (lo: number, hi: number) =>
  fc.tuple(magnitude(lo, hi), magnitude(lo, hi)).map(([re, im]) => ({ re, im }));
const hermitian = (lo: number, hi: number) =>
  fc
    .tuple(
      fc.array(magnitude(lo, hi), { minLength: 3, maxLength: 3 }),
      fc.array(cplx(lo, hi), { minLength: 3, maxLength: 3 }),
    )
    .map(([d, o]) => {
      const m = zeros();
      for (let k = 0; k < 3; k++) m[k][k] = c(d[k]);
      (
        [
          [0, 1],
          [0, 2],
          [1, 2],
        ] as const
      ).forEach(([i, j], k) => {
        m[i][j] = o[k];
        m[j][i] = { re: o[k].re, im: -o[k].im };
      });
      return m;
    });

describe("properties (fast-check)", () => {
  it("finite for random couplings, masses, widths and omega", () => {
    fc.assert(
      fc.property(
        fc.record({
          lightest: fc.double({ min: 0, max: 0.2, noNaN: true }),
          majorana: fc.boolean(),
          w: fc.double({ min: 1e-3, max: EEG / 2, noNaN: true }),
          mV: magnitude(-12, 12),
          wV: fc.oneof(fc.constant(0), magnitude(-6, 3)),
          gE: magnitude(-30, 0),
          gL: hermitian(-30, 0),
          gR: hermitian(-30, 0),
          mS: magnitude(-12, 12),
          wS: fc.oneof(fc.constant(0), magnitude(-6, 3)),
          yE: magnitude(-20, 0),
          yS: hermitian(-20, 0),
          yP: hermitian(-20, 0),
          mu: hermitian(-20, -5),
          eps: hermitian(-20, -5),
          r2: hermitian(-40, -25),
          an: hermitian(-40, -25),
          xi: fc.double({ min: 0, max: 2, noNaN: true }),
        }),
        (x) => {
          const masses: [number, number, number] = [
            x.lightest,
            Math.sqrt(x.lightest ** 2 + 7.49e-5),
            Math.sqrt(x.lightest ** 2 + 2.513e-3),
          ];
          const q2 = q2Of(x.w);
          fc.pre(q2 !== x.mV * x.mV && q2 !== x.mS * x.mS);
          const terms = [
            vectorMediatorTerm({
              massEv: Math.abs(x.mV),
              gE: x.gE,
              gNuL: x.gL,
              gNuR: x.gR,
              widthEv: x.wV,
            }),
            scalarMediatorTerm({
              massEv: Math.abs(x.mS),
              yE: x.yE,
              yNuS: x.yS,
              yNuP: x.yP,
              widthEv: x.wS,
            }),
            electromagneticTerm({
              magneticMomentMuB: x.mu,
              electricDipoleMuB: x.eps,
              chargeRadiusCm2: x.r2,
              anapoleCm2: x.an,
            }),
          ];
          const m = model(SM(x.majorana), x.majorana, terms, x.xi, masses);
          const v = m.value(x.w);
          expect(Number.isFinite(v)).toBe(true);
          for (const pair of m.pairs) expect(Number.isFinite(m.pairValue(pair, x.w))).toBe(true);
        },
      ),
      { numRuns: 300, seed: 20240601 },
    );
  });

  it("Dirac: rephasing nu_i -> e^{i phi_i} nu_i (a_ij and every coupling matrix -> e^{-i phi_i} X_ij e^{i phi_j}) leaves I(omega) unchanged", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), {
          minLength: 3,
          maxLength: 3,
        }),
        fc.tuple(hermitian(-13, -11), hermitian(-9, -7), hermitian(-12, -10)),
        fc.double({ min: 0.5, max: 1.071, noNaN: true }),
        (phi, [g, y, mu], w) => {
          const rot = (m: ComplexMatrix3): ComplexMatrix3 =>
            m.map((row, i) =>
              row.map((z, j) => {
                const t = phi[j] - phi[i];
                return {
                  re: z.re * Math.cos(t) - z.im * Math.sin(t),
                  im: z.re * Math.sin(t) + z.im * Math.cos(t),
                };
              }),
            );
          const terms = (f: (m: ComplexMatrix3) => ComplexMatrix3) => [
            vectorMediatorTerm({
              massEv: 0.2,
              gE: 1e-12,
              gNuL: f(g),
              gNuR: f(g.map((r) => r.map((z) => ({ re: 0.5 * z.re, im: -0.3 * z.re })))),
              widthEv: 0.01,
            }),
            scalarMediatorTerm({
              massEv: 0.4,
              yE: 1e-9,
              yNuS: f(y),
              yNuP: f(y.map((r) => r.map((z) => ({ re: z.im, im: z.re })))),
            }),
            electromagneticTerm({
              magneticMomentMuB: f(mu),
              electricDipoleMuB: f(mu),
              chargeRadiusCm2: f(
                mu.map((r) => r.map((z) => ({ re: z.re * 1e-20, im: z.im * 1e-20 }))),
              ),
            }),
          ];
          const id = (m: ComplexMatrix3) => m;
          const a = model(SM(false), false, terms(id)).value(w);
          const b = model(rot(SM(false)), false, terms(rot)).value(w);
          expect(relativeError(b, a)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });

  it("the overall sign of the mediator field drops out: (g^e, g^nu) -> (-g^e, -g^nu), (y^e, y) -> (-y^e, -y)", () => {
    fc.assert(
      fc.property(
        hermitian(-13, -11),
        hermitian(-9, -7),
        fc.boolean(),
        fc.double({ min: 0.5, max: 1.071, noNaN: true }),
        (g, y, majorana, w) => {
          const neg = (m: ComplexMatrix3): ComplexMatrix3 =>
            m.map((r) => r.map((z) => ({ re: -z.re, im: -z.im })));
          const t1 = [
            vectorMediatorTerm({ massEv: 0.2, gE: 1e-12, gNuL: g, gNuR: y, widthEv: 0.02 }),
            scalarMediatorTerm({ massEv: 0.4, yE: 1e-9, yNuS: y, yNuP: g }),
          ];
          const t2 = [
            vectorMediatorTerm({
              massEv: 0.2,
              gE: -1e-12,
              gNuL: neg(g),
              gNuR: neg(y),
              widthEv: 0.02,
            }),
            scalarMediatorTerm({ massEv: 0.4, yE: -1e-9, yNuS: neg(y), yNuP: neg(g) }),
          ];
          expect(
            relativeError(
              model(SM(majorana), majorana, t2).value(w),
              model(SM(majorana), majorana, t1).value(w),
            ),
          ).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });
});

describe("scenario schema and consistency", () => {
  it("rejects unknown keys, negative masses, non-finite numbers and wrong shapes", () => {
    expect(
      bsmSchema.safeParse({ vectorMediator: { massEv: 1, gE: 0, gNuL: zeros(), typo: 1 } }).success,
    ).toBe(false);
    expect(bsmSchema.safeParse({ vectorMediator: { massEv: -1, gE: 0 } }).success).toBe(false);
    expect(bsmSchema.safeParse({ scalarMediator: { massEv: 1, yE: Infinity } }).success).toBe(
      false,
    );
    expect(
      bsmSchema.safeParse({
        electromagnetic: {
          magneticMomentMuB: [
            [0, 0],
            [0, 0],
            [0, 0],
          ],
        },
      }).success,
    ).toBe(false);
    expect(
      bsmSchema.safeParse({
        electromagnetic: {
          magneticMomentMuB: [
            [0, 0, { re: 1, im: 2, x: 3 }],
            [0, 0, 0],
            [0, 0, 0],
          ],
        },
      }).success,
    ).toBe(false);
    expect(bsmSchema.safeParse({ nonUnitarity: { alpha: zeros() } }).success).toBe(true);
  });

  it("names the field and element of a non-hermitian coupling", () => {
    const bsm = bsmSchema.parse({
      vectorMediator: {
        massEv: 1,
        gE: 1e-10,
        gNuL: [
          [0, 1, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
      },
    });
    const v = checkBsmConsistency(bsm, "dirac");
    expect(v).toHaveLength(1);
    expect(v[0].path).toEqual(["vectorMediator", "gNuL", 1, 0]);
    expect(v[0].message).toMatch(/hermitian/);
  });

  it("Majorana: moments must be antisymmetric (diagonal and symmetric parts rejected), anapole symmetric", () => {
    const bsm = bsmSchema.parse({
      electromagnetic: {
        magneticMomentMuB: [
          [1e-11, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
        electricDipoleMuB: [
          [0, 2e-11, 0],
          [2e-11, 0, 0],
          [0, 0, 0],
        ],
        anapoleCm2: [
          [0, { re: 0, im: 1e-32 }, 0],
          [{ re: 0, im: -1e-32 }, 0, 0],
          [0, 0, 0],
        ],
      },
    });
    const paths = checkBsmConsistency(bsm, "majorana").map((x) => x.path.join("."));
    expect(paths).toContain("electromagnetic.magneticMomentMuB.0.0");
    expect(paths).toContain("electromagnetic.electricDipoleMuB.1.0");
    expect(paths).toContain("electromagnetic.anapoleCm2.1.0");
    // for Dirac the same matrices are fine except the non-hermitian ones (none here: all hermitian)
    expect(checkBsmConsistency(bsm, "dirac")).toEqual([]);
    const ok = bsmSchema.parse({
      electromagnetic: {
        magneticMomentMuB: [
          [0, { re: 0, im: 1e-11 }, 0],
          [{ re: 0, im: -1e-11 }, 0, 0],
          [0, 0, 0],
        ],
      },
    });
    expect(checkBsmConsistency(ok, "majorana")).toEqual([]);
  });

  it("non-unitarity alpha must be lower triangular", () => {
    const bsm = bsmSchema.parse({
      nonUnitarity: {
        alpha: [
          [0.01, 0.002, 0],
          [0.001, 0.01, 0],
          [0, 0, 0],
        ],
      },
    });
    const v = checkBsmConsistency(bsm, "dirac");
    expect(v.map((x) => x.path)).toEqual([["nonUnitarity", "alpha", 0, 1]]);
  });

  it("bsmTerms builds one term per model present", () => {
    expect(bsmTerms(bsmSchema.parse({})).map((t) => t.name)).toEqual([]);
    const all = bsmSchema.parse({
      vectorMediator: { massEv: 1, gE: 0 },
      scalarMediator: { massEv: 1, yE: 0 },
      electromagnetic: {},
      nonUnitarity: { alpha: zeros() },
    });
    expect(bsmTerms(all).map((t) => t.name)).toEqual([
      "vectorMediator",
      "scalarMediator",
      "electromagnetic",
    ]);
  });
});
