import crypto from "node:crypto";
import fc from "fast-check";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import {
  RNG_ALGORITHM,
  ToyUniforms,
  toyStream,
  uniform53,
  type Uniform,
} from "../../src/sampling/streams.js";
import { chiSquareTest, pearson } from "../../src/testing/index.js";

const take = (u: Uniform, n: number): Float64Array => Float64Array.from({ length: n }, () => u());

describe("toyStream", () => {
  it("derives the stream from the hex SHA-256 of '<seed>/<toy>' fed to seedrandom's tychei", () => {
    // python3 -c "import hashlib; print(hashlib.sha256(b'7/3').hexdigest())"
    const reference = seedrandom.tychei(
      "653e83e7d95bb7be2685ebb3549dd4fb8525591259ef65a5385a9ba172e43537",
    );
    expect(take(toyStream(7, 3), 5)).toEqual(take(reference, 5));
    // python3 -c "import hashlib; print(hashlib.sha256(b'run-a/0').hexdigest())"
    const named = seedrandom.tychei(
      "1c38f5ce335ae80d893c7c12bcda989c641da6249506b55d2b2952076d07919b",
    );
    expect(take(toyStream("run-a", 0), 5)).toEqual(take(named, 5));
    expect(RNG_ALGORITHM).toContain("tychei");
  });

  it("keeps its streams from one version to the next (regression snapshot)", () => {
    // Changing these changes every run's data: a new RNG_ALGORITHM, not a silent update.
    const words = (toy: number) =>
      Array.from(take(toyStream(20231108, toy), 3), (x) => x * 2 ** 32);
    expect(words(0)).toEqual([1587370700, 2946510611, 362305724]);
    expect(words(1)).toEqual([6709503, 124883757, 1789111324]);
  });

  it("is deterministic, and an integer seed equals its decimal string", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (seed, toy) => {
        const a = take(toyStream(seed, toy), 20);
        expect(take(toyStream(seed, toy), 20)).toEqual(a);
        expect(take(toyStream(String(seed), toy), 20)).toEqual(a);
      }),
      { numRuns: 50 },
    );
  });

  it("gives different streams to different toys and seeds", () => {
    const starts = new Set<string>();
    for (const seed of [0, 1, 2, 20231108, "a", "b", "0 "]) {
      for (let toy = 0; toy < 200; toy++)
        starts.add(Array.from(take(toyStream(seed, toy), 2)).join());
    }
    expect(starts.size).toBe(7 * 200);
  });

  it("returns 32-bit values on the 2^-32 grid in [0, 1)", () => {
    const u = toyStream(1, 2);
    for (let i = 0; i < 10_000; i++) {
      const k = u() * 2 ** 32;
      expect(Number.isInteger(k) && k >= 0 && k < 2 ** 32).toBe(true);
    }
  });

  it("draws uniformly: chi-square of 1e6 draws in 100 cells", () => {
    // False-failure probability 1e-6 (the p-value threshold), for any fixed seed.
    const u = toyStream(20231108, 5);
    const observed = new Float64Array(100);
    for (let i = 0; i < 1e6; i++) observed[Math.floor(u() * 100)]++;
    const { p } = chiSquareTest(observed, new Float64Array(100).fill(1e4));
    expect(p).toBeGreaterThan(1e-6);
  });

  it("gives neighbouring toys and seeds uncorrelated streams", () => {
    // Under independence z = sqrt(n) r ~ N(0, 1); the check |z| < 5.5 fails with probability
    // 3.8e-8 per pair, 4e-7 for the 10 pairs here.
    const n = 1e5;
    const pairs: [number | string, number, number | string, number][] = [
      [20231108, 0, 20231108, 1],
      [20231108, 1, 20231108, 2],
      [20231108, 41, 20231108, 42],
      [20231108, 999_999, 20231108, 1_000_000],
      [20231108, 2 ** 31 - 2, 20231108, 2 ** 31 - 1],
      [0, 0, 0, 1],
      [1, 7, 1, 8],
      ["x", 3, "x", 4],
      [5, 0, 6, 0],
      ["seed9", 0, "seed10", 0],
    ];
    for (const [seedA, toyA, seedB, toyB] of pairs) {
      const z =
        Math.sqrt(n) * pearson(take(toyStream(seedA, toyA), n), take(toyStream(seedB, toyB), n));
      expect(Math.abs(z), `${seedA}/${toyA} vs ${seedB}/${toyB}`).toBeLessThan(5.5);
    }
  });

  it("rejects bad seeds and toys with a RangeError", () => {
    for (const seed of [-1, 1.5, NaN, Infinity, 2 ** 53, ""])
      expect(() => toyStream(seed, 0)).toThrow(RangeError);
    for (const seed of [null, undefined, {}] as unknown as number[]) {
      expect(() => toyStream(seed, 0)).toThrow(RangeError);
    }
    for (const toy of [-1, 0.5, NaN, Infinity, 2 ** 53])
      expect(() => toyStream(1, toy)).toThrow(RangeError);
  });
});

describe("ToyUniforms (the toy streams in bulk)", () => {
  it("gives seedrandom's tychei sequence through refills of any size, and reset reuses it", () => {
    const q = new ToyUniforms(300);
    fc.assert(
      fc.property(
        fc.oneof(fc.nat(), fc.string({ minLength: 1, maxLength: 12 })),
        fc.nat(),
        fc.integer({ min: 1, max: 400 }),
        (seed, toy, expectedWords) => {
          const reference = seedrandom.tychei(
            crypto.createHash("sha256").update(`${seed}/${toy}`).digest("hex"),
          );
          q.reset(seed, toy, expectedWords);
          for (let i = 0; i < 500; i++) expect(q.next()).toBe(reference());
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("uniform53", () => {
  it("combines two 32-bit draws into a multiple of 2^-53 in [0, 1)", () => {
    let calls = 0;
    const u = toyStream(3, 4);
    const counted: Uniform = () => (calls++, u());
    for (let i = 0; i < 10_000; i++) {
      const k = uniform53(counted) * 2 ** 53;
      expect(Number.isInteger(k) && k >= 0 && k < 2 ** 53).toBe(true);
    }
    expect(calls).toBe(20_000);
    const extremes = [0, 1 - 2 ** -32, 1 - 2 ** -32];
    expect(uniform53(() => extremes.pop() ?? 0)).toBe(1 - 2 ** -53);
  });
});
