/**
 * The sensitivity figures: symbols (Z = √Δχ², 3σ), the toys' median and bands beside the Asimov
 * point rather than under it, and resonance points of the BSM limits marked apart, with the
 * width assumed for them in the legend and no line joining them to the points off resonance.
 */
import { describe, expect, it } from "vitest";
import { renderSvg } from "../../src/plot/render.js";
import { limitSpec, resonanceLabel, type LimitPoint } from "../../src/plot/sensitivity.js";
import { sensitivityLinesSpec } from "../../src/plot/sensitivityLines.js";
import { SENSITIVITY_LINES } from "../report/fixtures.js";
import { svgTexts, xmlProblems } from "./fixtures.js";

type Layered = { layer: { data?: { values: Record<string, any>[] }; mark: any }[] };

describe("significance against exposure", () => {
  const lines = SENSITIVITY_LINES.filter((l) => l.test === "ordering");

  it("the toys' median sits beside its Asimov point, with 68% and 95% bands", () => {
    const spec = sensitivityLinesSpec(lines, "ordering") as unknown as Layered;
    const asimov = spec.layer.find((l) => l.data?.values[0]?.kind === "Asimov (computed)")!;
    const toys = spec.layer.filter((l) => l.data?.values[0]?.kind?.startsWith("toys"));
    expect(toys).toHaveLength(3);
    const a = asimov.data!.values[0];
    const t = toys[0].data!.values[0];
    // Same exposure, drawn at a different x: neither marker covers the other.
    expect(t.asimovDays).toBe(a.exposureDays);
    expect(t.exposureDays / a.exposureDays).toBeGreaterThan(1.05);
    // sqrt of the line's q quantiles: median 29, 68% 19..41, 95% 12..55.
    expect(t.median).toBeCloseTo(Math.sqrt(29), 12);
    expect([t.lo68, t.hi68]).toEqual([Math.sqrt(19), Math.sqrt(41)]);
    expect([t.lo95, t.hi95]).toEqual([Math.sqrt(12), Math.sqrt(55)]);
  });

  it("says Z = √Δχ², 3σ and 5σ, and names the toys' bands", async () => {
    const svg = await renderSvg(sensitivityLinesSpec(lines, "ordering"));
    expect(xmlProblems(svg)).toEqual([]);
    const texts = svgTexts(svg);
    for (const t of ["significance Z = √Δχ²", "3σ", "5σ", "toys: median √q, 68% and 95% bands"])
      expect(texts).toContain(t);
    expect(texts.join(" ")).not.toMatch(/sqrt|sigma|Delta/);
  });
});

describe("expected limits against the mediator mass", () => {
  const point = (massEv: number, resonance: boolean): LimitPoint => ({
    exposureScale: 1,
    exposureDays: 66,
    massEv,
    limit90: 1e-3,
    limit95: 2e-3,
    resonance,
    widthEv: resonance ? 1e-3 * massEv : undefined,
  });
  const points = [
    point(0.001, false),
    point(0.01, false),
    point(0.03, true),
    point(0.05, true),
    point(0.1, true),
    point(1, false),
    point(10, false),
  ];

  it("a resonance run is its own segment: no line joins it to points off resonance", () => {
    const spec = limitSpec("t", "g", points) as unknown as {
      data: { values: { segment: string; region: string; series: string }[] };
    };
    const bySegment = new Map<string, Set<string>>();
    for (const r of spec.data.values)
      bySegment.set(r.segment, (bySegment.get(r.segment) ?? new Set()).add(r.region));
    for (const regions of bySegment.values()) expect(regions.size).toBe(1);
    // Per CL: off, resonance, off.
    expect([...bySegment.keys()].filter((k) => k.startsWith("90% CL"))).toHaveLength(3);
  });

  it("the legend names the resonance and the width assumed", async () => {
    expect(resonanceLabel(points)).toBe(
      "resonance (pole in the scan), limit for an assumed Γ = 0.001 M",
    );
    expect(resonanceLabel(points.filter((p) => !p.resonance))).toBeUndefined();
    const texts = svgTexts(await renderSvg(limitSpec("t", "g", points)));
    expect(texts).toContain(
      "open diamonds on a dotted line: resonance (pole in the scan), limit for an assumed Γ = 0.001 M",
    );
  });

  it("JSON lines with widthEv are resonance points", () => {
    const spec = sensitivityLinesSpec(
      SENSITIVITY_LINES.filter((l) => l.test === "bsm:vector"),
      "vector",
    ) as unknown as { data: { values: { region: string }[] } };
    expect(spec.data.values.every((r) => r.region.startsWith("resonance"))).toBe(true);
  });
});
