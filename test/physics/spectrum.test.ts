/** Properties of the SM spectral function over random physical inputs. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIXING_PRESETS, massesEv, pairCoefficients, pmns } from "../../src/physics/neutrino.js";
import {
  pairKinematicIEv2,
  pairMassSquaredEv2,
  phaseSpaceDelta,
  thresholdEv,
} from "../../src/physics/spectrum/kinematics.js";
import { createSpectralModel } from "../../src/physics/spectrum/sm.js";
import { TARGET_PRESETS } from "../../src/physics/atoms.js";
import { mul } from "../../src/physics/complex.js";

const yb = TARGET_PRESETS.Yb;

interface Case {
  ordering: "normal" | "inverted";
  lightestMassEv: number;
  alpha21Deg: number;
  alpha31Deg: number;
  majorana: boolean;
  target: "Yb" | "Xe";
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  ordering: fc.constantFrom("normal" as const, "inverted" as const),
  lightestMassEv: fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 0.3, noNaN: true })),
  alpha21Deg: fc.double({ min: 0, max: 360, noNaN: true }),
  alpha31Deg: fc.double({ min: 0, max: 360, noNaN: true }),
  majorana: fc.boolean(),
  target: fc.constantFrom("Yb" as const, "Xe" as const),
});

function modelFor(c: Case, masses?: [number, number, number]) {
  const mix = MIXING_PRESETS["nufit-6.0"][c.ordering];
  const atom = TARGET_PRESETS[c.target];
  return createSpectralModel({
    eegEv: atom.eegEv,
    epgEv: atom.epgEv,
    massesEv: masses ?? massesEv(c.ordering, c.lightestMassEv, mix),
    majorana: c.majorana,
    coefficients: pairCoefficients(pmns(mix, c.alpha21Deg, c.alpha31Deg)),
    spinFactorXi: 1,
    terms: [],
    spinProjection: "isotropic",
  });
}

describe("kinematics", () => {
  it("thresholds: omega_ij = E_eg/2 - (m_i+m_j)^2/(2 E_eg) is where q^2 = (m_i+m_j)^2", () => {
    fc.assert(
      // Masses above 1e-3 eV: below that (m_i+m_j)^2 is under the rounding of q^2 ~ E_eg^2 eps.
      fc.property(
        fc.double({ min: 1e-3, max: 1, noNaN: true }),
        fc.double({ min: 1e-3, max: 1, noNaN: true }),
        (mi, mj) => {
          const w = thresholdEv(yb.eegEv, mi, mj);
          expect(pairMassSquaredEv2(yb.eegEv, w)).toBeCloseTo((mi + mj) ** 2, 12);
          // At the threshold q^2 - (m_i+m_j)^2 is zero up to the rounding of q^2 (~1e-16 E_eg^2).
          expect(phaseSpaceDelta(pairMassSquaredEv2(yb.eegEv, w), mi, mj)).toBeLessThan(1e-4);
        },
      ),
    );
  });

  it("I_ij has the massless limit (1/3)(q^2 + omega^2/3)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1.07, noNaN: true }), (w) => {
        const q2 = pairMassSquaredEv2(yb.eegEv, w);
        expect(pairKinematicIEv2(q2, w, 0, 0)).toBeCloseTo((q2 + (w * w) / 3) / 3, 14);
      }),
    );
  });
});

describe("SM spectral function", () => {
  it("is zero at and above the highest threshold and positive below it", () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 1e-9, max: 0.5, noNaN: true }), (c, fraction) => {
        const model = modelFor(c);
        const top = model.thresholdsEv[model.thresholdsEv.length - 1];
        expect(model.value(top)).toBe(0);
        expect(model.value(top + fraction * 0.01)).toBe(0);
        const below = top - fraction * (top - 0.1);
        expect(model.value(below)).toBeGreaterThan(0);
        expect(Number.isFinite(model.value(below))).toBe(true);
      }),
    );
  });

  it("massless neutrinos: a single endpoint at E_eg/2", () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 1e-9, max: 0.1, noNaN: true }), (c, d) => {
        const model = modelFor(c, [0, 0, 0]);
        const eeg = TARGET_PRESETS[c.target].eegEv;
        expect(model.thresholdsEv).toEqual([eeg / 2]);
        expect(model.value(eeg / 2)).toBe(0);
        expect(model.value(eeg / 2 - d)).toBeGreaterThan(0);
      }),
    );
  });

  it("Dirac minus Majorana is the delta_M Re(a_ij^2) m_i m_j term alone, and vanishes for massless neutrinos", () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0.2, max: 0.9999, noNaN: true }), (c, x) => {
        const dirac = modelFor({ ...c, majorana: false });
        const majorana = modelFor({ ...c, majorana: true });
        const atom = TARGET_PRESETS[c.target];
        const w = x * dirac.thresholdsEv[5];
        const q2 = pairMassSquaredEv2(atom.eegEv, w);
        const a = dirac.input.coefficients;
        let term = 0;
        for (const p of dirac.pairs) {
          if (w < p.thresholdEv)
            term +=
              phaseSpaceDelta(q2, p.miEv, p.mjEv) *
              mul(a[p.i][p.j], a[p.i][p.j]).re *
              p.miEv *
              p.mjEv;
        }
        term /= (atom.epgEv - w) ** 2;
        const diff = dirac.value(w) - majorana.value(w);
        // Rounding: the model evaluates Delta from the distance below threshold, the test directly.
        expect(Math.abs(diff - term)).toBeLessThanOrEqual(1e-12 * Math.abs(dirac.value(w)) + 1e-15);
        const masslessDiff =
          modelFor({ ...c, majorana: false }, [0, 0, 0]).value(w) -
          modelFor({ ...c, majorana: true }, [0, 0, 0]).value(w);
        expect(masslessDiff).toBe(0);
      }),
    );
  });

  it("is continuous across every threshold: the jump vanishes like sqrt(epsilon)", () => {
    fc.assert(
      fc.property(
        caseArb.filter((c) => c.lightestMassEv > 1e-4),
        (c) => {
          const model = modelFor(c);
          const jump = (t: number, eps: number) =>
            Math.abs(model.value(t - eps) - model.value(t + eps));
          for (const t of model.thresholdsEv) {
            const jumps = [1e-9, 1e-11, 1e-13].map((eps) => jump(t, eps));
            expect(jumps[0]).toBeGreaterThan(0);
            // sqrt scaling: each factor 100 in epsilon divides the jump by ~10 (allow 6.7).
            expect(jumps[1] / jumps[0]).toBeLessThan(0.15);
            expect(jumps[2] / jumps[1]).toBeLessThan(0.15);
          }
        },
      ),
    );
  });
});
