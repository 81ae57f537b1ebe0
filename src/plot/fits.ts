/**
 * The Vega-Lite specs of fit results (`renp plot fits.arrow`, the report), pure data in, JSON out:
 * - pulls per floated parameter: a histogram of (fit − truth) / σ over the ok toys against the
 *   standard normal N(0, 1) scaled to the toy count, and the gaussian of the pulls' sample mean
 *   and width, both quoted with their standard errors (inference/pulls.ts);
 * - q of a tested alternative: its density over the toys against the references of
 *   docs/statistics.md: χ²(1) (Wilks, a nested test with the parameter inside its range), the
 *   boundary mixture ½δ(0) + ½χ²(1) (Chernoff, the parameter on a boundary; its continuous half is
 *   drawn), and the gaussian N(Δχ²_A, 2√Δχ²_A) of two separate hypotheses (M. Blennow et al.,
 *   JHEP 03 (2014) 028) with Δχ²_A estimated by the toys' median;
 * - fitted against true values, when the truth varies per toy (nuisance.arrow).
 */
import type { TopLevelSpec } from "vega-lite";
import { CONFIG, PALETTE, sig, topLevel } from "./style.js";

type Layer = Record<string, unknown>;

/** The pulls' moments a panel quotes (inference/pulls.ts computes them). */
export interface PullMomentsShown {
  mean: number;
  meanErr: number;
  width: number;
  widthErr: number;
}

/** The q distribution's summary a panel quotes (inference/fitsSummary.ts computes it). */
export interface QSummaryShown {
  median: number;
  band68: [number, number];
  band95: [number, number];
  min: number;
  fractionNegative: number;
}
/** A panel: width, height and layers (a unit of a concatenated figure). */
export interface Panel {
  width: number;
  height: number;
  title?: string | { text: string; subtitle?: string | string[] } | undefined;
  layer: Layer[];
}

const WIDTH = 420;
const HEIGHT = 260;

/** The standard normal density φ(x) = exp(−x²/2) / √(2π). */
export const normalPdf = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** The χ² density of 1 degree of freedom: exp(−q/2) / √(2πq), q > 0. */
export const chi2OneDofPdf = (q: number): number =>
  q > 0 ? Math.exp(-q / 2) / Math.sqrt(2 * Math.PI * q) : NaN;

