/**
 * A fit floating lightestMassEv ends in the global minimum. The thresholds make
 * D multimodal in the mass (docs/fitting.md, "Global strategy"); the fit searches a mass grid
 * before the local minimiser (global.ts). The reference is independent of that search: a fine
 * profile over the mass (D minimised over the normalisations at each of 281 masses), computed
 * here; the fit must end within 0.01 of its minimum (it can end below: the profile is a grid).
 *
 * Scenario: the reference scenario, a flat background of 2e-5 /s, signalNorm with a gaussian prior
 * (sigma 0.1) and the background norm a lognormal one (sigma 0.3); 40 toys of its seed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Fitter } from "../../src/inference/fit.js";
import { fitModel } from "../../src/inference/model.js";
import { toySpec } from "../../src/sampling/spec.js";
import { ToyGenerator } from "../../src/sampling/toys.js";
import { flatBackgroundWithPriors } from "../helpers/inference.js";

const TOYS = 40;
const NORMS = ["signalNorm", "backgroundNorm:flat"];

describe("lightestMassEv fits reach the global minimum", () => {
  const scenario = flatBackgroundWithPriors();
  const model = fitModel(scenario);
  const bins = model.bins;
  const block = new ToyGenerator(toySpec(model.table, { truth: false })).generate(0, TOYS);
  const toy = (t: number) => block.nObs.subarray(t * bins, (t + 1) * bins);

  // The fine profile: 0 to 60 meV every 0.25 meV, then 40 log steps to 0.3 eV.
  const masses = [
    ...Array.from({ length: 241 }, (_, k) => 0.00025 * k),
    ...Array.from({ length: 40 }, (_, k) => 0.06 * Math.pow(5, (k + 1) / 40)),
  ];
  const profileMin = new Float64Array(TOYS).fill(Infinity);
  // Long loops yield to the event loop now and then, so vitest's worker stays responsive.
  const yieldNow = () => new Promise((resolve) => setImmediate(resolve));
  beforeAll(async () => {
    for (const m of masses) {
      const fitter = new Fitter(model, { float: NORMS, fix: { lightestMassEv: m } });
      for (let t = 0; t < TOYS; t++)
        profileMin[t] = Math.min(profileMin[t], fitter.fit(toy(t)).deviance);
      await yieldNow();
    }
  }, 1_800_000);

  it("every fit ends within 0.01 in 2nll of the fine profile's minimum, none 'ok' above it", async () => {
    const fitter = new Fitter(model, { float: ["lightestMassEv", ...NORMS] });
    const above: string[] = [];
    for (let t = 0; t < TOYS; t++) {
      await yieldNow();
      const r = fitter.fit(toy(t));
      if (r.deviance > profileMin[t] + 0.01)
        above.push(`toy ${t}: ${r.status} ${r.deviance} > ${profileMin[t]}`);
    }
    expect(above).toEqual([]);
  }, 1_800_000);
});
