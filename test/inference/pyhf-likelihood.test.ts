/**
 * The exported pyhf workspace is renp's likelihood. The workspace's likelihood
 * is evaluated here as pyhf defines it (pyhf's Likelihood Specification: main Poisson terms of
 * sum over samples of (counts + histosys deltas) x normfactors x lumi x normsys factors; normsys
 * with interpcode code1, factor hi^alpha (alpha >= 0) or lo^-alpha; histosys with code0, delta
 * alpha (hi - nominal) or alpha (nominal - lo); a N(0, 1) constraint per normsys/histosys alpha,
 * N(1, sigma) for lumi; each parameter inside the measurement's bounds, else pyhf's defaults:
 * [0, 10] for a normfactor, [-5, 5] for alpha), not by renp's code, and minimised; its MLE and q0
 * must equal renp's fit to 2e-4.
 *
 * The case: the reference scenario (isotropic spin projection) with a free signal, a flat "dark"
 * background with a lognormal prior (sigma 0.05) and a flat "stray" one with a gaussian prior
 * (sigma 0.1); the data a toy of the same scenario with the dark rate 1.5x, 8 sigma of its prior,
 * so the background-only fit pulls the nuisances beyond pyhf's default +-5. (Real pyhf, run from
 * its source on the same case, gives the same: docs/downstream.md.)
 */
import { describe, expect, it } from "vitest";
import { computeExpectation } from "../../src/expectation.js";
import { Fitter } from "../../src/inference/fit.js";
import { minimize } from "../../src/inference/minimize.js";
import { fitModel } from "../../src/inference/model.js";
import { pyhfWorkspace, type PyhfWorkspace } from "../../src/inference/pyhf.js";
import { toySpec } from "../../src/sampling/spec.js";
import { ToyGenerator } from "../../src/sampling/toys.js";
import { loadScenario, resolveScenario, validateScenario } from "../../src/scenario/load.js";

const DARK_SIGMA = 0.05;
const STRAY_SIGMA = 0.1;

function scenarioWithDark(darkRatePerS: number) {
  const base = loadScenario("yb-majorana-normal");
  return resolveScenario(
    validateScenario({
      ...base,
      // The isotropic projection: ~115 signal events (the transverse default gives ~0.6).
      experiment: { ...base.experiment, spinProjection: "isotropic" },
      backgrounds: [
        { kind: "flat", name: "dark", ratePerS: darkRatePerS },
        { kind: "flat", name: "stray", ratePerS: 5e-5 },
      ],
      systematics: [
        {
          name: "dark_norm",
          parameter: "backgroundNorm",
          background: "dark",
          prior: { distribution: "lognormal", sigma: DARK_SIGMA },
        },
        {
          name: "stray_norm",
          parameter: "backgroundNorm",
          background: "stray",
          prior: { distribution: "gaussian", sigma: STRAY_SIGMA },
        },
      ],
    }),
  );
}

/** -2 ln L of a pyhf workspace (constants dropped) as a function of its parameters, with bounds. */
function pyhfLikelihood(ws: PyhfWorkspace) {
  const channel = ws.channels[0];
  const observed = ws.observations[0].data;
  const names: string[] = [];
  const kinds = new Map<string, string>();
  for (const s of channel.samples)
    for (const m of s.modifiers)
      if (!kinds.has(m.name)) {
        kinds.set(m.name, m.type);
        names.push(m.name);
      }
  const config = new Map(ws.measurements[0].config.parameters.map((p) => [p.name, p]));
  const defaults: Record<string, [number, number]> = {
    normfactor: [0, 10],
    normsys: [-5, 5],
    histosys: [-5, 5],
  };
  const bounds = names.map((n) => {
    const given = config.get(n)?.bounds?.[0];
    const kind = kinds.get(n)!;
    if (given) return given;
    if (kind === "lumi") {
      const sigma = config.get(n)!.sigmas![0];
      return [1 - 5 * sigma, 1 + 5 * sigma] as [number, number];
    }
    return defaults[kind];
  });
  const value = (x: ArrayLike<number>) => {
    const at = (n: string) => x[names.indexOf(n)];
    let d = 0;
    for (let k = 0; k < observed.length; k++) {
      let nu = 0;
      for (const s of channel.samples) {
        let counts = s.data[k];
        let factor = 1;
        for (const m of s.modifiers) {
          const a = at(m.name);
          if (m.type === "histosys")
            counts +=
              a >= 0 ? a * (m.data.hi_data[k] - s.data[k]) : a * (s.data[k] - m.data.lo_data[k]);
          else if (m.type === "normsys") factor *= a >= 0 ? m.data.hi ** a : m.data.lo ** -a;
          else factor *= a; // normfactor, lumi
        }
        nu += counts * factor;
      }
      const n = observed[k];
      d += 2 * (nu - (n > 0 ? n * Math.log(nu) : 0));
    }
    for (const n of names) {
      const kind = kinds.get(n);
      if (kind === "normsys" || kind === "histosys") d += at(n) ** 2;
      if (kind === "lumi") d += ((at(n) - 1) / config.get(n)!.sigmas![0]) ** 2;
    }
    return d;
  };
  return { names, bounds, value };
}

