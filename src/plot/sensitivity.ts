/**
 * The Vega-Lite specs of `renp sensitivity --out x.svg` (docs/statistics.md "Sensitivity"):
 * - discrete tests (ordering, nature, mlightest): the Asimov significance Z = √Δχ² against the
 *   exposure in days, log-log, with the 3σ and 5σ lines, and (when nothing constrained floats)
 *   the curve Z ∝ √exposure through them; with toys, the toys' median √q with its 68% (thick)
 *   and 95% (thin) bands, set beside the Asimov point so that neither hides the other;
 * - bsm families: the expected 90% and 95% CL upper limits on the coupling against the mediator
 *   mass (log-log), one line per exposure scale and CL; without a mediator mass, against the
 *   exposure. Resonance points (the mediator's pole inside the scan, where the limit depends on
 *   the width assumed for it) are drawn as open markers on a dotted line, apart from the rest,
 *   with the assumed width in the legend.
 * Pure data in, JSON out (rendering is plot/render.ts).
 */
import type { TopLevelSpec } from "vega-lite";

/** One point of a discrete test. */
export interface SignificancePoint {
  exposureDays: number;
  z: number;
  /** sqrt of the toys' median q and of its 68% and 95% bands, when toys were thrown. */
  toys?:
    | { median: number; lo68: number; hi68: number; lo95?: number; hi95?: number; n?: number }
    | undefined;
}

/** One expected limit of a bsm family. */
export interface LimitPoint {
  exposureScale: number;
  exposureDays: number;
  /** The mediator mass; undefined for families without one. */
  massEv?: number | undefined;
  limit90: number;
  limit95: number;
  /** The mediator's pole lies in the scan: the limit depends on the width assumed. */
  resonance?: boolean | undefined;
  /** The width assumed for a resonant mediator. */
  widthEv?: number | undefined;
}

const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";
const CONFIG = {
  font: FONT,
  view: { stroke: "#888888" },
  axis: { labelFontSize: 11, titleFontSize: 13, titleFontWeight: "normal" as const },
  legend: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 15, offset: 6 },
};
const top = (title: string) => ({
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title,
  background: "white",
  padding: 10,
  config: CONFIG,
  width: 620,
  height: 380,
});
const logAxis = (title: string) => ({ title, format: "~g", grid: true, gridOpacity: 0.35 });

const KINDS = {
  curve: "Asimov: Z ∝ √exposure",
  points: "Asimov (computed)",
  toys: "toys: median √q, 68% and 95% bands",
};

/** Toys' markers sit this factor to the right of their Asimov point (log axis: a fixed offset). */
const TOY_OFFSET = 1.12;

/**
 * Z against exposure, with the 3 and 5 sigma lines: the computed points, a curve through them
 * when given (Delta chi2 proportional to exposure without constraints), and toys when thrown.
 */
