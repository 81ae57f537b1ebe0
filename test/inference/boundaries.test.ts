/**
 * Boundaries. With the `negativeSignal` option signalNorm may go below 0 while
 * every bin's mean stays >= 0 (docs/fitting.md, "Boundaries"); without it the fit stops at 0 and
 * says so (`at-bound`), with a finite error. Scenario: yb-backgrounds at its own exposure (one day
 * a bin), signalNorm and the dark count's norm floated: a signal the backgrounds nearly mimic, so
 * the bounded fit sits at 0 in many toys (227 of 400 with the file's transverse projection).
 */
import { describe, expect, it } from "vitest";
import { Fitter } from "../../src/inference/fit.js";
import { fitModel } from "../../src/inference/model.js";
import { toySpec } from "../../src/sampling/spec.js";
import { ToyGenerator } from "../../src/sampling/toys.js";
import { loadScenario } from "../../src/scenario/load.js";

const TOYS = 400;
const FLOAT = ["signalNorm", "backgroundNorm:dark"];

describe("the signalNorm bound, kept or removed", () => {
  const scenario = loadScenario("yb-backgrounds");
  const bounded = fitModel(scenario);
  const free = fitModel(scenario, { negativeSignal: true });
  const bins = bounded.bins;
  const block = new ToyGenerator(toySpec(bounded.table, { truth: false })).generate(0, TOYS);
  const fitB = new Fitter(bounded, { float: FLOAT });
  const fitF = new Fitter(free, { float: FLOAT });
  const mu = new Float64Array(bins);

  it("bounded fits at 0 are flagged at-bound with finite errors; negative fits keep every mean >= 0 and fit at least as well", () => {
    let atZero = 0;
    let negative = 0;
    for (let t = 0; t < TOYS; t++) {
      const n = block.nObs.subarray(t * bins, (t + 1) * bins);
      const b = fitB.fit(n);
      const f = fitF.fit(n);
      expect(b.errors.every(Number.isFinite)).toBe(true);
      expect(f.errors.every(Number.isFinite)).toBe(true);
      if (b.values[0] === 0) {
        atZero++;
        expect(b.status).toBe("at-bound");
      }
      if (f.values[0] < 0) negative++;
      // The wider range can only lower the minimum; where the bound is not reached it is the same fit.
      expect(f.deviance).toBeLessThanOrEqual(b.deviance + 1e-6);
      if (b.values[0] > 0) expect(Math.abs(f.deviance - b.deviance)).toBeLessThan(1e-6);
      const point = free.nominal();
      FLOAT.forEach((name, j) => (point[free.index(name)] = f.values[j]));
      free.evaluate(point, mu);
      expect(Math.min(...mu)).toBeGreaterThanOrEqual(0);
    }
    expect(atZero).toBeGreaterThan(0);
    expect(negative).toBe(atZero);
  });
});
