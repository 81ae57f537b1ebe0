/**
 * numerics/chebyshev.ts: interpolation at CHEBYSHEV_NODES first-kind nodes reproduces every
 * polynomial of lower degree, and the differentiated series is the polynomial's derivative
 * (an independent derivation: the power-series derivative, evaluated by Horner's rule).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CHEBYSHEV_NODES,
  CHEBYSHEV_X,
  chebyshevBasis,
  differentiate,
  series,
  toCoefficients,
} from "../../src/numerics/chebyshev.js";

const horner = (a: readonly number[], x: number) => a.reduceRight((s, c) => s * x + c, 0);
const derivative = (a: readonly number[]) => a.slice(1).map((c, k) => (k + 1) * c);

describe("Chebyshev series at first-kind nodes", () => {
  it("reproduces a polynomial of degree < NODES and its first two derivatives (property)", () => {
    const coefficient = fc.double({ min: -1, max: 1, noNaN: true });
    const polynomial = fc.array(coefficient, { minLength: 1, maxLength: CHEBYSHEV_NODES });
    const point = fc.double({ min: -1, max: 1, noNaN: true });
    fc.assert(
      fc.property(polynomial, point, (a, x) => {
        const n = CHEBYSHEV_NODES;
        const c = new Float64Array(3 * n);
        CHEBYSHEV_X.forEach((node, j) => (c[j] = horner(a, node)));
        toCoefficients(c, 0);
        differentiate(c, 0, n);
        differentiate(c, n, 2 * n);
        const t = new Float64Array(n);
        chebyshevBasis(x, t);
        const scale = a.reduce((s, v) => s + Math.abs(v), 0) * n * n + 1;
        expect(Math.abs(series(c, 0, t) - horner(a, x))).toBeLessThan(1e-13 * scale);
        const d1 = derivative(a);
        expect(Math.abs(series(c, n, t) - horner(d1, x))).toBeLessThan(1e-12 * scale);
        expect(Math.abs(series(c, 2 * n, t) - horner(derivative(d1), x))).toBeLessThan(
          1e-11 * scale,
        );
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});