export function significanceSpec(
  title: string,
  points: readonly SignificancePoint[],
  curve: readonly { exposureDays: number; z: number }[] = [],
): TopLevelSpec {
  const rows = points.filter((p) => p.z > 0 && Number.isFinite(p.z));
  const curveRows = curve.filter((p) => p.z > 0 && Number.isFinite(p.z));
  const toyRows = points.flatMap((p) =>
    p.toys && p.toys.median > 0
      ? [
          {
            ...p.toys,
            exposureDays: p.exposureDays * TOY_OFFSET,
            asimovDays: p.exposureDays,
            lo95: p.toys.lo95 ?? p.toys.lo68,
            hi95: p.toys.hi95 ?? p.toys.hi68,
          },
        ]
      : [],
  );
  const zs = [
    ...rows.map((p) => p.z),
    ...curveRows.map((p) => p.z),
    ...toyRows.map((t) => t.hi95),
    ...toyRows.map((t) => t.lo95).filter((v) => v > 0),
  ];
  const yDomain = [Math.min(...zs, 3) / 1.5, Math.max(...zs, 5) * 1.5];
  const kinds = [
    ...(curveRows.length ? [KINDS.curve] : []),
    KINDS.points,
    ...(toyRows.length ? [KINDS.toys] : []),
  ];
  const palette: Record<string, string> = {
    [KINDS.curve]: "#56B4E9",
    [KINDS.points]: "#0072B2",
    [KINDS.toys]: "#D55E00",
  };
  const color = {
    field: "kind",
    type: "nominal" as const,
    scale: { domain: kinds, range: kinds.map((k) => palette[k]) },
    legend: { title: null, orient: "bottom-right" as const, labelLimit: 400 },
  };
  const x = {
    field: "exposureDays",
    type: "quantitative" as const,
    scale: { type: "log" as const },
    axis: logAxis("exposure (days of scan)"),
  };
  const y = { type: "quantitative" as const, scale: { type: "log" as const, domain: yDomain } };
  const sigmaLines = [
    { z: 3, label: "3σ" },
    { z: 5, label: "5σ" },
  ];
  const layer: Record<string, unknown>[] = [
    {
      data: { values: sigmaLines },
      mark: { type: "rule", strokeDash: [6, 4], color: "#555555" },
      encoding: { y: { field: "z", ...y } },
    },
    {
      data: { values: sigmaLines },
      mark: { type: "text", align: "left", dx: 4, dy: -6, color: "#333333", fontSize: 11 },
      encoding: { y: { field: "z", ...y }, x: { value: 0 }, text: { field: "label" } },
    },
  ];
  if (curveRows.length > 0)
    layer.push({
      data: { values: curveRows.map((p) => ({ ...p, kind: KINDS.curve })) },
      mark: { type: "line", strokeWidth: 2 },
      encoding: { x, y: { field: "z", ...y }, color },
    });
  layer.push({
    data: { values: rows.map((p) => ({ ...p, kind: KINDS.points })) },
    mark: { type: "line", point: { size: 60, filled: true }, strokeWidth: 0 },
    encoding: {
      x,
      y: { field: "z", ...y, axis: logAxis("significance Z = √Δχ²") },
      color,
      tooltip: [
        { field: "exposureDays", title: "days", format: ".3g" },
        { field: "z", title: "Z (Asimov)", format: ".3g" },
      ],
    },
  });
  if (toyRows.length > 0) {
    // The 95% band can reach √q = 0 (q <= 0), which a log axis cannot show: clipped at its floor.
    const toys = toyRows.map((t) => ({
      ...t,
      kind: KINDS.toys,
      lo95: Math.max(t.lo95, yDomain[0]),
      lo68: Math.max(t.lo68, yDomain[0]),
    }));
    const tooltip = [
      { field: "asimovDays", title: "days", format: ".3g" },
      { field: "median", title: "toys: median √q", format: ".3g" },
      { field: "lo68", title: "68% from", format: ".3g" },
      { field: "hi68", title: "68% to", format: ".3g" },
      { field: "lo95", title: "95% from", format: ".3g" },
      { field: "hi95", title: "95% to", format: ".3g" },
    ];
    layer.push(
      {
        data: { values: toys },
        mark: { type: "rule", strokeWidth: 1 },
        encoding: { x, y: { field: "lo95", ...y }, y2: { field: "hi95" }, color },
      },
      {
        data: { values: toys },
        mark: { type: "rule", strokeWidth: 3.5 },
        encoding: { x, y: { field: "lo68", ...y }, y2: { field: "hi68" }, color },
      },
      {
        data: { values: toys },
        mark: { type: "point", filled: false, size: 70, shape: "diamond", strokeWidth: 2 },
        encoding: { x, y: { field: "median", ...y }, color, tooltip },
      },
    );
  }
  return { ...top(title), layer } as unknown as TopLevelSpec;
}

/** The legend entry of resonance points, with the width assumed (as a fraction of M when fixed). */
export function resonanceLabel(points: readonly LimitPoint[]): string | undefined {
  const resonant = points.filter((p) => p.resonance);
  if (resonant.length === 0) return undefined;
  const ratios = resonant.flatMap((p) =>
    p.widthEv !== undefined && p.massEv ? [p.widthEv / p.massEv] : [],
  );
  const same = ratios.length > 0 && ratios.every((r) => Math.abs(r / ratios[0] - 1) < 1e-9);
  const width = same ? `Γ = ${Number(ratios[0].toPrecision(3))} M` : "the Γ in the JSON";
  return `resonance (pole in the scan), limit for an assumed ${width}`;
}

