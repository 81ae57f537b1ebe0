/**
 * Every constraint term stays in every fit. A parameter held fixed (a profile
 * point, an interval end, `--fix`, the nested fit of a test statistic) keeps its prior's term
 * (docs/fitting.md, "Likelihood"), so -2 Delta ln L of a fixed value away from the prior's centre
 * includes ((value - 1) / sigma)^2 of a gaussian prior.
 *
 * The scenario of the issue: the reference scenario plus a flat background of 2e-5 /s, signalNorm
 * with a gaussian prior sigma 0.1, the flat background's norm a lognormal prior sigma 0.3; toy 3
 * of the scenario's seed. The reference is an independent minimisation: the deviance written out
 * here from docs/fitting.md (Baker & Cousins 1984, eq. 7, plus the two constraint terms) with the
 * generator's component means, minimised by golden-section search.
 */
import { describe, expect, it } from "vitest";
import { Fitter } from "../../src/inference/fit.js";
import { fitModel } from "../../src/inference/model.js";
import { toySpec } from "../../src/sampling/spec.js";
import { ToyGenerator } from "../../src/sampling/toys.js";
import { FLAT_SIGMA, flatBackgroundWithPriors, SIGNAL_SIGMA } from "../helpers/inference.js";

/** Minimum of a unimodal f on [a, b] by golden-section search (Kiefer 1953), to 1e-10. */
function goldenMin(f: (x: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > 1e-10) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = f(d);
    }
  }
  return Math.min(fc, fd);
}

describe("a fixed parameter keeps its constraint", () => {
  const scenario = flatBackgroundWithPriors();
  const model = fitModel(scenario);
  const spec = toySpec(model.table, { truth: false });
  const [signal, flat] = spec.components.map((c) => c.mu);
  const bins = model.bins;
  const n = new ToyGenerator(spec).generate(0, 4).nObs.subarray(3 * bins, 4 * bins);

  /** D(s, b) of docs/fitting.md, written out: Poisson deviance plus both constraint terms. */
  const deviance = (s: number, b: number) => {
    let d = 0;
    for (let k = 0; k < bins; k++) {
      const mu = s * signal[k] + b * flat[k];
      d += 2 * (mu - n[k] + (n[k] > 0 ? n[k] * Math.log(n[k] / mu) : 0));
    }
    return d + ((s - 1) / SIGNAL_SIGMA) ** 2 + (Math.log(b) / FLAT_SIGMA) ** 2;
  };
  const profiled = (s: number) => goldenMin((b) => deviance(s, b), 0.05, 5);

  const fitter = new Fitter(model, { float: ["signalNorm", "backgroundNorm:flat"] });
  const best = fitter.fit(n);
  const reference = goldenMin(profiled, 0.3, 1.7);

  it("the best fit is the independent minimum", () => {
    expect(best.status).toBe("ok");
    expect(best.deviance).toBeCloseTo(reference, 6);
  });

  it("2 Delta nll with signalNorm fixed at 0.5 includes ((0.5 - 1) / 0.1)^2 = 25", () => {
    const expected = profiled(0.5) - reference;
    const [point] = fitter.profile(n, "signalNorm", [0.5], best);
    expect(point.deltaDeviance).toBeCloseTo(expected, 5);
    const fixedFit = new Fitter(model, {
      float: ["backgroundNorm:flat"],
      fix: { signalNorm: 0.5 },
    }).fit(n);
    expect(fixedFit.deviance - best.deviance).toBeCloseTo(expected, 5);
    // Without the constraint the fixed fit is lower by exactly ((0.5 - 1) / 0.1)^2 = 25.
    const unconstrained = goldenMin((b) => deviance(0.5, b), 0.05, 5) - 25;
    expect(expected - (unconstrained - reference)).toBeCloseTo(25, 9);
  });

  it("the profile is >= 0 everywhere and the 68% interval straddles the fit by ~1 error", () => {
    const values = [0.5, 0.7, 0.8, 0.9, 1, 1.1, 1.3];
    for (const p of fitter.profile(n, "signalNorm", values, best))
      expect(p.deltaDeviance).toBeGreaterThan(-1e-9);
    const i = fitter.interval(n, "signalNorm", 1, best);
    const [value, error] = [best.values[0], best.errors[0]];
    expect(i.lower).toBeLessThan(value);
    expect(i.upper).toBeGreaterThan(value);
    // Nearly gaussian here: each end within 20% of an error of value -+ error.
    expect(Math.abs(value - error - i.lower)).toBeLessThan(0.2 * error);
    expect(Math.abs(value + error - i.upper)).toBeLessThan(0.2 * error);
    expect(profiled(i.lower) - reference).toBeCloseTo(1, 3);
    expect(profiled(i.upper) - reference).toBeCloseTo(1, 3);
  });
});
