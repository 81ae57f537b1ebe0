/**
 * The bounded minimiser against problems with known minima: quadratics (one Newton step),
 * Rosenbrock's valley, minima on a bound, and the failures it must report.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  invertSymmetric,
  minimize,
  minimizeScalar,
  solveSymmetric,
  symmetricEigen,
  type Objective,
} from "../../src/inference/minimize.js";

/** f = (x - c)^T A (x - c) with A = M M^T + I (positive definite). */
function quadratic(a: Float64Array, c: Float64Array): Objective {
  const n = c.length;
  return {
    evaluate(x, g, h) {
      let f = 0;
      for (let i = 0; i < n; i++) {
        let ai = 0;
        for (let j = 0; j < n; j++) ai += a[i * n + j] * (x[j] - c[j]);
        f += (x[i] - c[i]) * ai;
        g[i] = 2 * ai;
        for (let j = 0; j < n; j++) h[i * n + j] = 2 * a[i * n + j];
      }
      return f;
    },
  };
}

const positiveDefinite = (m: number[], n: number) => {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) s += m[i * n + k] * m[j * n + k];
      a[i * n + j] = s;
    }
  return a;
};

/** Rosenbrock's function (H. H. Rosenbrock, Comput. J. 3 (1960) 175), minimum 0 at (1, 1). */
const rosenbrock: Objective = {
  evaluate(x, g, h) {
    const [u, v] = x;
    g[0] = -2 * (1 - u) - 400 * u * (v - u * u);
    g[1] = 200 * (v - u * u);
    h[0] = 2 - 400 * (v - u * u) + 800 * u * u;
    h[1] = h[2] = -400 * u;
    h[3] = 200;
    return (1 - u) ** 2 + 100 * (v - u * u) ** 2;
  },
};

