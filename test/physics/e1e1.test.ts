/**
 * E1 x E1 transitions (docs/physics/e1e1.md): the bracket against its own Monte Carlo
 * (test/fixtures/e1e1_mc.py -> e1e1-mc.json), the limits tested like E1 x M1's (thresholds
 * unchanged, zero BSM couplings give its SM rate, mediators that need the electron spin do not
 * couple and heavy ones decouple), the charge radius and anapole as the known shift of the vector
 * coupling, and the scenario rules.
 */
import fc from "fast-check";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, readJson } from "../helpers/fixtures.js";
import { e1e1BracketEv2 } from "../../src/physics/spectrum/e1e1.js";
import { chiralWeights, createSpectralModel } from "../../src/physics/spectrum/sm.js";
import { pairMassSquaredEv2 } from "../../src/physics/spectrum/kinematics.js";
import { MIXING_PRESETS, massesEv, pairCoefficients, pmns } from "../../src/physics/neutrino.js";
import { scalarMediatorTerm, vectorMediatorTerm } from "../../src/physics/spectrum/mediators.js";
import { electromagneticTerm } from "../../src/physics/spectrum/electromagnetic.js";
import type {
  ComplexMatrix3,
  PairPoint,
  SpectralTerm,
  SpinProjection,
} from "../../src/physics/spectrum/types.js";
import { ALPHA, G_F_PER_EV2, cm2ToPerEv2 } from "../../src/physics/constants.js";
import { scenarioSchema } from "../../src/scenario/schema.js";
import { physicsModel } from "../../src/scenario/model.js";
import { resolveScenario, validateScenario } from "../../src/scenario/load.js";

const EEG = 2.14349;
const EPG = 2.23072;
const R_PER_EV = 2.68e-4; // ~1 Bohr radius in eV^-1

interface McPoint {
  eegEv: number;
  deltaEv: number;
  omegaEv: number;
  miEv: number;
  mjEv: number;
  [key: string]: number;
}
const MC = readJson<{ points: McPoint[] }>(join(FIXTURES_DIR, "e1e1-mc.json"));

const point = (p: McPoint, projection: SpinProjection): PairPoint => ({
  i: 0,
  j: 1,
  miEv: p.miEv,
  mjEv: p.mjEv,
  omegaEv: p.omegaEv,
  q2Ev2: pairMassSquaredEv2(p.eegEv, p.omegaEv),
  eegEv: p.eegEv,
  iijEv2: 0,
  projection,
  transition: "E1xE1",
  dipoleEpPerEv: 1,
  deltaPeEv: p.deltaEv,
  majorana: false,
  spinFactorXi: 1,
});

describe("the E1 x E1 bracket", () => {
  it("agrees with its phase-space Monte Carlo to 1e-3 (left-handed and vector couplings, both projections)", () => {
    expect(MC.points.length).toBeGreaterThanOrEqual(8);
    for (const p of MC.points) {
      for (const [key, weights] of [
        ["left", { momentum: 1, mass: 0 }],
        ["vector", { momentum: 2, mass: -2 }],
      ] as const) {
        for (const projection of ["isotropic", "transverse"] as const) {
          const name = `${key}${projection === "isotropic" ? "Isotropic" : "Transverse"}`;
          const got = e1e1BracketEv2(weights, point(p, projection));
          // The fixture's standard errors are <= 2.2e-4 relative: 1e-3 is >= 4.5 sigma.
          expect(Math.abs(got / p[name] - 1), `${name} at ${JSON.stringify(p)}`).toBeLessThan(1e-3);
        }
      }
    }
  });
});

interface DipolePoint {
  omegaEv: number;
  miEv: number;
  mjEv: number;
  deltaEv: number;
  majorana: boolean;
  bL: { re: number; im: number };
  bR: { re: number; im: number };
  muMuB: { re: number; im: number };
  epsMuB: { re: number; im: number };
  isotropicEv2: number;
  transverseEv2: number;
}
const DIPOLE = readJson<{ eegEv: number; points: DipolePoint[] }>(
  join(FIXTURES_DIR, "e1e1-dipole.json"),
);

