import fc from "fast-check";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeExpectation } from "../../src/expectation.js";
import type { Systematic } from "../../src/experiment/systematics.js";
import { generateRun } from "../../src/run.js";
import { loadScenario } from "../../src/scenario/load.js";
import { drawNuisance, priorSupport } from "../../src/sampling/nuisance.js";
import { offsetGrid } from "../../src/sampling/offset.js";
import { stencil } from "../../src/sampling/stencil.js";
import { toyStream } from "../../src/sampling/streams.js";
import { ToyGenerator } from "../../src/sampling/toys.js";
import { toySpec } from "../../src/sampling/spec.js";
import { poissonConsistency } from "../../src/testing/index.js";
import { readJson } from "../helpers/fixtures.js";
import {
  column,
  readTable,
  REFERENCE_SCENARIO,
  scenarioFile,
  SYSTEMATICS_CHANGES,
  tempDir,
} from "../helpers/runs.js";

const referenceTable = computeExpectation(loadScenario(REFERENCE_SCENARIO));
const systematicsTable = computeExpectation(loadScenario(scenarioFile(SYSTEMATICS_CHANGES)));

describe("ToyGenerator", () => {
  it("gives each toy the same counts whatever block it is generated in (determinism)", () => {
    for (const [table, truth] of [
      [referenceTable, false],
      [systematicsTable, true],
    ] as const) {
      const spec = toySpec(table, { truth });
      const bins = spec.bins;
      fc.assert(
        fc.property(
          fc.nat(1000),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 11 }),
          (first, count, cut) => {
            const whole = new ToyGenerator(spec).generate(first, count);
            const split = Math.min(cut, count);
            const a = new ToyGenerator(spec).generate(first, split);
            const b = new ToyGenerator(spec).generate(first + split, count - split);
            expect(Array.from(whole.nObs)).toEqual([...a.nObs, ...b.nObs]);
            whole.nuisance.forEach((values, s) =>
              expect(Array.from(values)).toEqual([...a.nuisance[s], ...b.nuisance[s]]),
            );
            expect(whole.nObs.length).toBe(count * bins);
          },
        ),
        { numRuns: 25 },
      );
    }
  });

  it("makes the truth columns sum to n_obs, with and without systematics", () => {
    const specs = [
      toySpec(referenceTable, { truth: true }),
      toySpec(systematicsTable, { truth: true }),
    ];
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.nat(10_000),
        fc.integer({ min: 1, max: 20 }),
        (withSystematics, first, count) => {
          const spec = specs[Number(withSystematics)];
          const block = new ToyGenerator(spec).generate(first, count);
          expect(block.truth.length).toBe(spec.components.length);
          for (let i = 0; i < block.nObs.length; i++) {
            expect(block.truth.reduce((sum, c) => sum + c[i], 0)).toBe(block.nObs[i]);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it("never counts in a bin whose expectation is zero", () => {
    const spec = toySpec(referenceTable, { truth: true });
    const zero = Array.from(referenceTable.muTotal.keys()).filter(
      (k) => referenceTable.muTotal[k] === 0,
    );
    expect(zero.length).toBeGreaterThan(0); // the reference scan reaches above the highest threshold
    const block = new ToyGenerator(spec).generate(0, 2000);
    for (let i = 0; i < 2000; i++)
      for (const k of zero) expect(block.nObs[i * spec.bins + k]).toBe(0);
  });

  it("clips a scaled efficiency at 1 and counts the toys where it did", () => {
    const path = scenarioFile({
      systematics: [
        {
          name: "eff",
          parameter: "efficiencyScale",
          prior: { distribution: "uniform", min: 1.5, max: 2 },
        },
      ],
    });
    const table = computeExpectation(loadScenario(path));
    const block = new ToyGenerator(toySpec(table, { truth: false })).generate(0, 3000);
    expect(block.clippedToys).toBe(3000); // 0.8 x >= 1.5 > 1 in every toy
    // Efficiency 1 in every toy: the mean is mu_signal / 0.8 (within 5 standard errors).
    let observed = 0;
    let expected = 0;
    for (let k = 0; k < table.muTotal.length; k++) expected += (3000 * table.muSignal[k]) / 0.8;
    for (const n of block.nObs) observed += n;
    expect(Math.abs(observed - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });
});

describe("nuisance draws", () => {
  const prior = fc.oneof(
    fc.record({
      distribution: fc.constant("gaussian" as const),
      sigma: fc.double({ min: 1e-3, max: 5, noNaN: true }),
    }),
    fc.record({
      distribution: fc.constant("lognormal" as const),
      sigma: fc.double({ min: 1e-3, max: 3, noNaN: true }),
    }),
    fc
      .tuple(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 1e-3, max: 10, noNaN: true }),
      )
      .map(([min, width]) => ({ distribution: "uniform" as const, min, max: min + width })),
  );
  const systematic = fc
    .tuple(fc.constantFrom("signalNorm", "efficiencyScale", "omegaOffsetEv"), prior)
    .filter(([parameter, p]) => !(parameter === "omegaOffsetEv" && p.distribution === "lognormal"))
    .map(([parameter, p]) => ({ name: "x", parameter, prior: p }));

  it("lie within their prior's support (scales >= 0, offsets within the cut)", () => {
    fc.assert(
      fc.property(systematic, fc.nat(), (s, toy) => {
        const [lo, hi] = priorSupport(s);
        const u = toyStream(7, toy);
        for (let i = 0; i < 50; i++) {
          const v = drawNuisance(s, u);
          expect(Number.isFinite(v)).toBe(true);
          expect(v >= lo && v <= hi).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("follow their priors (moments of 2e4 draws within 5 standard errors)", () => {
    const u = toyStream(3, 0);
    const n = 20_000;
    const mean = (s: Systematic) =>
      Array.from({ length: n }, () => drawNuisance(s, u)).reduce((a, b) => a + b, 0) / n;
    // gaussian 1 + 0.1 z (truncation at 0 is 10 sigma away): mean 1, standard error 0.1/sqrt(n)
    expect(
      Math.abs(
        mean({
          name: "a",
          parameter: "signalNorm",
          prior: { distribution: "gaussian", sigma: 0.1 },
        }) - 1,
      ),
    ).toBeLessThan((5 * 0.1) / Math.sqrt(n));
    // lognormal sigma 0.2: mean exp(0.02), sd ~0.2
    expect(
      Math.abs(
        mean({
          name: "b",
          parameter: "signalNorm",
          prior: { distribution: "lognormal", sigma: 0.2 },
        }) - Math.exp(0.02),
      ),
    ).toBeLessThan((5 * 0.205) / Math.sqrt(n));
    // offset gaussian: mean 0
    expect(
      Math.abs(
        mean({
          name: "c",
          parameter: "omegaOffsetEv",
          prior: { distribution: "gaussian", sigma: 1e-5 },
        }),
      ),
    ).toBeLessThan((5 * 1e-5) / Math.sqrt(n));
  });
});

describe("omega offset interpolation", () => {
  it("matches direct integration within 3e-4 of the largest mean (measured accuracy, see offset.ts)", () => {
    const table = systematicsTable;
    // The shifted experiment written as a user would: the reference file's equal bins as explicit
    // edges moved by delta (independent of the library's scan shift).
    const {
      omegaMinEv,
      omegaMaxEv,
      bins: n,
      exposurePerBinS,
    } = readJson(REFERENCE_SCENARIO).experiment.scan as {
      omegaMinEv: number;
      omegaMaxEv: number;
      bins: number;
      exposurePerBinS: number;
    };
    const shiftedScenario = (delta: number) => {
      const edgesEv = Array.from({ length: n + 1 }, (_, k) =>
        k === n ? omegaMaxEv + delta : omegaMinEv + (k * (omegaMaxEv - omegaMinEv)) / n + delta,
      );
      const s = loadScenario(scenarioFile(SYSTEMATICS_CHANGES));
      return { ...s, experiment: { ...s.experiment, scan: { edgesEv, exposurePerBinS } } };
    };
    const sigma = 2e-5;
    const grid = offsetGrid(table, -8 * sigma, 8 * sigma);
    const largest = Math.max(...table.muSignal);
    const w = new Float64Array(4);
    const bins = table.muTotal.length;
    let worst = 0;
    // Offsets spread over the grid (deterministic), 24 direct integrations.
    for (let r = 0; r < 24; r++) {
      const delta = (-1 + (2 * (r + 0.37)) / 24) * 6 * sigma;
      const direct = computeExpectation(shiftedScenario(delta)).muSignal;
      const i = stencil(grid, delta, w);
      for (let k = 0; k < bins; k++) {
        let v = 0;
        for (let j = 0; j < 4; j++) v += w[j] * grid.mu[0][(i + j) * bins + k];
        worst = Math.max(worst, Math.abs(v - direct[k]) / largest);
      }
    }
    expect(worst).toBeLessThan(3e-4);
  });

  it("at offset 0 gives the nominal table", () => {
    const grid = offsetGrid(systematicsTable, -1e-4, 1e-4);
    const w = new Float64Array(4);
    const i = stencil(grid, 0, w);
    const bins = systematicsTable.muTotal.length;
    for (let k = 0; k < bins; k++) {
      let v = 0;
      for (let j = 0; j < 4; j++) v += w[j] * grid.mu[0][(i + j) * bins + k];
      expect(Math.abs(v - systematicsTable.muSignal[k])).toBeLessThan(
        1e-9 * Math.max(...systematicsTable.muSignal),
      );
    }
  });
});

describe("5000 toys of the reference scenario against expected.arrow", () => {
  it("are Poisson with the expected means (poissonConsistency: false-failure rate 1e-4)", async () => {
    const dir = tempDir();
    await generateRun({
      scenario: REFERENCE_SCENARIO,
      toys: 5000,
      seed: 12345,
      outDir: dir,
      workers: 2,
    });
    const expected = column(readTable(join(dir, "expected.arrow")), "mu_total");
    const nObs = column(readTable(join(dir, "toys.arrow")), "n_obs");
    const bins = expected.length;
    expect(nObs.length).toBe(5000 * bins);
    const counts = Array.from({ length: 5000 }, (_, t) => nObs.subarray(t * bins, (t + 1) * bins));
    const result = poissonConsistency(counts, expected, { alpha: 1e-4 });
    expect(result.countsWhereMeanIsZero).toEqual([]); // zero expectation never counts
    expect(result.pass, result.summary).toBe(true);
  });
});
