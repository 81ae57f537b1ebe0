/**
 * The transverse atomic projection (docs/physics/standard-model.md section 2.4): K_ij against its
 * own phase-space Monte Carlo (test/fixtures/transverse_mc.py -> transverse-mc.json), the SM-limit
 * structure (same thresholds, zero above the highest), the massless ratio to the isotropic
 * average, and the BSM terms (scalar drops out, electromagnetic x 3/2).
 */
import fc from "fast-check";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, readJson } from "../helpers/fixtures.js";
import {
  pairKinematicIEv2,
  pairKinematicTransverseIEv2,
  pairMassSquaredEv2,
} from "../../src/physics/spectrum/kinematics.js";
import { createSpectralModel } from "../../src/physics/spectrum/sm.js";
import { MIXING_PRESETS, massesEv, pairCoefficients, pmns } from "../../src/physics/neutrino.js";
import { TARGET_PRESETS } from "../../src/physics/atoms.js";
import { scalarMediatorTerm } from "../../src/physics/spectrum/mediators.js";
import { electromagneticTerm } from "../../src/physics/spectrum/electromagnetic.js";
import type {
  ComplexMatrix3,
  SpectralTerm,
  SpinProjection,
} from "../../src/physics/spectrum/types.js";
import { scenarioNotes } from "../../src/scenario/notes.js";
import { resolveScenario, validateScenario } from "../../src/scenario/load.js";
import { scenarioSchema } from "../../src/scenario/schema.js";

interface McPoint {
  omegaEv: number;
  miEv: number;
  mjEv: number;
  mcEv2: number;
  mcErrorEv2: number;
}
const MC = readJson<{ eegEv: number; points: McPoint[] }>(join(FIXTURES_DIR, "transverse-mc.json"));
const yb = TARGET_PRESETS.Yb;

describe("K_ij, the transverse pair function", () => {
  it("agrees with its phase-space Monte Carlo to 1e-3", () => {
    expect(MC.eegEv).toBe(yb.eegEv);
    expect(MC.points.length).toBeGreaterThanOrEqual(8);
    for (const p of MC.points) {
      const k = pairKinematicTransverseIEv2(
        pairMassSquaredEv2(MC.eegEv, p.omegaEv),
        p.miEv,
        p.mjEv,
      );
      // The MC's own standard error is 3e-5 to 2.2e-4 relative: 1e-3 is >= 4.5 sigma.
      expect(Math.abs(k / p.mcEv2 - 1)).toBeLessThan(1e-3);
    }
  });

  it("massless: K/I = 3 q^2 / (3 q^2 + omega^2), the pair's boost along the axis", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1.0717, noNaN: true }), (w) => {
        const q2 = pairMassSquaredEv2(yb.eegEv, w);
        const ratio = pairKinematicTransverseIEv2(q2, 0, 0) / pairKinematicIEv2(q2, w, 0, 0);
        expect(ratio).toBeCloseTo((3 * q2) / (3 * q2 + w * w), 12);
      }),
    );
  });
});

function model(
  projection: SpinProjection,
  ordering: "normal" | "inverted",
  majorana: boolean,
  terms: SpectralTerm[] = [],
) {
  const mix = MIXING_PRESETS["nufit-6.0"][ordering];
  return createSpectralModel({
    eegEv: yb.eegEv,
    epgEv: yb.epgEv,
    massesEv: massesEv(ordering, 0.01, mix),
    majorana,
    coefficients: pairCoefficients(pmns(mix, 30, 80)),
    spinFactorXi: 1,
    terms,
    spinProjection: projection,
  });
}

describe("transverse SM spectrum: structure", () => {
  const cases = fc.record({
    ordering: fc.constantFrom("normal" as const, "inverted" as const),
    majorana: fc.boolean(),
  });
  it("has the isotropic thresholds, is zero at and above the highest and positive below", () => {
    fc.assert(
      fc.property(cases, fc.double({ min: 1e-7, max: 0.3, noNaN: true }), (c, d) => {
        const t = model("transverse", c.ordering, c.majorana);
        const iso = model("isotropic", c.ordering, c.majorana);
        expect(t.thresholdsEv).toEqual(iso.thresholdsEv);
        const top = t.thresholdsEv[t.thresholdsEv.length - 1];
        expect(t.value(top)).toBe(0);
        expect(t.value(top + d)).toBe(0);
        expect(t.value(top - d)).toBeGreaterThan(0);
        // Each pair closes at its own threshold, as in the isotropic model.
        for (const pair of t.pairs) expect(t.pairValue(pair, pair.thresholdEv)).toBe(0);
      }),
    );
  });

  it("is a few per cent of the isotropic rate near the end point, falling toward it", () => {
    const t = model("transverse", "normal", true);
    const iso = model("isotropic", "normal", true);
    const r = (w: number): number => t.value(w) / iso.value(w);
    expect(r(1.0685)).toBeGreaterThan(0.02);
    expect(r(1.0685)).toBeLessThan(0.04);
    expect(r(1.0716)).toBeLessThan(r(1.07));
    expect(r(1.07)).toBeLessThan(r(1.0685));
  });
});

