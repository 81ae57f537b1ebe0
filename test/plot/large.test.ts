/**
 * The plot of a run at the documented maximum of 100,000 bins: building the
 * spec must not pass one argument per bin (push(...rows), Math.max(...values)), which overflows
 * the call stack.
 */
import { describe, expect, it } from "vitest";
import type { SpectrumSeries } from "../../src/plot/data.js";
import { spectrumSpec } from "../../src/plot/spec.js";

const BINS = 100_000;

/** A flat synthetic series of BINS bins over [1, 2] eV (no physics: only the sizes matter). */
function series(label: string, level: number): SpectrumSeries {
  const loEv = Float64Array.from({ length: BINS }, (_, k) => 1 + k / BINS);
  const hiEv = loEv.map((v) => v + 1 / BINS);
  const total = new Float64Array(BINS).fill(level);
  return {
    label,
    eegEv: 2.5,
    loEv,
    hiEv,
    components: [{ name: "signal", mu: total }],
    total,
    thresholds: [],
  };
}

describe("a 100,000-bin plot", () => {
  it("builds the spec with a comparison and a toy (no stack overflow)", () => {
    const spec = spectrumSpec({
      series: [series("A", 2), series("B", 3)],
      toy: { index: 0, counts: new Int32Array(BINS).fill(2) },
    });
    const text = JSON.stringify(spec);
    expect(text).toContain("B / A");
    expect(text.length).toBeGreaterThan(BINS); // every bin is in the data
  });
});
