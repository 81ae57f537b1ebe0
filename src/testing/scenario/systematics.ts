/** Systematics on every parameter, with their priors, for arbScenario. */
import fc from "fast-check";
import { decades, firstFirst, near, type Obj } from "./draw.js";

const scalePrior = firstFirst(
  fc.record({ distribution: fc.constant("gaussian" as const), sigma: decades(0.1, 1, 0.6) }),
  fc.record({ distribution: fc.constant("lognormal" as const), sigma: decades(0.1, 1, 0.6) }),
  fc
    .record({ below: near(0.1, 0, 0.9), above: decades(0.1, 1, 0.6) })
    .map(({ below, above }) => ({ distribution: "uniform", min: 1 - below, max: 1 + above })),
);

/** An omega-offset prior as a fraction of the narrowest bin (the offset grid stays small). */
const offsetPrior = firstFirst(
  fc.record({ distribution: fc.constant("gaussian" as const), fraction: decades(0.01, 1, 0.5) }),
  fc.record({
    distribution: fc.constant("uniform" as const),
    below: decades(0.05, 1, 0.5),
    above: decades(0.05, 1, 0.5),
  }),
);

export const systematicArb = firstFirst(
  fc.record({ parameter: fc.constant("signalNorm" as const), prior: scalePrior }),
  fc.record({
    parameter: fc.constant("backgroundNorm" as const),
    prior: scalePrior,
    which: fc.nat(9),
  }),
  fc.record({ parameter: fc.constant("efficiencyScale" as const), prior: scalePrior }),
  fc.record({ parameter: fc.constant("omegaOffsetEv" as const), prior: offsetPrior }),
);
/** One drawn systematic, before its name and background are known. */
export type SystematicDraw = typeof systematicArb extends fc.Arbitrary<infer T> ? T : never;

export function systematicJson(
  draw: SystematicDraw,
  name: string,
  backgroundNames: string[],
  narrowestEv: number,
): Obj {
  if (draw.parameter === "omegaOffsetEv") {
    const p = draw.prior;
    const prior =
      p.distribution === "gaussian"
        ? { distribution: p.distribution, sigma: p.fraction * narrowestEv }
        : { distribution: p.distribution, min: -p.below * narrowestEv, max: p.above * narrowestEv };
    return { name, parameter: draw.parameter, prior };
  }
  if (draw.parameter === "backgroundNorm") {
    if (backgroundNames.length === 0) return { name, parameter: "signalNorm", prior: draw.prior };
    const background = backgroundNames[draw.which % backgroundNames.length];
    return { name, parameter: draw.parameter, background, prior: draw.prior };
  }
  return { name, parameter: draw.parameter, prior: draw.prior };
}
