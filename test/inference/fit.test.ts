/**
 * Fits of the model the toys are drawn from: the Asimov data return the truth, and over toys of
 * the reference scenario (plus a flat background) the pulls, the profile intervals' coverage and
 * the likelihood-ratio statistic behave as asymptotic theory says (S. S. Wilks, Ann. Math. Stat. 9
 * (1938) 60; docs/fitting.md).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Fitter, testAlternative } from "../../src/inference/fit.js";
import { fitModel } from "../../src/inference/model.js";
import { chiSquareSf } from "../../src/numerics/stats.js";
import { toySpec } from "../../src/sampling/spec.js";
import { ToyGenerator } from "../../src/sampling/toys.js";
import { loadScenario, resolveScenario, validateScenario } from "../../src/scenario/load.js";
import type { ResolvedScenario } from "../../src/scenario/load.js";
import { ksUniform } from "../../src/testing/index.js";

/** The reference scenario with a flat background (and optional systematics). */
function withBackground(ratePerS: number, extra: Record<string, unknown> = {}): ResolvedScenario {
  const base = loadScenario("yb-majorana-normal");
  return resolveScenario(
    validateScenario({
      ...base,
      backgrounds: [{ kind: "flat", name: "flat", ratePerS }],
      ...extra,
    }),
  );
}

describe("Asimov fits return the truth", () => {
  const scenario = withBackground(1e-4, {
    systematics: [
      {
        name: "offset",
        parameter: "omegaOffsetEv",
        prior: { distribution: "gaussian", sigma: 1e-5 },
      },
    ],
  });
  const model = fitModel(scenario);
  const asimov = new Float64Array(model.bins);
  model.evaluate(model.nominal(), asimov);

  it.each([
    [["signalNorm", "backgroundNorm:flat"]],
    [["signalNorm", "backgroundNorm:flat", "omegaOffsetEv"]],
    [["lightestMassEv", "signalNorm"]],
  ])("floating %j from a displaced start", (float) => {
    const fitter = new Fitter(model, { float });
    const truth = float.map((n) => model.nominal()[model.index(n)]);
    const start = float.map((n, j) => (n === "omegaOffsetEv" ? 5e-6 : truth[j] * 1.2));
    const r = fitter.fit(asimov, start);
    expect(r.status).toBe("ok");
    expect(r.deviance).toBeLessThan(1e-9); // Delta chi2 = 0 at the truth
    float.forEach((_, j) => {
      const pull = (r.values[j] - truth[j]) / r.errors[j];
      expect(Math.abs(pull)).toBeLessThan(1e-6);
      if (truth[j] !== 0) expect(Math.abs(r.values[j] / truth[j] - 1)).toBeLessThan(1e-6);
    });
  });

  it("the true ordering fits with Delta chi2 = 0, the other one worse (q > 0)", () => {
    const t = testAlternative(
      scenario,
      asimov,
      { float: ["lightestMassEv", "signalNorm"] },
      "ordering",
      { model },
    );
    expect(t.fit.deviance).toBeLessThan(1e-9);
    expect(t.q).toBeGreaterThan(0);
    expect(t.alternativeFit.status).not.toBe("not-converged");
  });
});

describe("toys of the reference scenario with signalNorm and backgroundNorm:flat floated", () => {
  // Ten days a bin and 1e-4 /s of flat background: ~1150 signal and ~5700 background events a
  // toy. The signal is nearly flat across the scan, so the two norms correlate (-0.96) and the
  // signal's error is 0.24: 4 errors from its bound 0, where the asymptotic statements apply.
  const base = loadScenario("yb-majorana-normal");
  const scenario = withBackground(1e-4, {
    seed: 9,
    experiment: {
      ...base.experiment,
      // The counts above are the literature's isotropic projection (the transverse one has ~1/60).
      spinProjection: "isotropic",
      scan: { ...base.experiment.scan, exposurePerBinS: 10 * 86400 },
    },
  });
  const model = fitModel(scenario);
  const TOYS = 1000;
  const generator = new ToyGenerator(toySpec(model.table, { truth: false }));
  const block = generator.generate(0, TOYS);
  const bins = model.bins;
  const fitter = new Fitter(model, { float: ["signalNorm", "backgroundNorm:flat"] });
  const nested = new Fitter(model, { float: ["backgroundNorm:flat"] });
  const pulls: number[][] = [[], []];
  const q: number[] = [];
  let cover68 = 0;
  let cover95 = 0;
  let failed = 0;
  beforeAll(() => {
    for (let t = 0; t < TOYS; t++) fitToy(t);
  });
  function fitToy(t: number): void {
    const counts = block.nObs.subarray(t * bins, (t + 1) * bins);
    const r = fitter.fit(counts);
    if (r.status !== "ok") failed++;
    r.values.forEach((v, j) => pulls[j].push((v - 1) / r.errors[j]));
    const i68 = fitter.interval(counts, "signalNorm", 1, r);
    const i95 = fitter.interval(counts, "signalNorm", 3.841458820694124, r);
    if (i68.lower <= 1 && 1 <= i68.upper) cover68++;
    if (i95.lower <= 1 && 1 <= i95.upper) cover95++;
    q.push(Math.max(0, nested.fit(counts).deviance - r.deviance));
  }

  it("every fit converges", () => expect(failed).toBe(0));

  // Mean of 1000 N(0,1) pulls: standard error 0.032, so +-0.1 is 3.2 sigma (false failure 1.6e-3);
  // their standard deviation: standard error 1/sqrt(2 N) = 0.022, +-0.1 is 4.5 sigma (7e-6).
  it.each([0, 1])("pulls of parameter %i have mean 0 +- 0.1 and width 1 +- 0.1", (j) => {
    const p = pulls[j];
    const mean = p.reduce((a, b) => a + b, 0) / p.length;
    const width = Math.sqrt(p.reduce((a, b) => a + (b - mean) ** 2, 0) / (p.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(width - 1)).toBeLessThan(0.1);
  });

  // Binomial standard errors sqrt(p (1 - p) / N): 0.0147 (68.27%), 0.0069 (95%); each bound of
  // 3 of them fails with probability 0.0027 when the coverage is exact.
  it("68.27% and 95% profile intervals of signalNorm cover within 3 binomial standard errors", () => {
    for (const [covered, level] of [
      [cover68, 0.6826894921370859],
      [cover95, 0.95],
    ]) {
      const se = Math.sqrt((level * (1 - level)) / TOYS);
      expect(Math.abs(covered / TOYS - level)).toBeLessThan(3 * se);
    }
  });

  // Wilks: -2 Delta ln L of signalNorm = 1 (true) against it floated is chi2(1); the KS test
  // fails with probability 1e-3 when it is.
  it("-2 Delta ln L of the nested test signalNorm = 1 follows chi2(1) (KS p > 1e-3)", () => {
    const u = q.map((v) => chiSquareSf(v, 1));
    expect(ksUniform(u).p).toBeGreaterThan(1e-3);
  });
});
