/**
 * The expectation table against independent mpmath values (test/fixtures/reference.py, 30 digits):
 * scans (bins, edges, points), laser line, efficiency and eta tables, and every background kind.
 */
import fc from "fast-check";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeExpectation } from "../../src/expectation.js";
import { resolveScenario, validateScenario } from "../../src/scenario/load.js";
import { GAUSS_CUT_SIGMAS } from "../../src/experiment/linewidth.js";
import { arbExpectation } from "../../src/testing/index.js";
import { FIXTURES_DIR, readJson, relativeError } from "../helpers/fixtures.js";

const reference = readJson(join(FIXTURES_DIR, "experiment-reference.json"));
const TOLERANCE = 1e-10;
/**
 * Far Gaussian tails reach 1e-318 and below, where doubles are denormal and carry no digits:
 * below 1e-15 of the column's largest value the comparison is absolute.
 */
const FLOOR_OF_COLUMN_MAX = 1e-15;

describe.each(reference.cases as any[])("$name against mpmath", (testCase) => {
  const table = computeExpectation(resolveScenario(validateScenario(testCase.scenario)));

  it("Gamma_0 and thresholds", () => {
    expect(relativeError(table.physics.gamma0PerS, testCase.gamma0PerS)).toBeLessThan(1e-12);
    testCase.thresholdsEv.forEach((t: number, k: number) =>
      expect(Math.abs(table.physics.spectrum.thresholdsEv[k] - t)).toBeLessThanOrEqual(1e-15),
    );
  });

  it(`every column per bin to ${TOLERANCE} relative (absolute below ${FLOOR_OF_COLUMN_MAX} of the column's maximum)`, () => {
    const columns: [string, Float64Array][] = [
      ["loEv", table.scan.loEv],
      ["hiEv", table.scan.hiEv],
      ["omegaEv", table.scan.centerEv],
      ["exposureS", table.scan.exposureS],
      ["efficiency", table.efficiency],
      ["rateSignalPerS", table.signalRatePerS],
      ["muSignal", table.muSignal],
      ...table.backgrounds.map((b): [string, Float64Array] => [`mu_bkg_${b.name}`, b.mu]),
    ];
    const referenceKeys = Object.keys(testCase.bins[0]).sort();
    expect(columns.map(([k]) => k).sort()).toEqual(referenceKeys);
    for (const [key, ours] of columns) {
      const floor =
        FLOOR_OF_COLUMN_MAX * Math.max(...testCase.bins.map((bin: any) => Math.abs(bin[key])));
      testCase.bins.forEach((bin: any, k: number) => {
        const ref = bin[key];
        expect(Math.abs(ours[k] - ref), `${key}[${k}] = ${ours[k]} vs ${ref}`).toBeLessThanOrEqual(
          TOLERANCE * Math.abs(ref) + floor,
        );
      });
    }
  });
});

describe("integration consistency", () => {
  const base = reference.cases.find(
    (c: any) => c.name === "yb-majorana-normal-backgrounds",
  ).scenario;
  const tableFor = (edgesEv: number[], linewidthEv: number) =>
    computeExpectation(
      resolveScenario(
        validateScenario({
          ...base,
          experiment: {
            ...base.experiment,
            laserLinewidthEv: linewidthEv,
            scan: { edgesEv, exposurePerBinS: 1 },
          },
          detector: { efficiency: 1 },
        }),
      ),
    );

  it("splitting a bin in two leaves its width-weighted total unchanged (signal and every background)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.066, max: 1.0716, noNaN: true }),
        fc.double({ min: 1e-6, max: 2e-3, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.constantFrom(0, 1e-5),
        (lo, width, cut, linewidth) => {
          const hi = lo + width;
          const mid = lo + cut * (hi - lo);
          const whole = tableFor([lo, hi], linewidth);
          const halves = tableFor([lo, mid, hi], linewidth);
          const check = (w: Float64Array, h: Float64Array) => {
            const split = (h[0] * (mid - lo) + h[1] * (hi - mid)) / (hi - lo);
            // Absolute floor 1e-25 counts (exposure 1 s): far Gaussian tails underflow to denormals.
            expect(Math.abs(split - w[0])).toBeLessThanOrEqual(1e-11 * Math.abs(w[0]) + 1e-25);
          };
          check(whole.muSignal, halves.muSignal);
          whole.backgrounds.forEach((b, k) => check(b.mu, halves.backgrounds[k].mu));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("properties over arbitrary scenarios (renp/testing's arbExpectation, BSM terms included)", () => {
  it("every column finite, counts non-negative, efficiency in [0, 1], no signal above E_eg/2", () => {
    fc.assert(
      // Bins and edges only: scan points under a narrow laser line cost ~0.25 s each (measured).
      fc.property(
        arbExpectation({ bsm: true, bins: { max: 6 }, scanModes: ["bins", "edges"] }),
        (e) => {
          const halfEv = e.physics.atom.eegEv / 2;
          const reachEv = GAUSS_CUT_SIGMAS * e.scan.laserLinewidthEv;
          for (const [name, values] of Object.entries(e.columns)) {
            for (const v of values) expect(Number.isFinite(v), name).toBe(true);
            if (name.startsWith("mu_")) for (const v of values) expect(v).toBeGreaterThanOrEqual(0);
          }
          for (const v of e.efficiency) expect(v >= 0 && v <= 1).toBe(true);
          // Every pair threshold omega_ij lies at or below E_eg/2 (docs/physics): a window wholly
          // above it sees no signal, whatever the couplings.
          e.scan.loEv.forEach((lo, k) => {
            if (lo - reachEv > halfEv) expect(e.muSignal[k]).toBe(0);
          });
        },
      ),
      { numRuns: 15 },
    );
  });
});
