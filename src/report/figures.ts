/**
 * The report's figures as Vega-Lite specs: the expected spectrum by component with the
 * thresholds (plot/spec.ts), the toys' mean counts against the expectation with the per-bin
 * pulls, the fits (plot/fitsFigures.ts) and the sensitivity results (plot/sensitivityLines.ts).
 * Each figure gets hover values and, where the axes are continuous, zoom and pan (interactive).
 */
import type { TopLevelSpec } from "vega-lite";
import { basename } from "node:path";
import { readToyCounts } from "../io/read.js";
import { seriesFromExpected } from "../plot/data.js";
import { panelSpec, type Panel } from "../plot/fits.js";
import { sensitivityLinesSpec } from "../plot/sensitivityLines.js";
import { spectrumSpec, xAxisTitle } from "../plot/spec.js";
import { PALETTE, topLevel } from "../plot/style.js";
import type { RunContents } from "./collect.js";

/**
 * What the report shows of one fits file, computed by the entry (src/report.ts, through
 * src/fitsPlot.ts): this layer does not reach into inference/ (docs/architecture.md).
 */
export interface FitsView {
  path: string;
  toys: number;
  float: readonly string[];
  summary: {
    statusCounts: Record<string, number>;
    parameters: Record<
      string,
      {
        truth: string;
        toys: number;
        mean: number;
        meanErr: number;
        width: number;
        widthErr: number;
      }
    >;
    q: Record<
      string,
      {
        toys: number;
        median: number;
        band68: [number, number];
        band95: [number, number];
        fractionNegative: number;
      }
    >;
    warnings: string[];
  };
  panels: { kind: "pulls" | "q" | "truth"; name: string; panel: Panel }[];
}

export interface Figure {
  id: string;
  section: "spectrum" | "toys" | "fits" | "sensitivity";
  caption: string;
  spec: TopLevelSpec;
}

type Json = Record<string, unknown>;

/**
 * Hover values on every mark, and an interval selection bound to the scales (drag to pan, wheel
 * to zoom, double-click to reset) on each panel with continuous x and y.
 */
export function interactive(spec: TopLevelSpec): TopLevelSpec {
  let n = 0;
  const visit = (node: Json): Json => {
    const out: Json = { ...node };
    for (const key of ["vconcat", "hconcat", "concat"])
      if (Array.isArray(node[key])) out[key] = (node[key] as Json[]).map(visit);
    if (Array.isArray(node.layer)) {
      const layers = (node.layer as Json[]).map((l) => ({ ...l }));
      const target = layers.find((l) => {
        const e = l.encoding as Json | undefined;
        return e && (e.x as Json | undefined)?.field && (e.y as Json | undefined)?.field;
      });
      if (target) target.params = [{ name: `zoom${n++}`, select: "interval", bind: "scales" }];
      // vega-lite clips every mark of a view whose scales a selection binds; labels placed
      // outside the frame (the thresholds' (ij)) stay visible.
      if (target)
        for (const l of layers) {
          const mark = typeof l.mark === "string" ? { type: l.mark } : (l.mark as Json);
          if (mark?.type === "text" && mark.clip === undefined) l.mark = { ...mark, clip: false };
        }
      out.layer = layers;
    } else if (node.mark && node.encoding) {
      out.params = [{ name: `zoom${n++}`, select: "interval", bind: "scales" }];
    }
    return out;
  };
  const top = visit(spec as unknown as Json);
  const config = (top.config as Json | undefined) ?? {};
  top.config = { ...config, mark: { ...(config.mark as Json), tooltip: { content: "encoding" } } };
  return top as unknown as TopLevelSpec;
}