/**
 * Expected upper limits against the mediator mass (or the exposure), log-log. Points are joined
 * within runs of the same kind only: a resonance run is drawn dotted with open markers, so no
 * solid line crosses from one regime into the other.
 */
export function limitSpec(
  title: string,
  couplingName: string,
  points: readonly LimitPoint[],
): TopLevelSpec {
  const byMass = points.some((p) => p.massEv !== undefined);
  const resonance = resonanceLabel(points);
  const offLabel = "off resonance";
  const sorted = [...points].sort(
    (a, b) => (a.massEv ?? a.exposureDays) - (b.massEv ?? b.exposureDays),
  );
  const rows = (["90% CL", "95% CL"] as const).flatMap((cl) => {
    const out: Record<string, unknown>[] = [];
    const seriesOf = (p: LimitPoint) => (byMass ? `${cl}, exposure x${p.exposureScale}` : cl);
    const segment = new Map<string, { n: number; resonant: boolean | undefined }>();
    for (const p of sorted) {
      const limit = cl === "90% CL" ? p.limit90 : p.limit95;
      if (!(limit > 0 && Number.isFinite(limit))) continue;
      const series = seriesOf(p);
      const state = segment.get(series) ?? { n: 0, resonant: undefined };
      const resonant = p.resonance === true;
      if (state.resonant !== undefined && state.resonant !== resonant) state.n++;
      state.resonant = resonant;
      segment.set(series, state);
      out.push({
        x: byMass ? p.massEv : p.exposureDays,
        limit,
        series,
        segment: `${series}#${state.n}`,
        region: resonant && resonance ? resonance : offLabel,
        widthEv: p.widthEv ?? null,
      });
    }
    return out;
  });
  const regions = resonance ? [offLabel, resonance] : [offLabel];
  const x = {
    field: "x",
    type: "quantitative" as const,
    scale: { type: "log" as const },
    axis: logAxis(byMass ? "mediator mass M (eV)" : "exposure (days of scan)"),
  };
  const y = {
    field: "limit",
    type: "quantitative" as const,
    scale: { type: "log" as const },
    axis: { ...logAxis(`expected upper limit on ${couplingName}`), format: "~e" },
  };
  const color = {
    field: "series",
    type: "nominal" as const,
    legend: { title: null, labelLimit: 300 },
  };
  const tooltip = [
    { field: "series", title: "limit" },
    { field: "x", title: byMass ? "M (eV)" : "days", format: ".3g" },
    { field: "limit", format: ".3g" },
    { field: "widthEv", title: "assumed Γ (eV)", format: ".3g" },
  ];
  // The resonance key in the subtitle: a legend of shapes and dashes without colour draws blank
  // symbols in vega, so the key says in words how those points are drawn.
  const heading = resonance
    ? { text: title, subtitle: `open diamonds on a dotted line: ${resonance}` }
    : title;
  return {
    ...top(title),
    title: heading,
    data: { values: rows },
    layer: [
      {
        mark: { type: "line", strokeWidth: 2 },
        encoding: {
          x,
          y,
          color,
          detail: { field: "segment", type: "nominal" },
          strokeDash: {
            field: "region",
            type: "nominal",
            scale: {
              domain: regions,
              range: [
                [1, 0],
                [2, 3],
              ],
            },
            legend: null,
          },
        },
      },
      {
        mark: { type: "point", size: 45, strokeWidth: 1.5 },
        encoding: {
          x,
          y,
          color,
          shape: {
            field: "region",
            type: "nominal",
            scale: { domain: regions, range: ["circle", "diamond"] },
            legend: null,
          },
          fill: {
            condition: { test: `datum.region === ${JSON.stringify(offLabel)}`, field: "series" },
            value: "white",
          },
          tooltip,
        },
      },
    ],
  } as unknown as TopLevelSpec;
}
