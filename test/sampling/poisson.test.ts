/**
 * Poisson samplers against the exact pmf. Every statistical check has a fixed seed, so the
 * results are reproducible; the false-failure probability stated with each is the chance that a
 * correct sampler fails it for a seed picked at random.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BinSampler,
  logPoissonPmf,
  MAX_MEAN_COUNTS,
  PoissonTable,
  samplePoisson,
  TABLE_MAX_MEAN_COUNTS,
} from "../../src/sampling/poisson.js";
import { ToyUniforms, toyStream, uniform53, type Uniform } from "../../src/sampling/streams.js";
import { chiSquareTest, ksUniform } from "../../src/testing/index.js";

type Draw = (u: Uniform) => number;
const tableDraw = (mu: number): Draw => {
  const table = new PoissonTable(mu);
  return (u) => table.sample(u);
};
const directDraw =
  (mu: number): Draw =>
  (u) =>
    samplePoisson(mu, u);
const PATHS: [string, (mu: number) => Draw][] = [
  ["PoissonTable", tableDraw],
  ["samplePoisson", directDraw],
];

/** A uniform source that replays `values`, counting the calls. */
function replay(values: number[]): Uniform & { calls: number } {
  const u = (() => {
    if (u.calls >= values.length) throw new Error("replay: out of values");
    return values[u.calls++];
  }) as Uniform & { calls: number };
  u.calls = 0;
  return u;
}

/** A stream that counts its calls. */
function counting(seed: number, toy = 0): Uniform & { calls: number } {
  const inner = toyStream(seed, toy);
  const u = (() => (u.calls++, inner())) as Uniform & { calls: number };
  u.calls = 0;
  return u;
}

/**
 * Chi-square test of n draws against Poisson(mu): cells k = kLo..kHi, the end cells taking the
 * tails (the mass beyond is below 1e-20), pooled so that each expects >= 5.
 */
function chiSquarePoisson(draw: Draw, mu: number, n: number, u: Uniform) {
  const sigma = Math.sqrt(mu);
  const kLo = Math.max(0, Math.floor(mu - 12 * sigma - 10));
  const kHi = Math.ceil(mu + 12 * sigma + 20);
  const observed = new Float64Array(kHi - kLo + 1);
  for (let i = 0; i < n; i++) observed[Math.min(Math.max(draw(u), kLo), kHi) - kLo]++;
  const expected = Float64Array.from(observed, (_, i) => n * Math.exp(logPoissonPmf(kLo + i, mu)));
  return chiSquareTest(observed, expected);
}

describe("logPoissonPmf", () => {
  it("matches mpmath to ~1e-16 relative, up to a mean of 1e9", () => {
    // python3 -c "import mpmath as mp; mp.mp.dps=40; print(float(-mp.mpf(mu) + k*mp.log(mp.mpf(mu)) - mp.loggamma(k+1)))"
    const reference: [number, number, number][] = [
      [0, 0.001, -0.001],
      [1, 0.001, -6.908755278982137],
      [12, 0.001, -102.88127784344753],
      [3, 0.5, -4.371201010907891],
      [0, 5, -5.0],
      [5, 5, -1.7403021806115442],
      [15, 20, -2.9632872805310266],
      [16, 20, -2.740143729216817],
      [37, 50, -4.585761253946023],
      [600, 500, -13.51047632606155],
      [1000, 1000, -4.372899506026297],
      [1100, 1000, -9.26174480492892],
      [1000000, 1e6, -7.826693895520143],
      [1003000, 1e6, -12.323698387635039],
      [1000000000, 1e9, -11.280571451761212],
      [1000100000, 1e9, -16.280454790927536],
      [2000000000, 1e9, -386294372.7470357],
    ];
    for (const [k, mu, value] of reference) {
      expect(Math.abs(logPoissonPmf(k, mu) - value), `k=${k} mu=${mu}`).toBeLessThanOrEqual(
        2e-15 * Math.abs(value),
      );
    }
    expect(Math.exp(logPoissonPmf(0, 0))).toBe(1);
    expect(logPoissonPmf(1, 0)).toBe(-Infinity);
  });
});

