/**
 * The scenario of the inference checks: the reference scenario with the isotropic spin
 * projection (the literature form; the transverse default gives ~0.6 signal events a run, too few
 * to test a fit's statistics: the isotropic one gives ~115 at one day a bin), a flat background of
 * 2e-5 /s, signalNorm with a gaussian prior (sigma 0.1) and the flat background's norm with a
 * lognormal prior (sigma 0.3). The tests compare with computations of their own, not fixed numbers.
 */
import { loadScenario, resolveScenario, validateScenario } from "../../src/scenario/load.js";
import type { ResolvedScenario } from "../../src/scenario/load.js";

export const SIGNAL_SIGMA = 0.1;
export const FLAT_SIGMA = 0.3;

export function flatBackgroundWithPriors(): ResolvedScenario {
  const base = loadScenario("yb-majorana-normal");
  return resolveScenario(
    validateScenario({
      ...base,
      experiment: { ...base.experiment, spinProjection: "isotropic" },
      backgrounds: [{ kind: "flat", name: "flat", ratePerS: 2e-5 }],
      systematics: [
        {
          name: "signal_rate",
          parameter: "signalNorm",
          prior: { distribution: "gaussian", sigma: SIGNAL_SIGMA },
        },
        {
          name: "flat_rate",
          parameter: "backgroundNorm",
          background: "flat",
          prior: { distribution: "lognormal", sigma: FLAT_SIGMA },
        },
      ],
    }),
  );
}
