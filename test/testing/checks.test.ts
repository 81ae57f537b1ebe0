/**
 * The statistical checks of renp/testing: their false-failure rates, measured by running each
 * check on many correct samples and counting failures, and negative controls (wrong inputs that
 * must fail). Every sample comes from a fixed renp stream, so the counts are reproducible.
 *
 * A measured rate is compared with the stated one through coverageCheck itself: the number of
 * passes among N correct samples is Binomial(N, 1 - alpha) when the stated rate is right, and the
 * comparison fails a correct check with probability 1e-4 (for a seed picked at random).
 */
import { describe, expect, it } from "vitest";
import { samplePoisson } from "../../src/sampling/poisson.js";
import { standardNormal } from "../../src/sampling/nuisance.js";
import { toyStream, type Uniform } from "../../src/sampling/streams.js";
import {
  coverageCheck,
  poissonConsistency,
  pullCheck,
  wilksCheck,
} from "../../src/testing/index.js";

/** The false-failure rate we measure at: large enough to count in a few thousand samples. */
const ALPHA = 0.05;
const SAMPLES = 2000;
const META_ALPHA = 1e-4;

/** Whether `passes` (one per correct sample) pass at rate 1 - ALPHA: exactly (two-sided), or at least. */
function expectRate(passes: boolean[], rate: "exact" | "at most") {
  const result = coverageCheck(passes, 1 - ALPHA, {
    alpha: META_ALPHA,
    allowOvercoverage: rate === "at most",
  });
  expect(result.pass, result.summary).toBe(true);
}

const poissonToys = (means: number[], toys: number, u: Uniform, scale = 1): number[][] =>
  Array.from({ length: toys }, () => means.map((mu) => samplePoisson(mu * scale, u)));

const normals = (n: number, u: Uniform): number[] =>
  Array.from({ length: n }, () => standardNormal(u));

describe("poissonConsistency", () => {
  // Per-toy means: tiny (the exact single-cell branch), mixed with zeros and pooling, and large.
  const cases: [string, number[], number][] = [
    ["tiny total (exact Poisson branch)", [0.01, 0, 0.05, 0.1], 50],
    ["mixed, pooled cells", [0, 0.02, 0.3, 1.5, 4, 8, 0.7, 30, 0, 120], 50],
    ["large means", [1e3, 5e3, 2e4], 20],
  ];
  it.each(cases)("fails correct data at its stated rate: %s", (_what, means, toys) => {
    const u = toyStream("poisson-consistency", means.length);
    const results = Array.from({ length: SAMPLES }, () =>
      poissonConsistency(poissonToys(means, toys, u), means, { alpha: ALPHA }),
    );
    // Each part alone is calibrated at alpha, once there are counts enough for its chi-square
    // approximation (below, the exact Poisson mean test is conservative and the dispersion test
    // approximate); together (Bonferroni) at most alpha.
    const perToy = means.reduce((a, b) => a + b, 0);
    expectRate(
      results.map((r) => r.mean.pValue >= ALPHA),
      perToy * toys < 25 ? "at most" : "exact",
    );
    if (perToy >= 5)
      expectRate(
        results.map((r) => r.variance.pValue >= ALPHA),
        "exact",
      );
    expectRate(
      results.map((r) => r.pass),
      "at most",
    );
  });

  const means = [0.2, 1, 3, 10, 0, 40, 2.5, 0.05];
  it("passes 500 correct toys and fails biased samplers (negative controls)", () => {
    const u = toyStream("poisson-negative", 0);
    expect(poissonConsistency(poissonToys(means, 500, u), means, { alpha: 1e-4 }).pass).toBe(true);
    // Means 5% too high: the mean part fails.
    const high = poissonConsistency(poissonToys(means, 500, u, 1.05), means, { alpha: 1e-4 });
    expect(high.pass).toBe(false);
    expect(high.mean.pValue).toBeLessThan(1e-4);
    // Right means, 30% too much scatter (a gamma-mixed Poisson, as from an unlisted systematic).
    const over = Array.from({ length: 500 }, () => {
      const g = Math.max(0, 1 + 0.3 * standardNormal(u));
      return means.map((mu) => samplePoisson(mu * g, u));
    });
    const overResult = poissonConsistency(over, means, { alpha: 1e-4 });
    expect(overResult.pass).toBe(false);
    expect(overResult.variance.pValue).toBeLessThan(1e-4);
    // Right means, too little scatter (rounding the mean, dithered): the variance part fails too.
    const under = Array.from({ length: 500 }, () => means.map((mu) => Math.floor(mu + u())));
    expect(poissonConsistency(under, means, { alpha: 1e-4 }).variance.pValue).toBeLessThan(1e-4);
    // A count where the mean is 0.
    const stray = poissonToys(means, 500, u);
    stray[7][4] = 1;
    const strayResult = poissonConsistency(stray, means);
    expect(strayResult.pass).toBe(false);
    expect(strayResult.countsWhereMeanIsZero).toEqual([4]);
  });

  it("rejects inputs it cannot judge", () => {
    expect(() => poissonConsistency([[1]], [1])).toThrow(/at least 2 toys/);
    expect(() => poissonConsistency([[1], [2, 3]], [1])).toThrow(/counts\[1\] has 2 bins/);
    expect(() => poissonConsistency([[1], [2]], [-1])).toThrow(/means\[0\]/);
    expect(() => poissonConsistency([[1], [2]], [1], { alpha: 0 })).toThrow(/alpha/);
  });
});

