/** The --compare ratio panel draws every bin where the first series expects counts, and names the rest. */
import { describe, expect, it } from "vitest";
import type { SpectrumSeries } from "../../src/plot/data.js";
import { renderSvg } from "../../src/plot/render.js";
import { spectrumSpec } from "../../src/plot/spec.js";
import { svgTexts } from "./fixtures.js";

const series = (label: string, total: number[]): SpectrumSeries => ({
  label,
  eegEv: 2.2,
  loEv: Float64Array.from(total, (_, k) => 1 + 0.001 * k),
  hiEv: Float64Array.from(total, (_, k) => 1 + 0.001 * (k + 1)),
  components: [{ name: "signal", mu: Float64Array.from(total) }],
  total: Float64Array.from(total),
  thresholds: [],
});

describe("the ratio panel", () => {
  it("draws a x90 ratio in a bin far below the maximum, on a log axis, and names bins without a ratio", async () => {
    // Bin 1 expects 1e-5 of the maximum in A and 90 times that in B (a Z' near a threshold);
    // bin 0 expects nothing in A, so it has no ratio.
    const a = series("SM", [0, 1e-5, 1, 1, 1]);
    const b = series("Z'", [0.2, 9e-4, 1.01, 1, 0.99]);
    const spec = spectrumSpec({ series: [a, b] }) as unknown as {
      vconcat: { layer: { data: { values: { mu: number }[] }; encoding: any }[] }[];
    };
    const ratioLayer = spec.vconcat[1].layer[2];
    const ratios = ratioLayer.data.values.map((r) => r.mu);
    expect(Math.max(...ratios)).toBeCloseTo(90, 9);
    expect(ratioLayer.encoding.y.scale.type).toBe("log");
    const texts = svgTexts(await renderSvg(spectrumSpec({ series: [a, b] })));
    // The subtitle's lines are tspans of one text element.
    expect(texts.some((t) => t.includes("Z' / SM: no ratio in 1 bin(s) where SM expects 0"))).toBe(
      true,
    );
  });
});
