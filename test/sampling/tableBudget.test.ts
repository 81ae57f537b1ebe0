/**
 * The sampler's memory per bin does not depend on how many inversion tables its means would ask
 * for: tables for means >= 10 stop at TABLE_BUDGET_ENTRIES, later bins use PTRS (still exact).
 */
import { describe, expect, it } from "vitest";
import { BinSampler, TABLE_BUDGET_ENTRIES } from "../../src/sampling/poisson.js";
import { toyStream } from "../../src/sampling/streams.js";

describe("BinSampler table budget", () => {
  const bins = 4000;
  const muCounts = 5000; // a table of ~1,300 cumulative entries plus its guide per bin
  const sampler = new BinSampler(new Float64Array(bins).fill(muCounts));

  it("keeps the tables within the budget however many bins ask for one", () => {
    expect(sampler.tableEntries).toBeLessThanOrEqual(TABLE_BUDGET_ENTRIES + 2 * 2048);
  });

  it("draws the bins past the budget from Poisson(mu): mean and variance of 400,000 draws", () => {
    // Bins 2000..3999 are past the budget (PTRS). Standard errors: mean sqrt(mu / n) = 0.11,
    // variance mu sqrt(2 / n) = 11 (n = 4e5); bounds at 5.4 standard errors: a false failure
    // has probability ~1e-7.
    const toys = 200;
    const out = new Int32Array(bins);
    let n = 0;
    let sum = 0;
    let sumSq = 0;
    for (let t = 0; t < toys; t++) {
      sampler.fill(toyStream(11, t), out, 0);
      for (let b = bins / 2; b < bins; b++) {
        n++;
        sum += out[b];
        sumSq += out[b] * out[b];
      }
    }
    const mean = sum / n;
    const variance = (sumSq - n * mean * mean) / (n - 1);
    expect(Math.abs(mean - muCounts)).toBeLessThan(0.6);
    expect(Math.abs(variance - muCounts)).toBeLessThan(60);
  });
});