describe("E1 x E1 with dipole moments", () => {
  it("equals the explicit-spinor bracket (SM vector coupling + dipoles + their interference) to 1e-9", () => {
    expect(DIPOLE.points.length).toBeGreaterThanOrEqual(8);
    for (const d of DIPOLE.points) {
      // The pair (0, 1) with its hermitian (and, for Majorana, antisymmetric) partner (1, 0).
      const matrix = (x: { re: number; im: number }): ComplexMatrix3 => {
        const m = zeros().map((row) => row.slice());
        m[0][1] = x;
        m[1][0] = d.majorana ? { re: -x.re, im: -x.im } : { re: x.re, im: -x.im };
        return m;
      };
      const em = electromagneticTerm({
        magneticMomentMuB: matrix(d.muMuB),
        electricDipoleMuB: matrix(d.epsMuB),
      });
      const total = { aL: d.bL, aR: d.bR };
      for (const projection of ["isotropic", "transverse"] as const) {
        const p: PairPoint = {
          ...point({ ...d, eegEv: DIPOLE.eegEv } as unknown as McPoint, projection),
          majorana: d.majorana,
        };
        const got =
          e1e1BracketEv2(chiralWeights(total, d.majorana), p) + em.extraBracketEv2!(p, total);
        const want = projection === "isotropic" ? d.isotropicEv2 : d.transverseEv2;
        expect(Math.abs(got / want - 1), `${projection} ${JSON.stringify(d)}`).toBeLessThan(1e-9);
      }
    }
  });
});

const mix = MIXING_PRESETS["nufit-6.0"].normal;
const MASSES = massesEv("normal", 0.01, mix);
const U = pmns(mix, 30, 80);
const G_V = -0.5 + 2 * 0.23863;
const zeros = (): ComplexMatrix3 => [0, 1, 2].map(() => [0, 1, 2].map(() => ({ re: 0, im: 0 })));

function e1e1Model(
  terms: SpectralTerm[] = [],
  majorana = false,
  coefficients = pairCoefficients(U, G_V),
) {
  return createSpectralModel({
    eegEv: EEG,
    epgEv: EPG,
    massesEv: MASSES,
    majorana,
    coefficients,
    spinFactorXi: 1,
    terms,
    transition: "E1xE1",
    dipoleEpPerEv: R_PER_EV,
  });
}
const m1Model = () =>
  createSpectralModel({
    eegEv: EEG,
    epgEv: EPG,
    massesEv: MASSES,
    majorana: false,
    coefficients: pairCoefficients(U),
    spinFactorXi: 1,
    terms: [],
  });