/** Histogram counts of `values` on equal bins of [lo, hi); values outside are counted apart. */
export function histogram(
  values: readonly number[],
  lo: number,
  hi: number,
  bins: number,
): { lo: number; hi: number; count: number }[] & { below: number; above: number } {
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  for (const v of values) {
    if (v < lo) below++;
    else if (v >= hi) above++;
    else counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  const rows = counts.map((count, k) => ({ lo: lo + k * width, hi: lo + (k + 1) * width, count }));
  return Object.assign(rows, { below, above });
}

const colorScale = (domain: string[], range: string[]) => ({
  field: "curve",
  type: "nominal" as const,
  scale: { domain, range },
  legend: {
    title: null,
    orient: "bottom" as const,
    direction: "vertical" as const,
    labelLimit: 420,
    symbolType: "stroke",
  },
});

/** Pull histogram of one parameter against N(0, 1) and the gaussian of the pulls' mean and width. */
export function pullPanel(name: string, pulls: readonly number[], m: PullMomentsShown): Panel {
  const binWidth = 0.5;
  // At least ±4, widened to the data in half-units up to ±8; what lies beyond is counted aside.
  const extreme = pulls.reduce((a, v) => (Number.isFinite(v) ? Math.max(a, Math.abs(v)) : a), 0);
  const half = Math.min(8, Math.max(4, Math.ceil(extreme / binWidth) * binWidth));
  const h = histogram(pulls, -half, half, Math.round((2 * half) / binWidth));
  const n = pulls.length;
  const standard = "N(0, 1)";
  const fitted = `mean ${sig(m.mean)} ± ${sig(m.meanErr, 2)}, width ${sig(m.width)} ± ${sig(m.widthErr, 2)}`;
  const curves: { x: number; y: number; curve: string }[] = [];
  for (let i = 0; i <= 200; i++) {
    const x = -half + (2 * half * i) / 200;
    curves.push({ x, y: n * binWidth * normalPdf(x), curve: standard });
    if (m.width > 0)
      curves.push({
        x,
        y: (n * binWidth * normalPdf((x - m.mean) / m.width)) / m.width,
        curve: fitted,
      });
  }
  const outside = h.below + h.above;
  const x = {
    type: "quantitative" as const,
    scale: { domain: [-half, half], nice: false },
    axis: { title: "pull = (fit − truth) / σ", grid: false },
  };
  return {
    width: WIDTH,
    height: HEIGHT,
    title: {
      text: `pulls of ${name}`,
      subtitle: `${n} toys with status ok${outside ? `; ${outside} outside ±${half} not drawn` : ""}`,
    },
    layer: [
      {
        data: { values: h.map((b) => ({ ...b, kind: "toys" })) },
        mark: { type: "rect", color: "#BBBBBB", stroke: "#777777", strokeWidth: 0.5 },
        encoding: {
          x: { field: "lo", ...x },
          x2: { field: "hi" },
          y: {
            field: "count",
            type: "quantitative",
            axis: { title: `toys per bin of ${binWidth}`, grid: true, gridOpacity: 0.35 },
          },
          y2: { datum: 0 },
          tooltip: [
            { field: "lo", title: "from", format: ".2f" },
            { field: "hi", title: "to", format: ".2f" },
            { field: "count", title: "toys" },
          ],
        },
      },
      {
        data: { values: curves },
        mark: { type: "line", strokeWidth: 2, clip: true },
        encoding: {
          x: { field: "x", ...x },
          y: { field: "y", type: "quantitative" },
          color: colorScale([standard, fitted], ["#000000", PALETTE[1]]),
        },
      },
    ],
  };
}

/** Which reference distributions a q panel draws. */
export type QReference = "chi2" | "mixture" | "gaussian";

export const Q_REFERENCE_LABELS: Record<QReference, string> = {
  chi2: "χ²(1): nested, inside the range",
  mixture: "½χ²(1): boundary, ½δ(0) + ½χ²(1)",
  gaussian: "N(Δχ²_A, 2√Δχ²_A): separate hypotheses",
};

/**
 * The density of q over the toys (a histogram normalised to unit area) with the reference
 * distributions, the toys' median and q = 0 marked, and the share below 0 quoted.
 */
export function qPanel(
  test: string,
  values: readonly number[],
  summary: QSummaryShown,
  references: readonly QReference[] = ["chi2", "mixture", "gaussian"],
): Panel {
  const n = values.length;
  const lo = Math.min(0, summary.min);
  // Up to the 99.5% quantile of the toys, or 6 where χ²(1) has its mass; the rest counted aside.
  const sorted = [...values].sort((a, b) => a - b);
  const top = Math.max(6, sorted[Math.floor(0.995 * (n - 1))] ?? 0);
  const bins = 30;
  const width = (top - lo) / bins;
  const h = histogram(values, lo, top + 1e-12, bins);
  const density = h.map((b) => ({ ...b, density: n > 0 ? b.count / (n * width) : 0 }));
  const gaussianMean = summary.median;
  const curves: { x: number; y: number; curve: string }[] = [];
  const labels = references
    .filter((r) => r !== "gaussian" || gaussianMean > 0)
    .map((r) => Q_REFERENCE_LABELS[r]);
  for (let i = 0; i <= 300; i++) {
    const q = lo + ((top - lo) * i) / 300;
    if (references.includes("chi2") && q > 0)
      curves.push({ x: q, y: chi2OneDofPdf(q), curve: Q_REFERENCE_LABELS.chi2 });
    if (references.includes("mixture") && q > 0)
      curves.push({ x: q, y: 0.5 * chi2OneDofPdf(q), curve: Q_REFERENCE_LABELS.mixture });
    if (references.includes("gaussian") && gaussianMean > 0) {
      const sd = 2 * Math.sqrt(gaussianMean);
      curves.push({
        x: q,
        y: normalPdf((q - gaussianMean) / sd) / sd,
        curve: Q_REFERENCE_LABELS.gaussian,
      });
    }
  }
  // The y range follows the toys (and the gaussian): χ²(1) diverges at 0 and is clipped.
  const peak = Math.max(
    ...density.map((b) => b.density),
    gaussianMean > 0 ? normalPdf(0) / (2 * Math.sqrt(gaussianMean)) : 0,
    0.5 * chi2OneDofPdf(Math.max(width, 0.05)),
  );
  const x = {
    type: "quantitative" as const,
    scale: { domain: [lo, top], nice: false },
    axis: { title: `q_${test} = Δχ² (alternative − scenario)`, grid: false },
  };
  const y = { type: "quantitative" as const, scale: { domain: [0, 1.15 * peak], nice: false } };
  const marks = [
    { x: 0, label: `q < 0: ${sig(100 * summary.fractionNegative, 2)}%` },
    { x: summary.median, label: `median ${sig(summary.median)}` },
  ];
  const colors = [PALETTE[0], PALETTE[2], PALETTE[1]];
  return {
    width: WIDTH,
    height: HEIGHT,
    title: {
      text: `q_${test} over ${n} toys`,
      subtitle: `median ${sig(summary.median)}, 68%: ${sig(summary.band68[0])} .. ${sig(summary.band68[1])}, 95%: ${sig(summary.band95[0])} .. ${sig(summary.band95[1])}`,
    },
    layer: [
      {
        data: { values: density },
        mark: { type: "rect", color: "#BBBBBB", stroke: "#777777", strokeWidth: 0.5 },
        encoding: {
          x: { field: "lo", ...x },
          x2: { field: "hi" },
          y: {
            field: "density",
            ...y,
            axis: { title: "toys, density (per unit q)", grid: true, gridOpacity: 0.35 },
          },
          y2: { datum: 0 },
          tooltip: [
            { field: "lo", title: "from", format: ".3g" },
            { field: "hi", title: "to", format: ".3g" },
            { field: "count", title: "toys" },
          ],
        },
      },
      ...(curves.length
        ? [
            {
              data: { values: curves },
              mark: { type: "line", strokeWidth: 2, clip: true },
              encoding: {
                x: { field: "x", ...x },
                y: { field: "y", ...y },
                color: colorScale(
                  labels,
                  labels.map((_, i) => colors[i % colors.length]),
                ),
              },
            },
          ]
        : []),
      {
        data: { values: marks },
        mark: { type: "rule", color: "#333333", strokeDash: [3, 3] },
        encoding: { x: { field: "x", ...x } },
      },
      {
        data: { values: marks },
        mark: { type: "text", align: "left", dx: 3, baseline: "top", fontSize: 11, angle: 0 },
        encoding: {
          x: { field: "x", ...x },
          y: { value: 4 },
          yOffset: { field: "row", type: "quantitative", scale: null },
          text: { field: "label" },
        },
        transform: [{ calculate: "datum.x === 0 ? 0 : 14", as: "row" }],
      },
    ],
  };
}

/** Fitted against true values per toy, with ±σ bars and the line fit = truth. */
export function truthPanel(
  name: string,
  rows: readonly { truth: number; fitted: number; error: number }[],
  labels: { title: string; truth: string; fitted: string } = {
    title: `${name}: fitted against truth`,
    truth: `true ${name} (nuisance.arrow)`,
    fitted: `fitted ${name} ± σ`,
  },
): Panel {
  const values = rows.flatMap((r) => [r.truth, r.fitted - r.error, r.fitted + r.error]);
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = 0.05 * (hi - lo || Math.abs(hi) || 1);
  const domain = [lo - pad, hi + pad];
  const enc = (field: string, title: string) => ({
    field,
    type: "quantitative" as const,
    scale: { domain, nice: false, zero: false },
    axis: { title, grid: true, gridOpacity: 0.35 },
  });
  const data = rows.map((r) => ({ ...r, lo: r.fitted - r.error, hi: r.fitted + r.error }));
  return {
    width: WIDTH,
    height: HEIGHT,
    title: {
      text: labels.title,
      subtitle: `${rows.length} toys with status ok`,
    },
    layer: [
      {
        data: { values: [{ a: domain[0] }, { a: domain[1] }] },
        mark: { type: "line", color: "#000000", strokeDash: [5, 3], strokeWidth: 1 },
        encoding: {
          x: { field: "a", type: "quantitative", scale: { domain } },
          y: { field: "a", type: "quantitative", scale: { domain } },
        },
      },
      {
        data: { values: data },
        mark: { type: "rule", color: PALETTE[0], opacity: 0.5 },
        encoding: { x: enc("truth", labels.truth), y: enc("lo", ""), y2: { field: "hi" } },
      },
      {
        data: { values: data },
        mark: { type: "point", filled: true, size: 16, color: PALETTE[0] },
        encoding: {
          x: enc("truth", labels.truth),
          y: enc("fitted", labels.fitted),
          tooltip: [
            { field: "truth", format: ".4g" },
            { field: "fitted", format: ".4g" },
            { field: "error", title: "σ", format: ".3g" },
          ],
        },
      },
    ],
  };
}

/** One panel as a stand-alone spec. */
export function panelSpec(panel: Panel): TopLevelSpec {
  const { title, ...rest } = panel;
  return { ...topLevel(title ?? ""), ...rest } as unknown as TopLevelSpec;
}

/** Each panel keeps its own curves and legend. */
const INDEPENDENT = {
  scale: { color: "independent" },
  legend: { color: "independent" },
};

/** Panels in rows of `columns`, under one title. */
export function panelsSpec(
  title: string | { text: string; subtitle?: string | string[] },
  panels: readonly Panel[],
  columns = 2,
): TopLevelSpec {
  const rows: Panel[][] = [];
  for (let i = 0; i < panels.length; i += columns) rows.push(panels.slice(i, i + columns));
  return {
    ...topLevel(title),
    config: { ...CONFIG, title: { ...CONFIG.title, anchor: "start" as const } },
    vconcat: rows.map((row) => ({ hconcat: row, spacing: 30, resolve: INDEPENDENT })),
    spacing: 24,
    resolve: INDEPENDENT,
  } as unknown as TopLevelSpec;
}
