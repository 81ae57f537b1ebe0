/**
 * The fast path's tables built in shares (fitToys: each worker builds a share and takes the
 * others', inference/worker.ts) are the tables one thread builds as a fit reaches them: a cell's
 * tables depend only on the cell (pairCells.ts `buildShare`). So the signal is the same to the
 * last bit, and the fits of toys do not depend on the worker count.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeExpectation } from "../../src/expectation.js";
import { FastSignal } from "../../src/inference/fast/fastSignal.js";
import { fitToys, ToyFitter, type FitJob } from "../../src/inference/toys.js";
import { toySpec } from "../../src/sampling/spec.js";
import { ToyGenerator } from "../../src/sampling/toys.js";
import { loadScenario } from "../../src/scenario/load.js";
import { arbMassEv, arbPhaseDeg, fastPathScenarios, withPhysics } from "../helpers/fastPath.js";

describe("tables built in shares", () => {
  it("equal the lazily built ones bit for bit, over arbitrary scenarios, shares, masses and phases", () => {
    const scenarios = fastPathScenarios(8);
    const mass = arbMassEv;
    const phase = arbPhaseDeg;
    fc.assert(
      fc.property(
        scenarios,
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.tuple(mass, phase, phase), { minLength: 1, maxLength: 4 }),
        (s, shares, points) => {
          const table = computeExpectation(s);
          const lazy = new FastSignal(s, table);
          const shared = new FastSignal(s, table);
          for (let k = 0; k < shares; k++) {
            const share = new FastSignal(s, table).buildShare(k, shares);
            expect(share).toBeDefined();
            shared.importCells(share!);
          }
          const a = new Float64Array(table.muSignal.length);
          const b = new Float64Array(table.muSignal.length);
          for (const [m0, a21, a31] of points) {
            const at = withPhysics(s, m0, a21, a31);
            lazy.muSignal(at, a);
            shared.muSignal(at, b);
            expect(Array.from(b)).toEqual(Array.from(a));
          }
        },
      ),
      { numRuns: 10, seed: 77 },
    );
  });
});

describe("toy fits with the mass floated", () => {
  it("are the same with 0, 2 and 3 workers (shared tables) and the ordering test", async () => {
    // The reference scenario at 400x its exposure: ~250 signal events, a mass to fit.
    const base = loadScenario("yb-majorana-normal");
    const exposure = base.experiment.scan.exposurePerBinS;
    expect(typeof exposure).toBe("number");
    const scan = { ...base.experiment.scan, exposurePerBinS: 400 * (exposure as number) };
    const scenario = { ...base, experiment: { ...base.experiment, scan } };
    const job: FitJob = {
      scenario,
      hypothesis: {},
      float: ["signalNorm", "lightestMassEv"],
      test: "ordering",
    };
    const local = new ToyFitter(job);
    const count = 9;
    const counts = new ToyGenerator(toySpec(local.model.table, { truth: false })).generate(
      0,
      count,
    ).nObs;
    const fit = (workers: number) =>
      fitToys({ job, counts, firstToy: 0, count, workers, toysPerTask: 2 });
    const [alone, two, three] = [await fit(0), await fit(2), await fit(3)];
    for (const other of [two, three]) {
      expect(Array.from(other.nll)).toEqual(Array.from(alone.nll));
      expect(Array.from(other.q)).toEqual(Array.from(alone.q));
      other.values.forEach((v, j) => expect(Array.from(v)).toEqual(Array.from(alone.values[j])));
      other.errors.forEach((e, j) => expect(Array.from(e)).toEqual(Array.from(alone.errors[j])));
      expect(Array.from(other.status)).toEqual(Array.from(alone.status));
    }
  }, 120_000);
});