describe("E1 x E1 spectrum: limits", () => {
  it("has the E1 x M1 thresholds, is zero at and above the highest and positive below", () => {
    const e = e1e1Model();
    expect(e.thresholdsEv).toEqual(m1Model().thresholdsEv);
    const top = e.thresholdsEv[e.thresholdsEv.length - 1];
    fc.assert(
      fc.property(fc.double({ min: 1e-7, max: 0.3, noNaN: true }), (d) => {
        expect(e.value(top + d)).toBe(0);
        expect(e.value(top - d)).toBeGreaterThan(0);
      }),
    );
    expect(e.value(top)).toBe(0);
  });

  it("zero BSM couplings give its SM rate exactly", () => {
    const terms = [
      vectorMediatorTerm({ massEv: 1, gE: 0, gNuL: zeros(), gNuR: zeros() }),
      scalarMediatorTerm({ massEv: 1, yE: 0, yNuS: zeros(), yNuP: zeros() }),
      electromagneticTerm({ chargeRadiusCm2: zeros(), anapoleCm2: zeros() }),
    ];
    for (const w of [1.0, 1.0695, 1.0712])
      expect(e1e1Model(terms).value(w)).toBe(e1e1Model().value(w));
  });

  it("the axial Z' and the pseudo-scalar (they need the electron spin) do not couple at any mass", () => {
    const one = [0, 1, 2].map((i) => [0, 1, 2].map((j) => ({ re: i === j ? 1 : 0, im: 0 })));
    for (const massEv of [1e-3, 0.5, 1e3, 1e9]) {
      const terms = [
        vectorMediatorTerm({ massEv, gE: 1e-12, gNuL: one, gNuR: one, widthEv: 1e-3 }),
        scalarMediatorTerm({ massEv, yE: 1e-12, yNuS: one, yNuP: one, widthEv: 1e-3 }),
      ];
      for (const w of [1.0, 1.0712]) expect(e1e1Model(terms).value(w)).toBe(e1e1Model().value(w));
    }
  });

  it("the charge radius and anapole are the shift g_V -> g_V + sqrt2 pi alpha (<r^2> - 6 a)/(3 G_F) (Dirac)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3e-32, max: 3e-32, noNaN: true }),
        fc.double({ min: -3e-32, max: 3e-32, noNaN: true }),
        (r2Cm2, aCm2) => {
          const r2 = zeros().map((row, i) =>
            row.map((_, j) => ({ re: i === j ? r2Cm2 : 0, im: 0 })),
          );
          const an = zeros().map((row, i) =>
            row.map((_, j) => ({ re: i === j ? aCm2 : 0, im: 0 })),
          );
          const em = electromagneticTerm({ chargeRadiusCm2: r2, anapoleCm2: an });
          // Left-handed shift (rho - a) and right-handed (rho + a), rho = <r^2>/6, in units of sqrt2 G_F.
          const k = (4 * Math.PI * ALPHA) / (Math.SQRT2 * G_F_PER_EV2);
          const dl = k * cm2ToPerEv2(r2Cm2 / 6 - aCm2);
          const dr = k * cm2ToPerEv2(r2Cm2 / 6 + aCm2);
          const b = pairCoefficients(U, G_V).map((row, i) =>
            row.map((c, j) => ({ re: c.re + (i === j ? dl : 0), im: c.im })),
          );
          const right: SpectralTerm = {
            name: "right",
            chiralShift: (p) => ({
              aL: { re: 0, im: 0 },
              aR: { re: p.i === p.j ? dr : 0, im: 0 },
            }),
          };
          for (const w of [1.0, 1.0712]) {
            const want = e1e1Model([right], false, b).value(w);
            expect(e1e1Model([em]).value(w)).toBeCloseTo(want, 14 - Math.ceil(Math.log10(want)));
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it("Majorana transition charge radius and anapole give 1/2 of the Dirac rate (form-factor convention)", () => {
    const r2 = zeros().map((row, i) =>
      row.map((_, j) => ({
        re: 0,
        im: i === 0 && j === 1 ? 2e-32 : i === 1 && j === 0 ? -2e-32 : 0,
      })),
    );
    const an = zeros().map((row, i) => row.map((_, j) => ({ re: i + j === 2 ? 1e-32 : 0, im: 0 })));
    const em = electromagneticTerm({ chargeRadiusCm2: r2, anapoleCm2: an });
    const none = zeros();
    for (const w of [1.0, 1.0712]) {
      const dirac = e1e1Model([em], false, none).value(w);
      expect(dirac).toBeGreaterThan(0);
      expect(e1e1Model([em], true, none).value(w) / dirac).toBeCloseTo(0.5, 12);
    }
  });

  it("scales as |<p|r|e>|^2", () => {
    const twice = createSpectralModel({ ...e1e1Model().input, dipoleEpPerEv: 2 * R_PER_EV });
    for (const w of [1.0, 1.07]) expect(twice.value(w) / e1e1Model().value(w)).toBeCloseTo(4, 12);
  });
});

describe("scenario: target.transition", () => {
  const base = (target: object, bsm: object = {}) => ({
    name: "e",
    target,
    neutrino: { nature: "dirac", ordering: "normal", lightestMassEv: 0.01 },
    experiment: {
      numberDensityPerCm3: 1e21,
      volumeCm3: 100,
      scan: { omegaMinEv: 1.0, omegaMaxEv: 1.07, bins: 3, exposurePerBinS: 1 },
    },
    bsm,
  });
  const t = { name: "x", eegEv: EEG, epgEv: EPG, gammaPgPerS: 1e6, jP: 1, cEp: 2 / 3 };
  const paths = (r: ReturnType<typeof scenarioSchema.safeParse>) =>
    r.success ? [] : r.error.issues.map((i) => i.path.join("."));
  it('"E1xE1" needs dipoleEpBohr; dipoleEpBohr needs "E1xE1"', () => {
    expect(paths(scenarioSchema.safeParse(base({ ...t, transition: "E1xE1" })))).toEqual([
      "target.dipoleEpBohr",
    ]);
    expect(paths(scenarioSchema.safeParse(base({ ...t, dipoleEpBohr: 1 })))).toEqual([
      "target.dipoleEpBohr",
    ]);
    expect(
      scenarioSchema.safeParse(base({ ...t, transition: "E1xE1", dipoleEpBohr: 1 })).success,
    ).toBe(true);
  });
  it('electronVectorCoupling "pdg-effective" uses g_V = -0.0396 in b_ij; only with "E1xE1"', () => {
    expect(
      paths(scenarioSchema.safeParse(base({ ...t, electronVectorCoupling: "pdg-effective" }))),
    ).toEqual(["target.electronVectorCoupling"]);
    const e1e1 = { ...t, transition: "E1xE1", dipoleEpBohr: 1 };
    const model = (target: object) =>
      physicsModel(resolveScenario(validateScenario(base(target), "gv"))).spectrum;
    const tree = model(e1e1);
    const effective = model({ ...e1e1, electronVectorCoupling: "pdg-effective" });
    // Independent: the same spectrum built from b_ij with g_V = -0.0396 (PDG, as recalled).
    const want = createSpectralModel({
      ...effective.input,
      coefficients: pairCoefficients(pmns(MIXING_PRESETS["nufit-6.0"].normal, 0, 0), -0.0396),
    });
    for (const w of [1.0, 1.06]) {
      expect(effective.value(w)).toBeCloseTo(want.value(w), 20);
      expect(Math.abs(effective.value(w) / tree.value(w) - 1)).toBeGreaterThan(0.01);
    }
  });
});