/** Minimum of f in a box with central-difference derivatives (the local minimiser of renp). */
function minimum(f: (x: Float64Array) => number, x0: number[], lower: number[], upper: number[]) {
  const h = 1e-5;
  const objective = {
    evaluate(x: Float64Array, g: Float64Array, hess: Float64Array) {
      const n = x.length;
      const grad = (y: Float64Array, out: Float64Array) => {
        for (let i = 0; i < n; i++) {
          const up = Float64Array.from(y);
          const down = Float64Array.from(y);
          up[i] += h;
          down[i] -= h;
          out[i] = (f(up) - f(down)) / (2 * h);
        }
      };
      grad(x, g);
      const gu = new Float64Array(n);
      const gd = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const up = Float64Array.from(x);
        const down = Float64Array.from(x);
        up[j] += h;
        down[j] -= h;
        grad(up, gu);
        grad(down, gd);
        for (let i = 0; i < n; i++) hess[i * n + j] = (gu[i] - gd[i]) / (2 * h);
      }
      return f(x);
    },
    value: f,
  };
  return minimize(objective, x0, lower, upper, { looseTolerance: 1e-8 });
}

describe("the pyhf workspace reproduces renp's likelihood", () => {
  const scenario = scenarioWithDark(1e-4);
  const model = fitModel(scenario);
  const data = fitModel(scenarioWithDark(1.5e-4));
  const n = new ToyGenerator(toySpec(data.table, { truth: false })).generate(0, 1).nObs;
  const float = ["signalNorm", "backgroundNorm:dark", "backgroundNorm:stray"];
  const free = new Fitter(model, { float }).fit(n);
  const background = new Fitter(model, { float: float.slice(1), fix: { signalNorm: 0 } }).fit(n);
  const q0 = background.deviance - free.deviance;
  const table = computeExpectation(scenario);
  const { workspace } = pyhfWorkspace({
    scenario,
    muSignal: table.muSignal,
    backgrounds: table.backgrounds.map((b) => ({ name: b.name, mu: b.mu })),
    observed: n,
  });
  const like = pyhfLikelihood(workspace);
  const lower = like.bounds.map((b) => b[0]);
  const upper = like.bounds.map((b) => b[1]);
  const start = like.names.map((nm) => (nm === "mu" ? 1 : 0));
  const best = minimum(like.value, start, lower, upper);
  const mu = like.names.indexOf("mu");
  const nullStart = Float64Array.from(best.x);
  nullStart[mu] = 0;
  const nullFit = minimum(
    like.value,
    Array.from(nullStart),
    lower.map((v, i) => (i === mu ? 0 : v)),
    upper.map((v, i) => (i === mu ? 0 : v)),
  );

  it("the background-only fit pulls the dark norm beyond 5 sigma (the case tests the bounds)", () => {
    expect(Math.log(background.values[0]) / DARK_SIGMA).toBeGreaterThan(5);
  });

  it("MLE: mu = signalNorm, exp(sigma alpha) = dark norm, 1 + sigma alpha = stray norm (2e-4 of an error)", () => {
    const at = (name: string) => best.x[like.names.indexOf(name)];
    const pyhf = [
      at("mu"),
      Math.exp(DARK_SIGMA * at("dark_norm")),
      1 + STRAY_SIGMA * at("stray_norm"),
    ];
    pyhf.forEach((v, j) =>
      expect(Math.abs(v - free.values[j]) / free.errors[j]).toBeLessThan(2e-4),
    );
  });

  it("q0 = renp's to 2e-4 (relative)", () => {
    const pyhfQ0 = nullFit.f - best.f;
    expect(q0).toBeGreaterThan(25);
    expect(Math.abs(pyhfQ0 / q0 - 1)).toBeLessThan(2e-4);
  });
});
