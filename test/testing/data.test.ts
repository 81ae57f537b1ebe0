/**
 * arbExpectation and arbPseudoData: tables with expected.arrow's columns, toys that replay from
 * fast-check's seed and equal what `renp generate` writes for that seed, and Poisson counts
 * (poissonConsistency passes on them over arbitrary scenarios, and fails a biased sampler).
 */
import fc from "fast-check";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateRun } from "../../src/run.js";
import { samplePoisson } from "../../src/sampling/poisson.js";
import { toyStream } from "../../src/sampling/streams.js";
import { loadScenario } from "../../src/scenario/load.js";
import {
  arbExpectation,
  arbPseudoData,
  expectationOf,
  poissonConsistency,
} from "../../src/testing/index.js";
import {
  column,
  readTable,
  REFERENCE_SCENARIO,
  SYSTEMATICS_CHANGES,
  scenarioFile,
  tempDir,
} from "../helpers/runs.js";

const reference = expectationOf(loadScenario(REFERENCE_SCENARIO));

describe("arbExpectation", () => {
  it("gives expected.arrow's columns, in the contract's names, with mu_total the sum of the components", () => {
    fc.assert(
      fc.property(arbExpectation({ bins: { max: 8 } }), (e) => {
        const names = Object.keys(e.columns);
        expect(names.slice(0, 7)).toEqual([
          "bin",
          "omega_lo_ev",
          "omega_ev",
          "omega_hi_ev",
          "exposure_s",
          "efficiency",
          "mu_signal",
        ]);
        expect(names.slice(7, -1)).toEqual(e.backgrounds.map((b) => `mu_bkg_${b.name}`));
        expect(names[names.length - 1]).toBe("mu_total");
        const n = e.muTotal.length;
        for (let k = 0; k < n; k++) {
          const sum = e.backgrounds.reduce((s, b) => s + b.mu[k], e.muSignal[k]);
          expect(Math.abs(e.columns.mu_total[k] - sum)).toBeLessThanOrEqual(1e-12 * sum);
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe("arbPseudoData", () => {
  it("same fast-check seed, same data; another seed, other data", () => {
    const arb = arbPseudoData(reference, { toys: 20 });
    const a = fc.sample(arb, { seed: 42, numRuns: 3 });
    const b = fc.sample(arb, { seed: 42, numRuns: 3 });
    expect(b.map((d) => d.seed)).toEqual(a.map((d) => d.seed));
    expect(b.map((d) => d.counts.map((c) => Array.from(c)))).toEqual(
      a.map((d) => d.counts.map((c) => Array.from(c))),
    );
    const c = fc.sample(arb, { seed: 43, numRuns: 3 });
    expect(c.map((d) => d.seed)).not.toEqual(a.map((d) => d.seed));
  });

  it("draws the toys `renp generate --seed <seed> --truth` writes, with the truth and the nuisance values", async () => {
    const path = scenarioFile(SYSTEMATICS_CHANGES);
    const [data] = fc.sample(arbPseudoData(loadScenario(path), { toys: 30 }), {
      seed: 1,
      numRuns: 1,
    });
    const dir = tempDir();
    await generateRun({
      scenario: path,
      toys: 30,
      seed: data.seed,
      outDir: dir,
      truth: true,
      workers: 1,
    });
    const toys = readTable(join(dir, "toys.arrow"));
    const bins = data.bins;
    const flat = (perToy: Int32Array[]) => perToy.flatMap((c) => Array.from(c));
    expect(flat(data.counts)).toEqual(Array.from(column(toys, "n_obs")));
    expect(flat(data.truth.signal)).toEqual(Array.from(column(toys, "n_signal")));
    for (const name of ["dark", "stray"])
      expect(flat(data.truth.backgrounds[name])).toEqual(Array.from(column(toys, `n_bkg_${name}`)));
    const nuisance = readTable(join(dir, "nuisance.arrow"));
    expect(Object.keys(data.nuisance)).toEqual(["sig", "dark_norm", "eff", "dw"]);
    for (const [name, values] of Object.entries(data.nuisance))
      expect(Array.from(values)).toEqual(Array.from(column(nuisance, name)));
    expect(data.counts.every((c) => c.length === bins)).toBe(true);
  });

  it("gives Poisson counts over arbitrary scenarios (poissonConsistency at 1e-4: false-failure rate 2e-3 for the 20 runs)", () => {
    fc.assert(
      fc.property(
        arbExpectation({ systematics: false, bins: { max: 10 } }).chain((e) =>
          arbPseudoData(e, { toys: 200 }),
        ),
        (d) => {
          const result = poissonConsistency(d.counts, d.expected, { alpha: 1e-4 });
          expect(result.pass, result.summary).toBe(true);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("negative control: the same check fails a sampler whose means are 5% high", () => {
    const [data] = fc.sample(arbPseudoData(reference, { toys: 200 }), { seed: 2, numRuns: 1 });
    expect(poissonConsistency(data.counts, data.expected, { alpha: 1e-4 }).pass).toBe(true);
    const u = toyStream(data.seed, 0);
    const biased = data.counts.map((toy) =>
      toy.map((_, k) => samplePoisson(1.05 * data.expected[k], u)),
    );
    const result = poissonConsistency(biased, data.expected, { alpha: 1e-4 });
    expect(result.pass, result.summary).toBe(false);
  });
});