describe("minimize", () => {
  it("finds an unconstrained quadratic's minimum (random positive definite A, centre c)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.double({ min: -3, max: 3, noNaN: true }), {
              minLength: n * n,
              maxLength: n * n,
            }),
            fc.array(fc.double({ min: -10, max: 10, noNaN: true }), {
              minLength: n,
              maxLength: n,
            }),
          ),
        ),
        ([n, m, c]) => {
          const r = minimize(
            quadratic(positiveDefinite(m, n), Float64Array.from(c)),
            new Float64Array(n),
            new Float64Array(n).fill(-Infinity),
            new Float64Array(n).fill(Infinity),
          );
          expect(r.status).toBe("ok");
          r.x.forEach((v, i) => expect(Math.abs(v - c[i])).toBeLessThan(1e-8));
        },
      ),
    );
  });

  it("meets the KKT conditions of a quadratic in a box (projected gradient zero)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
              minLength: n * n,
              maxLength: n * n,
            }),
            fc.array(fc.double({ min: -5, max: 5, noNaN: true }), {
              minLength: n,
              maxLength: n,
            }),
          ),
        ),
        ([n, m, c]) => {
          const a = positiveDefinite(m, n);
          const objective = quadratic(a, Float64Array.from(c));
          const lower = new Float64Array(n).fill(-1);
          const upper = new Float64Array(n).fill(1);
          const r = minimize(objective, new Float64Array(n), lower, upper);
          expect(r.status === "ok" || r.status === "at-bound").toBe(true);
          const g = new Float64Array(n);
          objective.evaluate(r.x, g, new Float64Array(n * n));
          for (let i = 0; i < n; i++) {
            // Interior: gradient 0; at the lower bound: g >= 0; at the upper bound: g <= 0.
            if (r.x[i] <= -1) expect(g[i]).toBeGreaterThan(-1e-6);
            else if (r.x[i] >= 1) expect(g[i]).toBeLessThan(1e-6);
            else expect(Math.abs(g[i])).toBeLessThan(1e-6);
          }
          expect(r.status === "at-bound").toBe(r.atBound.some(Boolean));
        },
      ),
    );
  });

  it("follows Rosenbrock's valley to (1, 1) from (-1.2, 1)", () => {
    const r = minimize(rosenbrock, [-1.2, 1], [-5, -5], [5, 5]);
    expect(r.status).toBe("ok");
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-8);
    expect(Math.abs(r.x[1] - 1)).toBeLessThan(1e-8);
  });

  it("stops on a bound the minimum lies beyond: Rosenbrock with u <= 0.5 ends at (0.5, 0.25)", () => {
    // On u = 0.5 the minimum over v is v = u^2; the u-gradient there, -2(1 - u) < 0, points out.
    const r = minimize(rosenbrock, [-1.2, 1], [-5, -5], [0.5, 5]);
    expect(r.status).toBe("at-bound");
    expect(r.atBound).toEqual([true, false]);
    expect(r.x[0]).toBe(0.5);
    expect(Math.abs(r.x[1] - 0.25)).toBeLessThan(1e-8);
  });

  it("reports what it cannot do: too few iterations, a non-finite start", () => {
    const short = minimize(rosenbrock, [-1.2, 1], [-5, -5], [5, 5], { maxIterations: 2 });
    expect(short.status).toBe("not-converged");
    expect(short.message).toMatch(/2 iterations/);
    const nan: Objective = { evaluate: () => NaN };
    const bad = minimize(nan, [0], [-1], [1]);
    expect(bad.status).toBe("not-converged");
    expect(bad.message).toMatch(/NaN/);
  });

  it("solves and inverts positive definite systems, and refuses the others", () => {
    const a = Float64Array.from([4, 2, 2, 3]);
    const x = solveSymmetric(a, Float64Array.from([2, 1]), 2)!;
    expect(4 * x[0] + 2 * x[1]).toBeCloseTo(2, 14);
    expect(2 * x[0] + 3 * x[1]).toBeCloseTo(1, 14);
    const inv = invertSymmetric(a, 2)!;
    // [[4, 2], [2, 3]]^-1 = [[3, -2], [-2, 4]] / 8.
    expect([...inv].map((v) => v * 8)).toEqual([3, -2, -2, 4].map((v) => expect.closeTo(v, 12)));
    expect(invertSymmetric(Float64Array.from([1, 2, 2, 1]), 2)).toBeUndefined();
  });

  it("leaves a saddle along its negative curvature: (x - 1)^2 + (y^2 - 1)^2 from (0, 0)", () => {
    // At y = 0 the y-gradient vanishes and d2f/dy2 = -4: Newton alone would stay there.
    const saddle: Objective = {
      evaluate(x, g, h) {
        const [u, v] = x;
        g[0] = 2 * (u - 1);
        g[1] = 4 * v * (v * v - 1);
        h[0] = 2;
        h[1] = h[2] = 0;
        h[3] = 12 * v * v - 4;
        return (u - 1) ** 2 + (v * v - 1) ** 2;
      },
    };
    const r = minimize(saddle, [0, 0], [-5, -5], [5, 5]);
    expect(r.status).toBe("ok");
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-8);
    expect(Math.abs(Math.abs(r.x[1]) - 1)).toBeLessThan(1e-8);
  });

  it("symmetricEigen: A v = lambda v with orthonormal v (random symmetric matrices)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.double({ min: -5, max: 5, noNaN: true }), {
              minLength: n * n,
              maxLength: n * n,
            }),
          ),
        ),
        ([n, m]) => {
          const a = Float64Array.from({ length: n * n }, (_, k) => {
            const i = Math.floor(k / n);
            const j = k % n;
            return m[i * n + j] + m[j * n + i];
          });
          const { values, vectors } = symmetricEigen(a, n);
          for (let e = 0; e < n; e++)
            for (let i = 0; i < n; i++) {
              let av = 0;
              for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[j * n + e];
              expect(av).toBeCloseTo(values[e] * vectors[i * n + e], 8);
            }
          for (let e = 0; e < n; e++)
            for (let f = 0; f < n; f++) {
              let dot = 0;
              for (let i = 0; i < n; i++) dot += vectors[i * n + e] * vectors[i * n + f];
              expect(dot).toBeCloseTo(e === f ? 1 : 0, 10);
            }
        },
      ),
    );
  });

  it("minimizeScalar: minimize's answer to the last bit for one variable (random Poisson fits of a normalisation in a box)", () => {
    // D(s) = 2 sum_k [mu - n + n ln(n / mu)], mu_k = s a_k + b_k: convex in s, the grid score of
    // the global search (global.ts). Both minimisers must agree on the point and on D there.
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 50 }),
            fc.double({ min: 0.01, max: 20, noNaN: true }),
            fc.double({ min: 0.1, max: 20, noNaN: true }),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        fc.double({ min: -1, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (bins, start, upperExtra) => {
          const objective: Objective = {
            evaluate(x, g, h) {
              let f = 0;
              g[0] = 0;
              h[0] = 0;
              for (const [n, a, b] of bins) {
                const mu = x[0] * a + b;
                if (!(mu > 0)) return Infinity;
                f += 2 * (mu - n + (n > 0 ? n * Math.log(n / mu) : 0));
                g[0] += 2 * a * (1 - n / mu);
                h[0] += (2 * n * a * a) / (mu * mu);
              }
              return f;
            },
          };
          const lower = 0;
          const upper = 0.5 + upperExtra;
          const general = minimize(objective, [start], [lower], [upper], { tolerance: 1e-8 });
          const scalar = minimizeScalar(objective, start, lower, upper, { tolerance: 1e-8 });
          // The same points, so the same numbers to the last bit.
          expect(scalar.status).toBe(general.status);
          expect(scalar.f).toBe(general.f);
          expect(scalar.x).toBe(general.x[0]);
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });
});
