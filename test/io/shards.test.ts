/** Shard file names sort in toy order and parse back. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseShardFileName, shardSuffix } from "../../src/io/shards.js";

describe("shard file names", () => {
  it("zero-pads K to the width of N", () => {
    expect(`toys${shardSuffix({ index: 2, count: 12 })}.arrow`).toBe("toys-02-of-12.arrow");
    expect(shardSuffix({ index: 7, count: 9 })).toBe("-7-of-9");
    expect(shardSuffix({ index: 100, count: 100 })).toBe("-100-of-100");
  });

  it("a plain sort of the names of one run is K order, and each name parses back (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1500 }), (n) => {
        const names = Array.from(
          { length: n },
          (_, i) => `toys${shardSuffix({ index: i + 1, count: n })}.arrow`,
        );
        expect([...names].sort()).toEqual(names);
        names.forEach((name, i) =>
          expect(parseShardFileName(name)).toEqual({
            stem: "toys",
            index: i + 1,
            count: n,
            ext: "arrow",
          }),
        );
      }),
      { numRuns: 50 },
    );
  });

  it("reads unpadded names and rejects other names", () => {
    expect(parseShardFileName("nuisance-3-of-12.arrow")).toMatchObject({ index: 3, count: 12 });
    for (const name of ["toys.arrow", "toys-1-of-2.arrow.tmp", ".toys-1-of-2.arrow.1.ab.tmp"])
      expect(parseShardFileName(name)).toBeUndefined();
  });
});
