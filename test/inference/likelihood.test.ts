/**
 * The Poisson deviance and the constraint terms against independent forms: -2 ln of Poisson
 * probability ratios (sampling/poisson.ts's log pmf) and of the priors' densities; the
 * likelihood's analytic gradient against finite differences.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  constraintTerm,
  poissonDeviance,
  PoissonLikelihood,
} from "../../src/inference/likelihood.js";
import { fitModel } from "../../src/inference/model.js";
import { logPoissonPmf } from "../../src/sampling/poisson.js";
import { loadScenario, resolveScenario, validateScenario } from "../../src/scenario/load.js";

describe("poissonDeviance", () => {
  it("is -2 ln [P(n | mu) / P(n | n)] summed over bins", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 1000 }),
            fc.double({ min: 1e-3, max: 2000, noNaN: true }),
          ),
          { minLength: 1, maxLength: 20 },
        ),
        (bins) => {
          const n = bins.map(([k]) => k);
          const mu = bins.map(([, m]) => m);
          const expected = bins.reduce(
            (s, [k, m]) => s - 2 * (logPoissonPmf(k, m) - logPoissonPmf(k, k)),
            0,
          );
          expect(poissonDeviance(n, mu)).toBeCloseTo(expected, 6);
        },
      ),
    );
  });

  it("handles n = 0 (2 mu) and mu = 0 (0 with n = 0, +Infinity with n > 0)", () => {
    expect(poissonDeviance([0, 0], [1.5, 0])).toBe(3);
    expect(poissonDeviance([1], [0])).toBe(Infinity);
    expect(() => poissonDeviance([1, 2], [1])).toThrow(/mismatch/);
  });
});

describe("constraintTerm", () => {
  const gaussian = {
    name: "g",
    parameter: "signalNorm",
    prior: { distribution: "gaussian", sigma: 0.1 },
  } as const;
  const lognormal = {
    name: "l",
    parameter: "signalNorm",
    prior: { distribution: "lognormal", sigma: 0.2 },
  } as const;
  const uniform = {
    name: "u",
    parameter: "signalNorm",
    prior: { distribution: "uniform", min: 0.5, max: 2 },
  } as const;

  it("is -2 ln of the prior density ratio to its mode (gaussian in theta, gaussian in ln theta)", () => {
    const normalLog = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2;
    for (const theta of [0.3, 0.9, 1, 1.4]) {
      expect(constraintTerm(gaussian, 1, theta).value).toBeCloseTo(
        -2 * normalLog(theta, 1, 0.1),
        12,
      );
      expect(constraintTerm(lognormal, 1, theta).value).toBeCloseTo(
        -2 * normalLog(Math.log(theta), 0, 0.2),
        12,
      );
      expect(constraintTerm(uniform, 1, theta).value).toBe(0);
    }
    expect(constraintTerm(lognormal, 1, 0).value).toBe(Infinity);
  });

  it("has the derivatives of its value", () => {
    for (const s of [gaussian, lognormal])
      for (const theta of [0.5, 1.2]) {
        const h = 1e-6;
        const c = constraintTerm(s, 1, theta);
        const up = constraintTerm(s, 1, theta + h);
        const down = constraintTerm(s, 1, theta - h);
        expect(c.d1).toBeCloseTo((up.value - down.value) / (2 * h), 5);
        expect(c.d2).toBeCloseTo((up.d1 - down.d1) / (2 * h), 4);
      }
  });
});

describe("PoissonLikelihood", () => {
  it("has the gradient of its value (finite differences), with a constraint", () => {
    const base = loadScenario("yb-majorana-normal");
    const scenario = resolveScenario(
      validateScenario({
        ...base,
        backgrounds: [{ kind: "flat", name: "flat", ratePerS: 1e-4, applyEfficiency: true }],
        systematics: [
          {
            name: "bkg",
            parameter: "backgroundNorm",
            background: "flat",
            prior: { distribution: "lognormal", sigma: 0.3 },
          },
        ],
      }),
    );
    const model = fitModel(scenario);
    const floated = ["signalNorm", "backgroundNorm:flat", "efficiencyScale"].map((n) =>
      model.index(n),
    );
    const mu = new Float64Array(model.bins);
    model.evaluate(model.nominal(), mu);
    const counts = Array.from(mu, (m, k) => Math.round(m * (1 + 0.3 * Math.sin(k))));
    const like = new PoissonLikelihood(model, counts, floated, model.nominal());
    const x = Float64Array.from([1.2, 0.8, 0.9]);
    const g = new Float64Array(3);
    like.evaluate(x, g, new Float64Array(9));
    for (let j = 0; j < 3; j++) {
      const h = 1e-6;
      const up = Float64Array.from(x);
      up[j] += h;
      const down = Float64Array.from(x);
      down[j] -= h;
      expect(g[j]).toBeCloseTo((like.value(up) - like.value(down)) / (2 * h), 3);
    }
  });

  it("moved to other fixed values (moveTo), gives a fresh likelihood's numbers to the last bit", () => {
    // The global search moves one likelihood over its grid (global.ts): D, gradient and Hessian
    // must be those of one built there, with the held parameter's constraint at its new value.
    const base = loadScenario("yb-majorana-normal");
    const scenario = resolveScenario(
      validateScenario({
        ...base,
        backgrounds: [{ kind: "flat", name: "flat", ratePerS: 1e-4, applyEfficiency: true }],
        systematics: [
          {
            name: "bkg",
            parameter: "backgroundNorm",
            background: "flat",
            prior: { distribution: "lognormal", sigma: 0.3 },
          },
        ],
      }),
    );
    const model = fitModel(scenario);
    const floated = [model.index("signalNorm")];
    const mu = new Float64Array(model.bins);
    model.evaluate(model.nominal(), mu);
    const counts = Array.from(mu, (m, k) => Math.round(m * (1 + 0.3 * Math.sin(k))));
    const at = (background: number) => {
      const fixed = model.nominal();
      fixed[model.index("backgroundNorm:flat")] = background;
      return fixed;
    };
    for (const linear of [true, false]) {
      const moved = new PoissonLikelihood(model, counts, floated, at(1), { linear });
      moved.value([0.7]);
      for (const background of [1.4, 0.6]) {
        moved.moveTo(at(background));
        const fresh = new PoissonLikelihood(model, counts, floated, at(background), { linear });
        for (const x of [1.3, 0.9]) {
          const [g1, h1, g2, h2] = [1, 1, 1, 1].map(() => new Float64Array(1));
          expect(moved.evaluate([x], g1, h1)).toBe(fresh.evaluate([x], g2, h2));
          expect([g1[0], h1[0]]).toEqual([g2[0], h2[0]]);
          expect(moved.value([x])).toBe(fresh.value([x]));
        }
      }
    }
  });
});