/** The expected total and the toys' mean per bin (± its standard error), and the per-bin pulls. */
export function toysSpec(run: RunContents): TopLevelSpec | undefined {
  const toys = run.toys;
  if (!toys || toys.toys === 0) return undefined;
  const e = run.expected;
  const eeg = e.metadata.scenario?.target.eegEv ?? NaN;
  const detuningMeV = (omegaEv: number) => (eeg / 2 - omegaEv) * 1e3;
  const n = toys.toys;
  const rows = Array.from(e.muTotal, (mu, k) => {
    const se = Math.sqrt(toys.variance[k] / n);
    return {
      bin: k,
      x: detuningMeV(e.omegaEv[k]),
      mu,
      mean: toys.mean[k],
      lo: toys.mean[k] - se,
      hi: toys.mean[k] + se,
      // (mean - mu) / sqrt(mu / toys): ~N(0, 1) per bin for Poisson toys of mean mu.
      pull: mu > 0 ? (toys.mean[k] - mu) / Math.sqrt(mu / n) : NaN,
    };
  });
  const x = {
    field: "x",
    type: "quantitative" as const,
    scale: { zero: false, nice: false },
    axis: { title: xAxisTitle("detuning-mev"), grid: false },
  };
  const tooltip = [
    { field: "bin" },
    { field: "x", title: "detuning (meV)", format: ".4g" },
    { field: "mu", title: "μ expected", format: ".4g" },
    { field: "mean", title: "toys' mean", format: ".4g" },
    { field: "pull", format: ".2f" },
  ];
  const kinds = ["expected μ_total", `mean of ${n} toys ± standard error`];
  const color = {
    field: "kind",
    type: "nominal" as const,
    scale: { domain: kinds, range: ["#000000", PALETTE[1]] },
    legend: { title: null, orient: "top" as const, labelLimit: 320 },
  };
  return {
    ...topLevel({
      text: "toys against the expectation",
      subtitle: `${n} toys; pull = (mean − μ) / √(μ / toys), ~N(0, 1) per bin for Poisson toys`,
    }),
    vconcat: [
      {
        width: 760,
        height: 280,
        layer: [
          {
            data: { values: rows.map((r) => ({ ...r, kind: kinds[0] })) },
            mark: { type: "line", interpolate: "step", strokeWidth: 1.5 },
            encoding: {
              x: { ...x, axis: { ...x.axis, title: null } },
              y: {
                field: "mu",
                type: "quantitative",
                axis: { title: "counts per bin", grid: true, gridOpacity: 0.35 },
              },
              color,
              tooltip,
            },
          },
          {
            data: { values: rows.map((r) => ({ ...r, kind: kinds[1] })) },
            mark: { type: "rule", strokeWidth: 1.2 },
            encoding: { x, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, color },
          },
          {
            data: { values: rows.map((r) => ({ ...r, kind: kinds[1] })) },
            mark: { type: "point", filled: true, size: 18 },
            encoding: { x, y: { field: "mean", type: "quantitative" }, color, tooltip },
          },
        ],
      },
      {
        width: 760,
        height: 110,
        layer: [
          {
            data: { values: [{ y: -2 }, { y: 0 }, { y: 2 }] },
            mark: { type: "rule", color: "#888888", strokeDash: [2, 2] },
            encoding: { y: { field: "y", type: "quantitative" } },
          },
          {
            data: { values: rows.filter((r) => Number.isFinite(r.pull)) },
            mark: { type: "point", filled: true, size: 18, color: PALETTE[0] },
            encoding: {
              x,
              y: {
                field: "pull",
                type: "quantitative",
                axis: { title: "pull", grid: true, gridOpacity: 0.35 },
              },
              tooltip,
            },
          },
        ],
      },
    ],
    spacing: 10,
    resolve: { scale: { x: "shared" } },
  } as unknown as TopLevelSpec;
}

/** Every figure of the report, in page order. */
export function reportFigures(run: RunContents, fitsViews: readonly FitsView[]): Figure[] {
  const figures: Figure[] = [];
  const series = seriesFromExpected(run.expected);
  const firstToy = run.toys?.files.find((f) => f.count > 0);
  const counts = firstToy
    ? readToyCounts(firstToy.path, firstToy.first, series.total.length)
    : undefined;
  figures.push({
    id: "spectrum",
    section: "spectrum",
    caption:
      "Expected counts per bin by component (steps) with the thresholds ω_ij (dashed, labelled (ij))" +
      (counts ? `, and toy ${firstToy?.first} with 68% Garwood intervals.` : "."),
    spec: spectrumSpec({ series: [series], toy: counts && { index: firstToy!.first, counts } }),
  });
  const toys = toysSpec(run);
  if (toys)
    figures.push({
      id: "toys",
      section: "toys",
      caption:
        "The toys' mean count per bin against the expected total, and the per-bin pulls (dashed: ±2).",
      spec: toys,
    });
  fitsViews.forEach((fits, i) => {
    for (const p of fits.panels)
      figures.push({
        id: `fits${i}-${p.kind}-${p.name.replace(/[^A-Za-z0-9]+/g, "_")}`,
        section: "fits",
        caption: `${basename(fits.path)}: ${
          p.kind === "pulls"
            ? `pulls of ${p.name} against N(0, 1), with the pulls' mean and width (± standard errors)`
            : p.kind === "q"
              ? `q_${p.name} over the toys against χ²(1), the boundary mixture ½δ(0) + ½χ²(1) and the gaussian of separate hypotheses`
              : `fitted ${p.name} against its truth (the drawn value in nuisance.arrow, or the drawn events of toys written with --truth)`
        }.`,
        spec: panelSpec(p.panel),
      });
  });
  run.sensitivity.forEach((file, i) => {
    const byTest = new Map<string, typeof file.lines>();
    for (const l of file.lines) byTest.set(l.test, [...(byTest.get(l.test) ?? []), l]);
    [...byTest].forEach(([test, lines], j) =>
      figures.push({
        id: `sensitivity${i}-${j}`,
        section: "sensitivity",
        caption: `${basename(file.path)}: ${test}.`,
        spec: sensitivityLinesSpec(
          lines,
          `${run.expected.metadata.scenario?.name ?? "scenario"}: ${test}`,
        ),
      }),
    );
  });
  return figures.map((f) => ({ ...f, spec: interactive(f.spec) }));
}
