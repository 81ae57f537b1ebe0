/** The checks' building blocks (src/testing/stats.ts) against scipy 1.17 (the commands are beside each value). */
import { describe, expect, it } from "vitest";
import { logGamma } from "../../src/numerics/stats.js";
import {
  binomialBand,
  binomialTails,
  chiSquareCdf,
  chiSquareSf,
  chiSquareTest,
  ksUniform,
  normalCdf,
  normalTwoSided,
  poolCells,
} from "../../src/testing/index.js";

describe("chi-square and Kolmogorov-Smirnov against scipy 1.17", () => {
  it("chi-square survival function", () => {
    // python3 -c "from scipy import stats; print(stats.chi2.sf(x, df))"
    const reference: [number, number, number][] = [
      [3.5, 1, 0.0613688291394023],
      [100, 80, 0.064570368921133],
      [150, 99, 0.0007204453957169282],
      [1100, 1000, 0.014614408126295192],
      [20, 30, 0.9165415270653372],
      [0.5, 4, 0.9735009788392561],
      [200, 100, 1.1784500720979781e-8],
    ];
    for (const [x, dof, p] of reference) expect(chiSquareSf(x, dof)).toBeCloseTo(p, 12);
    for (const [x, dof, p] of reference)
      expect(Math.abs(chiSquareSf(x, dof) / p - 1)).toBeLessThan(1e-9);
    // python3 -c "from scipy.special import gammaln; print(gammaln(0.5), gammaln(37.5), gammaln(1e4))"
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247, 12);
    expect(logGamma(37.5) / 97.5217752228882 - 1).toBeLessThan(1e-13);
    expect(logGamma(1e4) / 82099.71749644238 - 1).toBeLessThan(1e-13);
  });

  it("Kolmogorov-Smirnov test of 50 values against U(0, 1)", () => {
    // python3 -c "from scipy import stats; v=[((i*0.6180339887498949) % 1)**pw for i in range(1,51)];
    //   print(stats.kstest(v, 'uniform', method='exact'))"   (exact distribution; ours is asymptotic)
    const reference: [number, number, number][] = [
      [1.6, 0.18551176786715307, 0.055895045609069216],
      [2.0, 0.26449208966435345, 0.0014117579951757886],
      [2.6, 0.3493603236183702, 5.845715846536495e-6],
    ];
    for (const [power, d, p] of reference) {
      const values = Array.from(
        { length: 50 },
        (_, i) => (((i + 1) * 0.6180339887498949) % 1) ** power,
      );
      const result = ksUniform(values);
      expect(result.d).toBeCloseTo(d, 12);
      expect(Math.abs(Math.log(result.p / p))).toBeLessThan(0.1); // Stephens' approximation: within 10%
    }
  });
});

describe("normal and binomial distributions against scipy 1.17", () => {
  it("normalCdf and its two-sided tail", () => {
    // python3 -c "from scipy import stats; print(stats.norm.cdf(-3.1), stats.norm.cdf(0.7), stats.norm.cdf(-8))"
    expect(normalCdf(-3.1) / 0.0009676032132183563 - 1).toBeLessThan(1e-12);
    expect(normalCdf(0.7)).toBeCloseTo(0.758036347776927, 14);
    expect(normalCdf(-8) / 6.22096057427174e-16 - 1).toBeLessThan(1e-12);
    expect(normalTwoSided(-3.1)).toBeCloseTo(2 * 0.0009676032132183563, 15);
    // python3 -c "from scipy import stats; print(stats.chi2.cdf(3.0, 2))"
    expect(chiSquareCdf(3, 2)).toBeCloseTo(0.7768698398515702, 13);
  });

  it("binomial tails and the acceptance band", () => {
    // python3 -c "from scipy import stats; print(stats.binom.cdf(40,100,0.3), stats.binom.sf(39,100,0.3))"
    const tails = binomialTails(40, 100, 0.3);
    expect(tails.below).toBeCloseTo(0.9875015928335618, 12);
    expect(tails.above).toBeCloseTo(0.020988576003924706, 12);
    // python3 -c "from scipy import stats; print(stats.binom.ppf(5e-4, 1000, 0.6827), stats.binom.isf(5e-4, 1000, 0.6827))"
    expect(binomialBand(1000, 0.6827, 5e-4, 5e-4)).toEqual([634, 730]);
    expect(binomialBand(10, 0.5, 0, 0)).toEqual([0, 10]);
  });
});

describe("chiSquareTest pools cells", () => {
  it("until each expects at least minExpected, a short last cell joining the previous", () => {
    const pooled = poolCells([1, 2, 3, 4, 5], [2, 3, 1, 4, 1], 5);
    expect(pooled.expected).toEqual([5, 6]);
    expect(pooled.observed).toEqual([3, 12]);
    expect(pooled.members).toEqual([
      [0, 1],
      [2, 3, 4],
    ]);
    const result = chiSquareTest([1, 2, 3, 4, 5], [2, 3, 1, 4, 5], 5);
    // cells (3 vs 5), (7 vs 5), (5 vs 5): 4/5 + 4/5 + 0 = 1.6 on 3 - 1 dof
    expect(result.statistic).toBeCloseTo(1.6, 14);
    expect(result.dof).toBe(2);
    expect(() => chiSquareTest([1], [2], 5)).toThrow(/fewer than minExpected/);
  });
});