describe("goodness of fit to the exact pmf (chi-square, 1e6 draws)", () => {
  // False-failure probability 1e-6 per chi-square test (the threshold), 2.6e-5 for the 26 here.
  const means = [
    1e-3,
    0.5,
    5,
    10,
    50,
    1e3,
    TABLE_MAX_MEAN_COUNTS,
    TABLE_MAX_MEAN_COUNTS + 0.5,
    1e6,
  ];
  for (const [path, make] of PATHS) {
    for (const mu of means) {
      it(`${path}, mean ${mu}`, () => {
        const result = chiSquarePoisson(make(mu), mu, 1e6, toyStream(`gof-${path}-${mu}`, 0));
        expect(result.p, JSON.stringify(result)).toBeGreaterThan(1e-6);
      });
    }
  }

  it("BinSampler: each bin's counts, sparse group, tables and PTRS together", () => {
    const means = [0.02, 0, 0.3, 4, 0.5, 0.51, 700, 3e5, 1e-6, 0.45];
    const sampler = new BinSampler(means);
    const toys = 4e5;
    const counts = means.map(() => new Int32Array(toys));
    const out = new Int32Array(means.length);
    for (let t = 0; t < toys; t++) {
      sampler.fill(toyStream("bins", t), out);
      for (let b = 0; b < means.length; b++) counts[b][t] = out[b];
    }
    means.forEach((mu, b) => {
      if (mu === 0) {
        expect(counts[b].every((n) => n === 0)).toBe(true);
        return;
      }
      let i = 0;
      const replayCounts: Draw = () => counts[b][i++];
      const result = chiSquarePoisson(replayCounts, mu, toys, () => 0);
      if (result.cells > 1)
        expect(result.p, `bin ${b} ${JSON.stringify(result)}`).toBeGreaterThan(1e-6);
    });
    // Sparse bins are split from one total: their counts must still be independent. Under
    // independence each covariance's z ~ N(0, 1); the check |z| < 5.5 fails with probability 4e-8
    // each.
    const sparse = [0, 2, 4, 9];
    for (const a of sparse) {
      for (const b of sparse) {
        if (b <= a) continue;
        let cov = 0;
        for (let t = 0; t < toys; t++) cov += (counts[a][t] - means[a]) * (counts[b][t] - means[b]);
        const z = cov / toys / Math.sqrt((means[a] * means[b]) / toys);
        expect(Math.abs(z), `bins ${a}, ${b}`).toBeLessThan(5.5);
      }
    }
  });
});

