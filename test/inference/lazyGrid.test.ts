/**
 * The fit model builds the omega offset's grid of shifted tables (up to ~1000 expectations:
 * tens of seconds for a scan of thousands of bins) only when a fit first leaves the offset 0, in
 * the thread that fits: `renp fit` checks its job in the main thread, which must stay free to
 * handle a signal (issue: every command ends within ~1 s of SIGINT/SIGTERM).
 */
import { describe, expect, it } from "vitest";
import { ToyFitter } from "../../src/inference/toys.js";
import { loadScenario, resolveScenario, validateScenario } from "../../src/scenario/load.js";

describe("the fit model's offset grid", () => {
  const base = loadScenario("yb-majorana-normal");
  const scenario = resolveScenario(
    validateScenario({
      ...base,
      experiment: { ...base.experiment, spinProjection: "isotropic" },
      systematics: [
        {
          name: "dw",
          parameter: "omegaOffsetEv",
          prior: { distribution: "gaussian", sigma: 1e-6 },
        },
      ],
    }),
  );

  it("is not built by the job's checks, only by a fit that moves the offset", () => {
    const checks = new ToyFitter({ scenario, hypothesis: {}, float: ["signalNorm"] });
    expect(checks.model.offsetGridBuilt).toBe(false);
    const withOffset = new ToyFitter({
      scenario,
      hypothesis: {},
      float: ["signalNorm", "omegaOffsetEv"],
      test: "ordering",
    });
    expect(withOffset.model.offsetGridBuilt).toBe(false);
    expect(withOffset.alternative?.model.offsetGridBuilt).toBe(false);
    // An Asimov toy: the offset returns 0 and signalNorm 1 through the lazily built grid.
    const asimov = Float64Array.from(withOffset.model.table.muTotal);
    const block = withOffset.fit(0, 1, asimov);
    expect(withOffset.model.offsetGridBuilt).toBe(true);
    expect(Math.abs(block.values[0][0] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(block.values[1][0])).toBeLessThan(1e-6 * block.errors[1][0]);
  });
});
