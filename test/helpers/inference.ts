/**
 * The scenario of issue 19's inference checks: the reference scenario (its own spin projection),
 * a flat background of 2e-5 /s, signalNorm with a gaussian prior (sigma 0.1) and the flat
 * background's norm with a lognormal prior (sigma 0.3).
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