describe("moments at large means (4e6 draws)", () => {
  // z-scores of the mean, variance, skewness (1/sqrt(mu)) and excess kurtosis (1/mu) against
  // Poisson's; the check |z| < 5.3 fails with probability 1.2e-7 each, 3e-6 for the 24 here. A
  // normal approximation has skewness 0: at mean 5000 that is z ~ 11.5 (checked below).
  const draws = 4e6;
  function momentZScores(draw: Draw, mu: number, u: Uniform): number[] {
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let i = 0; i < draws; i++) {
      const d = draw(u) - mu; // centred on mu, so sums of powers keep their digits at 1e9
      const d2 = d * d;
      s1 += d;
      s2 += d2;
      s3 += d2 * d;
      s4 += d2 * d2;
    }
    const m1 = s1 / draws;
    const m2 = s2 / draws - m1 * m1;
    const m3 = s3 / draws - 3 * m1 * (s2 / draws) + 2 * m1 ** 3;
    const m4 = s4 / draws - 4 * m1 * (s3 / draws) + 6 * m1 * m1 * (s2 / draws) - 3 * m1 ** 4;
    return [
      m1 / Math.sqrt(mu / draws),
      (m2 - mu) / Math.sqrt((mu + 2 * mu * mu) / draws),
      (m3 / m2 ** 1.5 - 1 / Math.sqrt(mu)) / Math.sqrt(6 / draws),
      (m4 / (m2 * m2) - 3 - 1 / mu) / Math.sqrt(24 / draws),
    ];
  }

  for (const [path, make] of PATHS) {
    for (const mu of [5000, 1e6, 1e9]) {
      it(`${path}, mean ${mu}`, () => {
        const z = momentZScores(make(mu), mu, toyStream(`moments-${path}-${mu}`, 0));
        for (const zi of z) expect(Math.abs(zi), `z = ${z.join(", ")}`).toBeLessThan(5.3);
      });
    }
  }

  it("would catch a normal approximation at mean 5000", () => {
    const mu = 5000;
    const normal: Draw = (u) => {
      const r = Math.sqrt(-2 * Math.log(1 - uniform53(u))); // Box-Muller
      return Math.round(mu + Math.sqrt(mu) * r * Math.cos(2 * Math.PI * uniform53(u)));
    };
    const [, , zSkewness] = momentZScores(normal, mu, toyStream("normal", 0));
    expect(zSkewness).toBeLessThan(-5.3);
  });
});

describe("second level: KS test of 50 chi-square p-values from 50 seeds", () => {
  // Each p-value comes from 1e5 draws; for a correct sampler they are ~U(0, 1). The KS p-value
  // threshold 1e-6 is the false-failure probability per case, 4e-6 for the 4 cases.
  const cases: [string, (mu: number) => Draw, number][] = [
    ["PoissonTable (table inversion)", tableDraw, 5],
    ["samplePoisson (sequential inversion)", directDraw, 3],
    ["samplePoisson (PTRS)", directDraw, 50],
    ["PoissonTable (PTRS)", tableDraw, 2e4],
  ];
  for (const [name, make, mu] of cases) {
    it(`${name}, mean ${mu}`, () => {
      const draw = make(mu);
      const pValues = Array.from(
        { length: 50 },
        (_, seed) => chiSquarePoisson(draw, mu, 1e5, toyStream(seed, 0)).p,
      );
      const { p } = ksUniform(pValues);
      expect(p, pValues.join()).toBeGreaterThan(1e-6);
    });
  }
});

describe("inversion decides with 32 bits and refines only inside a boundary's cell", () => {
  // The boundary between 0 and 1 for mean 0.5 is P(X = 0) = exp(-0.5); cell = its 2^-32 cell.
  const boundary = Math.exp(-0.5);
  const cell = Math.floor(boundary * 2 ** 32) / 2 ** 32;
  const top = 1 - 2 ** -32;
  for (const [path, make] of PATHS) {
    it(path, () => {
      const draw = make(0.5);
      const cases: [number[], number, number][] = [
        [[cell - 2 ** -32], 0, 1], // the cell below: decided, 0
        [[cell + 2 ** -32], 1, 1], // the cell above: decided, 1
        [[cell, 0], 0, 2], // refined below the boundary
        [[cell, top], 1, 2], // refined above it
      ];
      for (const [values, k, calls] of cases) {
        const u = replay(values);
        expect(draw(u), String(values)).toBe(k);
        expect(u.calls).toBe(calls);
      }
    });
  }

  it("BinSampler's sparse allocation", () => {
    // Means 0.125 and 0.25 form a group: the total (one uniform; 0.9 gives 1 count), then the
    // count goes to bin 0 below the boundary 1/3 and to bin 1 above it.
    const sampler = new BinSampler([0.125, 0.25]);
    const split = 0.125 / 0.375;
    const at = Math.floor(split * 2 ** 32) / 2 ** 32;
    const out = new Int32Array(2);
    for (const [values, counts] of [
      [
        [0.9, at, 0],
        [1, 0],
      ],
      [
        [0.9, at, top],
        [0, 1],
      ],
      [
        [0.9, at - 2 ** -32],
        [1, 0],
      ],
      [[0.1], [0, 0]],
    ] as [number[], number[]][]) {
      const u = replay(values);
      sampler.fill(u, out);
      expect(Array.from(out), String(values)).toEqual(counts);
      expect(u.calls).toBe(values.length);
    }
  });
});