describe("pullCheck", () => {
  it("fails N(0, 1) pulls at its stated rate (mean and width exactly, KS asymptotically)", () => {
    const u = toyStream("pulls", 0);
    const results = Array.from({ length: SAMPLES }, () =>
      pullCheck(normals(100, u), { alpha: ALPHA }),
    );
    expectRate(
      results.map((r) => r.pValues.mean >= ALPHA),
      "exact",
    );
    expectRate(
      results.map((r) => r.pValues.width >= ALPHA),
      "exact",
    );
    expectRate(
      results.map((r) => r.pValues.ks >= ALPHA),
      "exact",
    );
    expectRate(
      results.map((r) => r.pass),
      "at most",
    );
  });

  it("fails biased, too wide and non-normal pulls (negative controls)", () => {
    const u = toyStream("pulls-negative", 0);
    const biased = pullCheck(
      normals(400, u).map((z) => z + 0.3),
      { alpha: 1e-4 },
    );
    expect(biased.pass).toBe(false);
    expect(biased.pValues.mean).toBeLessThan(1e-4);
    const wide = pullCheck(
      normals(400, u).map((z) => 1.3 * z),
      { alpha: 1e-4 },
    );
    expect(wide.pass).toBe(false);
    expect(wide.pValues.width).toBeLessThan(1e-4);
    // Uniform with mean 0 and variance 1: only the shape is wrong (KS distance ~0.05).
    const flat = pullCheck(
      Array.from({ length: 5000 }, () => Math.sqrt(3) * (2 * u() - 1)),
      { alpha: 1e-4 },
    );
    expect(flat.pass).toBe(false);
    expect(flat.pValues.ks).toBeLessThan(1e-4);
    expect(flat.pValues.mean).toBeGreaterThan(1e-4);
  });
});

describe("coverageCheck", () => {
  it("fails intervals of the claimed coverage at most at its stated rate (exact binomial band)", () => {
    const u = toyStream("coverage", 0);
    const nominal = 0.6827;
    const results = Array.from({ length: SAMPLES }, () =>
      coverageCheck(
        Array.from({ length: 200 }, () => u() < nominal),
        nominal,
        { alpha: ALPHA },
      ),
    );
    expectRate(
      results.map((r) => r.pass),
      "at most",
    );
    // The discreteness makes the rate smaller than alpha, but not by much at 200 trials.
    const failures = results.filter((r) => !r.pass).length;
    expect(failures).toBeGreaterThan(0.5 * ALPHA * SAMPLES);
  });

  it("fails undercovering intervals; with allowOvercoverage passes overcovering ones", () => {
    const u = toyStream("coverage-negative", 0);
    const draws = (rate: number) => Array.from({ length: 1000 }, () => u() < rate);
    expect(coverageCheck(draws(0.6), 0.6827, { alpha: 1e-4 }).pass).toBe(false);
    const over = draws(0.8);
    expect(coverageCheck(over, 0.6827, { alpha: 1e-4 }).pass).toBe(false);
    expect(coverageCheck(over, 0.6827, { alpha: 1e-4, allowOvercoverage: true }).pass).toBe(true);
  });
});

describe("wilksCheck", () => {
  const chiSquare = (k: number, u: Uniform) => {
    let s = 0;
    for (let i = 0; i < k; i++) s += standardNormal(u) ** 2;
    return s;
  };

  it.each([1, 3])("fails chi2(%i) statistics at its stated rate", (k) => {
    const u = toyStream("wilks", k);
    const results = Array.from({ length: SAMPLES }, () =>
      wilksCheck(
        Array.from({ length: 100 }, () => chiSquare(k, u)),
        k,
        { alpha: ALPHA },
      ),
    );
    expectRate(
      results.map((r) => r.pass),
      "exact",
    );
  });

  it("fails a statistic 30% too large and one with the wrong dof (negative controls)", () => {
    const u = toyStream("wilks-negative", 0);
    const scaled = Array.from({ length: 1000 }, () => 1.3 * chiSquare(1, u));
    expect(wilksCheck(scaled, 1, { alpha: 1e-4 }).pass).toBe(false);
    const twoDof = Array.from({ length: 1000 }, () => chiSquare(2, u));
    expect(wilksCheck(twoDof, 1, { alpha: 1e-4 }).pass).toBe(false);
    expect(wilksCheck(twoDof, 2, { alpha: 1e-4 }).pass).toBe(true);
  });
});
