/** Garwood intervals and the chi-square survival function against scipy 1.17 (values below, computed with scipy.stats.chi2). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chiSquareSf,
  garwoodInterval,
  gammaP,
  gammaQ,
  poissonCdf,
} from "../../src/numerics/stats.js";

// python: lo = chi2.ppf(0.15865525393145707, 2n) / 2, hi = chi2.ppf(0.8413447460685429, 2n + 2) / 2
const GARWOOD: [number, number, number][] = [
  [0, 0, 1.8410216450092634],
  [1, 0.17275377902344996, 3.299526559115855],
  [2, 0.7081854398189713, 4.637859623455245],
  [5, 2.8403088555932205, 8.382472652146888],
  [20, 15.56555201778588, 25.54651922951146],
  [100, 90.0167451771134, 111.03336094114967],
];

describe("Poisson and chi-square helpers", () => {
  it("Garwood 68% intervals match scipy's chi-square quantiles", () => {
    for (const [n, lo, hi] of GARWOOD) {
      const [a, b] = garwoodInterval(n);
      expect(a).toBeCloseTo(lo, 9);
      expect(b).toBeCloseTo(hi, 9);
    }
  });

  it("chi-square survival function matches scipy", () => {
    expect(chiSquareSf(66, 66)).toBeCloseTo(0.47684738866303084, 12);
    expect(chiSquareSf(10, 3)).toBeCloseTo(0.01856613546304325, 12);
    expect(chiSquareSf(150.5, 100)).toBeCloseTo(0.0008243108101529429, 12);
  });

  it("P + Q = 1 and the Poisson CDF is the sum of the pmf", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        (a, x) => {
          expect(gammaP(a, x) + gammaQ(a, x)).toBeCloseTo(1, 12);
        },
      ),
    );
    const mu = 3.7;
    let cdf = 0;
    let p = Math.exp(-mu);
    for (let n = 0; n < 15; n++) {
      cdf += p;
      expect(poissonCdf(n, mu)).toBeCloseTo(cdf, 13);
      p *= mu / (n + 1);
    }
  });

  it("the interval contains n and widens with n", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (n) => {
        const [lo, hi] = garwoodInterval(n);
        expect(lo).toBeLessThanOrEqual(n);
        expect(hi).toBeGreaterThan(n);
        expect(hi - lo).toBeGreaterThan(0.9 * 2 * Math.sqrt(Math.max(n, 1)) * 0.9);
      }),
      { numRuns: 60 },
    );
  });
});