describe("properties", () => {
  const anyMean = fc.oneof(
    fc.constant(0),
    fc.double({ min: -4, max: 9, noNaN: true }).map((e) => 10 ** e),
    fc.double({ min: 0, max: MAX_MEAN_COUNTS, noNaN: true }),
  );
  const badMean = fc.oneof(
    fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
    fc.double({ min: MAX_MEAN_COUNTS, noNaN: true }).filter((x) => x > MAX_MEAN_COUNTS),
    fc.constantFrom(NaN, Infinity, -Infinity),
  );
  const isCount = (k: number) => Number.isInteger(k) && k >= 0 && k <= 2 ** 31 - 1;

  it("draws non-negative integers that fit int32, for any mean in [0, 1e9]", () => {
    fc.assert(
      fc.property(anyMean, fc.nat(), (mu, seed) => {
        const u = toyStream(seed, 0);
        const table = new PoissonTable(mu);
        for (let i = 0; i < 20; i++) {
          expect(isCount(samplePoisson(mu, u))).toBe(true);
          expect(isCount(table.sample(u))).toBe(true);
        }
      }),
    );
  });

  it("inverts the same way with a guide table as by sequential search (means below 10)", () => {
    // Both find the k with F(k-1) <= x < F(k) for the 53-bit uniform x of the two 32-bit values;
    // their F differ by rounding alone (~1e-16), so they agree unless x is that close to an F(k):
    // probability ~1e-15 per case, but for the top cell of x1, where the F(k) of the far tail
    // crowd within an ulp of 1 (fast-check likes extremes), so that cell is left out.
    const x1s = fc.integer({ min: 0, max: 2 ** 32 - 2 }).map((k) => k / 2 ** 32);
    const x2s = fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((k) => k / 2 ** 32);
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 9.99, noNaN: true }), x1s, x2s, (mu, x1, x2) => {
        const table = new PoissonTable(mu);
        const bins = new BinSampler([mu]);
        const out = new Int32Array(1);
        bins.fill(replay([x1, x2]), out);
        expect(table.sample(replay([x1, x2]))).toBe(samplePoisson(mu, replay([x1, x2])));
        expect(out[0]).toBe(samplePoisson(mu, replay([x1, x2])));
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps no state between draws: a used sampler draws what a fresh one draws from the same stream", () => {
    fc.assert(
      fc.property(
        fc.array(anyMean, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.integer({ min: 1, max: 20 }),
        (means, seed, warmUp) => {
          const used = new BinSampler(means);
          const usedTable = new PoissonTable(means[0]);
          const scratch = new Int32Array(means.length);
          // Earlier toys, from other streams, must leave no trace in the sampler.
          for (let i = 0; i < warmUp; i++) {
            used.fill(toyStream(seed, 100 + i), scratch);
            usedTable.sample(toyStream(seed, 200 + i));
          }
          const draw = (sampler: BinSampler, table: PoissonTable) => {
            const u = toyStream(seed, 1);
            const out = new Int32Array(means.length);
            const draws: number[] = [];
            for (let i = 0; i < 5; i++) {
              sampler.fill(u, out);
              draws.push(...out, table.sample(u));
            }
            return draws;
          };
          expect(draw(used, usedTable)).toEqual(
            draw(new BinSampler(means), new PoissonTable(means[0])),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it("gives 0 for mean 0 and consumes no uniform", () => {
    fc.assert(
      fc.property(fc.nat({ max: 20 }), (bins) => {
        const u = counting(1);
        expect(samplePoisson(0, u)).toBe(0);
        expect(new PoissonTable(0).sample(u)).toBe(0);
        const out = new Int32Array(bins).fill(7);
        new BinSampler(new Float64Array(bins)).fill(u, out);
        expect(out.every((n) => n === 0)).toBe(true);
        expect(u.calls).toBe(0);
      }),
    );
  });

  it("throws a RangeError for a negative, non-finite or too large mean", () => {
    fc.assert(
      fc.property(badMean, (mu) => {
        expect(() => samplePoisson(mu, toyStream(1, 0))).toThrow(RangeError);
        expect(() => new PoissonTable(mu)).toThrow(RangeError);
        expect(() => new BinSampler([1, mu])).toThrow(RangeError);
      }),
    );
  });
});

describe("BinSampler", () => {
  it("writes one toy at an offset and leaves the rest of out alone", () => {
    const sampler = new BinSampler([3, 0, 50]);
    const out = new Int32Array(7).fill(-1);
    sampler.fill(toyStream(1, 0), out, 2);
    expect(Array.from(out.subarray(0, 2))).toEqual([-1, -1]);
    expect(Array.from(out.subarray(5))).toEqual([-1, -1]);
    expect(out[3]).toBe(0);
    expect(out[2] >= 0 && out[4] >= 0).toBe(true);
    for (const offset of [5, -1, 0.5])
      expect(() => sampler.fill(toyStream(1, 0), out, offset)).toThrow(RangeError);
  });

  it("draws sparse bins as a group of two or more: 1 + (their total) uniforms", () => {
    const out = new Int32Array(2);
    const lone = new BinSampler([0.3, 0]);
    const group = new BinSampler([0.3, 0.3]);
    const u = counting(2);
    for (let t = 0; t < 1000; t++) {
      let before = u.calls;
      lone.fill(u, out);
      expect(u.calls - before).toBe(1);
      before = u.calls;
      group.fill(u, out);
      expect(u.calls - before).toBe(1 + out[0] + out[1]);
    }
  });

  it("keeps its draws from one version to the next (regression snapshot)", () => {
    // Changing these changes every run's data: bump the sampler's version in the metadata.
    const sampler = new BinSampler([0.05, 0.2, 0, 3, 40, 2e4, 1e9]);
    const out = new Int32Array(7);
    const toys: number[][] = [];
    for (let t = 0; t < 3; t++) {
      sampler.fill(toyStream(20231108, t), out);
      toys.push(Array.from(out));
    }
    expect(toys).toEqual(SNAPSHOT);
  });
});

describe("BinSampler's tables and bulk streams", () => {
  const means = [0.05, 0.2, 0, 3, 40, 0.4, 2e4, 7.5, 1e9, 1e4];

  it("fillFrom a ToyUniforms gives what fill gives from toyStream, with tables from another sampler", () => {
    const sampler = new BinSampler(means);
    const twin = new BinSampler(sampler.tables);
    const q = new ToyUniforms(64);
    const a = new Int32Array(means.length);
    const b = new Int32Array(means.length);
    for (let toy = 0; toy < 2000; toy++) {
      sampler.fill(toyStream(5, toy), a);
      twin.fillFrom(q.reset(5, toy, toy % 17), b);
      expect(Array.from(b), `toy ${toy}`).toEqual(Array.from(a));
    }
  });

  it("keeps its tables in SharedArrayBuffers (workers share them instead of copying)", () => {
    const { fixed, ...rest } = new BinSampler(means).tables;
    const arrays = [...Object.values(fixed), ...Object.values(rest)].filter((v) =>
      ArrayBuffer.isView(v),
    );
    for (const a of arrays.filter((a) => a.byteLength > 0))
      expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});

const SNAPSHOT = [
  [0, 0, 0, 2, 43, 19764, 1000040976],
  [1, 1, 0, 0, 28, 19966, 999996627],
  [0, 0, 0, 1, 44, 20089, 1000010423],
];
