/**
 * The Vega-Lite specs of `renp sensitivity --out x.svg` (docs/statistics.md "Sensitivity"):
 * - discrete tests (ordering, nature, mlightest): the Asimov significance Z = sqrt(Delta chi2)
 *   against the exposure in days, log-log, with the 3 and 5 sigma lines; with toys, the toys'
 *   median sqrt(q) and its 68% band as points with bars;
 * - bsm families: the expected 90% and 95% CL upper limits on the coupling against the mediator
 *   mass (log-log), one line per exposure scale and CL; without a mediator mass, against the
 *   exposure.
 * Pure data in, JSON out (rendering is plot/render.ts).
 */
import type { TopLevelSpec } from "vega-lite";

/** One point of a discrete test. */
export interface SignificancePoint {
  exposureDays: number;
  z: number;
  /** sqrt of the toys' median q and of its 68% band, when toys were thrown. */
  toys?: { median: number; lo68: number; hi68: number } | undefined;
}

/** One expected limit of a bsm family. */
export interface LimitPoint {
  exposureScale: number;
  exposureDays: number;
  /** The mediator mass; undefined for families without one. */
  massEv?: number | undefined;
  limit90: number;
  limit95: number;
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

/** Z against exposure, with the 3 and 5 sigma lines (and toys when given). */
export function significanceSpec(
  title: string,
  points: readonly SignificancePoint[],
): TopLevelSpec {
  const rows = points.filter((p) => p.z > 0 && Number.isFinite(p.z));
  const toyRows = points.flatMap((p) =>
    p.toys && p.toys.median > 0 ? [{ exposureDays: p.exposureDays, ...p.toys }] : [],
  );
  const zs = [...rows.map((p) => p.z), ...toyRows.map((t) => t.hi68), 5];
  const yDomain = [Math.min(...zs.filter((z) => z > 0), 3) / 2, Math.max(...zs) * 1.5];
  const x = {
    field: "exposureDays",
    type: "quantitative" as const,
    scale: { type: "log" as const },
    axis: logAxis("exposure (days of scan)"),
  };
  const y = { type: "quantitative" as const, scale: { type: "log" as const, domain: yDomain } };
  const layer: Record<string, unknown>[] = [
    {
      data: {
        values: [
          { z: 3, label: "3 sigma" },
          { z: 5, label: "5 sigma" },
        ],
      },
      mark: { type: "rule", strokeDash: [6, 4], color: "#555555" },
      encoding: { y: { field: "z", ...y } },
    },
    {
      data: {
        values: [
          { z: 3, label: "3 sigma" },
          { z: 5, label: "5 sigma" },
        ],
      },
      mark: { type: "text", align: "left", dx: 4, dy: -6, color: "#333333", fontSize: 11 },
      encoding: { y: { field: "z", ...y }, x: { value: 0 }, text: { field: "label" } },
    },
    {
      data: { values: rows.map((p) => ({ ...p, kind: "Asimov" })) },
      mark: { type: "line", point: true, strokeWidth: 2, color: "#0072B2" },
      encoding: {
        x,
        y: { field: "z", ...y, axis: logAxis("Z = sqrt(Delta chi2)") },
        shape: { field: "kind", type: "nominal", legend: { title: null } },
      },
    },
  ];
  if (toyRows.length > 0) {
    layer.push(
      {
        data: { values: toyRows },
        mark: { type: "rule", color: "#D55E00", strokeWidth: 1.5 },
        encoding: { x, y: { field: "lo68", ...y }, y2: { field: "hi68" } },
      },
      {
        data: { values: toyRows.map((t) => ({ ...t, kind: "toys: median, 68%" })) },
        mark: { type: "point", filled: true, color: "#D55E00", size: 40 },
        encoding: {
          x,
          y: { field: "median", ...y },
          shape: { field: "kind", type: "nominal", legend: { title: null } },
        },
      },
    );
  }
  return { ...top(title), layer } as unknown as TopLevelSpec;
}

/** Expected upper limits against the mediator mass (or the exposure), log-log. */
export function limitSpec(
  title: string,
  couplingName: string,
  points: readonly LimitPoint[],
): TopLevelSpec {
  const byMass = points.some((p) => p.massEv !== undefined);
  const rows = points.flatMap((p) =>
    (
      [
        ["90% CL", p.limit90],
        ["95% CL", p.limit95],
      ] as const
    )
      .filter(([, limit]) => limit > 0 && Number.isFinite(limit))
      .map(([cl, limit]) => ({
        x: byMass ? p.massEv : p.exposureDays,
        limit,
        series: byMass ? `${cl}, exposure x${p.exposureScale}` : cl,
      })),
  );
  return {
    ...top(title),
    data: { values: rows },
    mark: { type: "line", point: true, strokeWidth: 2 },
    encoding: {
      x: {
        field: "x",
        type: "quantitative",
        scale: { type: "log" },
        axis: logAxis(byMass ? "mediator mass M (eV)" : "exposure (days of scan)"),
      },
      y: {
        field: "limit",
        type: "quantitative",
        scale: { type: "log" },
        axis: { ...logAxis(`expected upper limit on ${couplingName}`), format: "~e" },
      },
      color: { field: "series", type: "nominal", legend: { title: null, labelLimit: 300 } },
    },
  } as unknown as TopLevelSpec;
}
