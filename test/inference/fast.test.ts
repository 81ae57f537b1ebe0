/**
 * The fit's fast path (src/inference/fast/, docs/fitting.md "The fast path") against the exact
 * integrals it replaces (computeExpectation): per bin within 1e-6 relative over arbitrary
 * scenarios, masses and phases; and fits through both paths agree to 1e-3 of their errors.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeExpectation } from "../../src/expectation.js";
import { Fitter, alternativeModel } from "../../src/inference/fit.js";
import { FastSignal, fastPathUnsupported } from "../../src/inference/fast/fastSignal.js";
import { fitModel } from "../../src/inference/model.js";
import { toySpec } from "../../src/sampling/spec.js";
import { ToyGenerator } from "../../src/sampling/toys.js";
import { loadScenario, resolveScenario, validateScenario } from "../../src/scenario/load.js";
import { arbMassEv, arbPhaseDeg, fastPathScenarios, withPhysics } from "../helpers/fastPath.js";

/** The accuracy contract of the fast path, relative per bin. */
const CONTRACT = 1e-6;

/** The largest |fast / exact - 1| over bins (a bin exactly 0 in one must be 0 in the other). */
function worstRelative(fast: Float64Array, exact: Float64Array): number {
  let worst = 0;
  for (let k = 0; k < exact.length; k++) {
    const r = exact[k] === 0 ? (fast[k] === 0 ? 0 : Infinity) : Math.abs(fast[k] / exact[k] - 1);
    worst = Math.max(worst, r);
  }
  return worst;
}

