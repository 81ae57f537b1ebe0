/**
 * The Vega-Lite specs of `renp sensitivity --out x.svg` (docs/statistics.md "Sensitivity"):
 * - discrete tests (ordering, nature, mlightest): the Asimov significance Z = sqrt(Delta chi2)
 *   against the exposure in days, log-log, with the 3 and 5 sigma lines, and (when nothing
 *   constrained floats) the curve Z ~ sqrt(exposure) through them; with toys, the toys' median
 *   sqrt(q) and its 68% band as points with bars;
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

const KINDS = {
  curve: "Asimov: Z ~ sqrt(exposure)",
  points: "Asimov (computed)",
  toys: "toys: median and 68% band",
};

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
    p.toys && p.toys.median > 0 ? [{ exposureDays: p.exposureDays, ...p.toys }] : [],
  );
  const zs = [...rows.map((p) => p.z), ...curveRows.map((p) => p.z), ...toyRows.map((t) => t.hi68)];
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
    { z: 3, label: "3 sigma" },
    { z: 5, label: "5 sigma" },
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
    encoding: { x, y: { field: "z", ...y, axis: logAxis("Z = sqrt(Delta chi2)") }, color },
  });
  if (toyRows.length > 0) {
    const toys = toyRows.map((t) => ({ ...t, kind: KINDS.toys }));
    layer.push(
      {
        data: { values: toys },
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: { x, y: { field: "lo68", ...y }, y2: { field: "hi68" }, color },
      },
      {
        data: { values: toys },
        mark: { type: "point", filled: true, size: 40, shape: "square" },
        encoding: { x, y: { field: "median", ...y }, color },
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