describe("transverse BSM terms", () => {
  const mu: ComplexMatrix3 = [
    [
      { re: 0, im: 0 },
      { re: 0, im: 2e-11 },
      { re: 0, im: 0 },
    ],
    [
      { re: 0, im: -2e-11 },
      { re: 0, im: 0 },
      { re: 0, im: 0 },
    ],
    [
      { re: 0, im: 0 },
      { re: 0, im: 0 },
      { re: 0, im: 0 },
    ],
  ];
  const sm = (p: SpinProjection) => model(p, "normal", true);
  it("the scalar mediator (longitudinal sigma.Q) drops out", () => {
    const y: ComplexMatrix3 = [0, 1, 2].map((i) =>
      [0, 1, 2].map((j) => ({ re: i === j ? 1 : 0.3, im: 0 })),
    );
    const phi = scalarMediatorTerm({ massEv: 1e-3, yE: 1e-19, yNuS: y, yNuP: y });
    for (const w of [1.0, 1.0695, 1.0712]) {
      expect(model("transverse", "normal", true, [phi]).value(w)).toBe(sm("transverse").value(w));
      expect(model("isotropic", "normal", true, [phi]).value(w)).not.toBe(sm("isotropic").value(w));
    }
  });
  it("the electromagnetic terms grow by 3/2 (the amplitude J x Q is transverse)", () => {
    const em = electromagneticTerm({ magneticMomentMuB: mu });
    for (const w of [1.0, 1.0695, 1.0712]) {
      const dT = model("transverse", "normal", true, [em]).value(w) - sm("transverse").value(w);
      const dI = model("isotropic", "normal", true, [em]).value(w) - sm("isotropic").value(w);
      expect(dI).toBeGreaterThan(0);
      expect(dT / dI).toBeCloseTo(1.5, 6);
    }
  });
});

describe("experiment.spinProjection", () => {
  it("renp validate notes say which projection is in use and that the scalar has no transverse effect", () => {
    const scalar = {
      massEv: 1e-3,
      yE: 1e-12,
      yNuS: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    };
    const notes = (spinProjection: string | undefined) =>
      scenarioNotes(
        resolveScenario(
          validateScenario(
            {
              name: "p",
              target: "Yb",
              neutrino: { nature: "majorana", ordering: "normal", lightestMassEv: 0.01 },
              experiment: {
                numberDensityPerCm3: 1e21,
                volumeCm3: 100,
                ...(spinProjection ? { spinProjection } : {}),
                scan: { omegaMinEv: 1.0, omegaMaxEv: 1.07, bins: 3, exposurePerBinS: 1 },
              },
              bsm: { scalarMediator: scalar },
            },
            "notes",
          ),
        ),
      ).join("\n");
    expect(notes(undefined)).toMatch(/"transverse" \(the default\)/);
    expect(notes(undefined)).toMatch(/scalarMediator has no effect/);
    expect(notes("isotropic")).toMatch(/literature form/);
    expect(notes("isotropic")).not.toMatch(/has no effect/);
  });

  it('defaults to "transverse" (the physical projection) and rejects anything else', () => {
    const base = {
      name: "p",
      target: "Yb",
      neutrino: { nature: "majorana", ordering: "normal", lightestMassEv: 0.01 },
      experiment: {
        numberDensityPerCm3: 1e21,
        volumeCm3: 100,
        scan: { omegaMinEv: 1.0, omegaMaxEv: 1.07, bins: 3, exposurePerBinS: 1 },
      },
    };
    expect(scenarioSchema.parse(base).experiment.spinProjection).toBe("transverse");
    const bad = scenarioSchema.safeParse({
      ...base,
      experiment: { ...base.experiment, spinProjection: "longitudinal" },
    });
    expect(bad.success).toBe(false);
  });
});