describe("the fast signal equals the exact one", () => {
  it("within 1e-6 relative in every bin, over arbitrary scenarios, masses and phases", () => {
    const scenarios = fastPathScenarios(12);
    const mass = arbMassEv;
    const phase = arbPhaseDeg;
    fc.assert(
      fc.property(
        scenarios,
        fc.array(fc.tuple(mass, phase, phase), { minLength: 1, maxLength: 4 }),
        (s, points) => {
          const table = computeExpectation(s);
          const fast = new FastSignal(s, table);
          const out = new Float64Array(table.muSignal.length);
          for (const [m0, a21, a31] of points) {
            const at = withPhysics(s, m0, a21, a31);
            fast.muSignal(at, out);
            expect(worstRelative(out, computeExpectation(at).muSignal)).toBeLessThanOrEqual(
              CONTRACT,
            );
          }
        },
      ),
      { numRuns: 12, seed: 2112 },
    );
  });

  it("at m0 = 0, on the crossings of thresholds and bin edges, and past every threshold", () => {
    const s = loadScenario("yb-majorana-normal");
    const table = computeExpectation(s);
    const fast = new FastSignal(s, table);
    const out = new Float64Array(table.muSignal.length);
    // omega_11 = E_eg/2 - 2 m0^2 / E_eg equals a bin edge at m0 = sqrt(E_eg (E_eg/2 - edge) / 2).
    const eeg = table.physics.atom.eegEv;
    const crossing = Math.sqrt((eeg * (eeg / 2 - table.scan.hiEv[60])) / 2);
    for (const m0 of [0, crossing, crossing * (1 + 1e-12), 0.2, 10]) {
      const at = withPhysics(s, m0, 30, 250);
      fast.muSignal(at, out);
      expect(worstRelative(out, computeExpectation(at).muSignal)).toBeLessThanOrEqual(CONTRACT);
    }
    // Past every threshold the signal is exactly 0.
    fast.muSignal(withPhysics(s, 10, 0, 0), out);
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it("equals the exact table at the scenario's own physics, to rounding (it is anchored there)", () => {
    const s = loadScenario("yb-dirac-inverted");
    const table = computeExpectation(s);
    const out = new Float64Array(table.muSignal.length);
    new FastSignal(s, table).muSignal(s, out);
    // Scaled by exact / fast: equal to rounding (a few ulps).
    expect(worstRelative(out, table.muSignal)).toBeLessThanOrEqual(1e-15);
  });

  it("names what it cannot serve", () => {
    const base = loadScenario("yb-majorana-normal");
    const variant = (experiment: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const s = resolveScenario(
        validateScenario({
          ...base,
          experiment: { ...base.experiment, ...experiment },
          ...extra,
        }),
      );
      return fastPathUnsupported(s, computeExpectation(s));
    };
    expect(variant({})).toBeUndefined();
    expect(variant({ laserLinewidthEv: 1e-6 })).toMatch(/laser/);
    expect(variant({ eta: { omegaEv: [1.0685, 1.0718], value: [1, 0.5] } })).toMatch(/eta/);
    expect(
      variant(
        {},
        {
          bsm: {
            vectorMediator: {
              massEv: 1,
              gE: 1e-3,
              gNuL: [
                [1e-3, 0, 0],
                [0, 1e-3, 0],
                [0, 0, 1e-3],
              ],
            },
          },
        },
      ),
    ).toMatch(/BSM/);
  });
});

describe("the fast path's mass derivatives", () => {
  it("agree with central differences of the exact expectation (1e-4 of the largest)", () => {
    const s = loadScenario("yb-majorana-normal");
    const fast = fitModel(s);
    const exact = fitModel(s, { exact: true });
    const i = fast.index("lightestMassEv");
    // Away from thresholds crossing bin edges, where the curvature diverges as X^(-1/2).
    for (const m0 of [0.003, 0.03]) {
      const values = fast.nominal();
      values[i] = m0;
      const [a, b] = [fast, exact].map((model) => {
        const mu = new Float64Array(model.bins);
        const out = [new Float64Array(model.bins)];
        const second = [new Float64Array(model.bins)];
        model.evaluate(values, mu, { of: [i], out, second });
        return { slope: out[0], curvature: second[0] };
      });
      for (const key of ["slope", "curvature"] as const) {
        const largest = Math.max(...b[key].map(Math.abs));
        b[key].forEach((v, k) =>
          expect(Math.abs(a[key][k] - v)).toBeLessThanOrEqual(1e-4 * largest),
        );
      }
    }
  });
});

describe("fits through the fast path and the exact one agree", () => {
  it("floating signalNorm and lightestMassEv, and the ordering test, to 1e-3 of the errors", () => {
    // The reference scenario with 400x its exposure: ~250 signal events, a mass fit with errors.
    const reference = loadScenario("yb-majorana-normal");
    const scan = reference.experiment.scan as { exposurePerBinS: number };
    const s = resolveScenario(
      validateScenario({
        ...reference,
        experiment: {
          ...reference.experiment,
          scan: { ...scan, exposurePerBinS: 400 * scan.exposurePerBinS },
        },
      }),
    );
    const config = { float: ["signalNorm", "lightestMassEv"] };
    const models = [fitModel(s), fitModel(s, { exact: true })];
    const fitters = models.map((m) => new Fitter(m, config));
    const alternatives = models.map(
      (m, i) => new Fitter(alternativeModel(m, "ordering", i ? { exact: true } : {}), config),
    );
    const toys = 4;
    const block = new ToyGenerator(toySpec(models[1].table, { truth: false })).generate(0, toys);
    for (let t = 0; t < toys; t++) {
      const n = block.nObs.subarray(t * models[1].bins, (t + 1) * models[1].bins);
      const [fast, exact] = fitters.map((f) => f.fit(n));
      expect(fast.status).toBe(exact.status);
      expect(exact.status).toBe("ok");
      for (let j = 0; j < 2; j++)
        expect(Math.abs(fast.values[j] - exact.values[j])).toBeLessThanOrEqual(
          1e-3 * exact.errors[j],
        );
      const [fastAlt, exactAlt] = alternatives.map((f) => f.fit(n));
      expect(Math.abs(fastAlt.deviance - exactAlt.deviance)).toBeLessThanOrEqual(1e-3);
    }
  });
});
