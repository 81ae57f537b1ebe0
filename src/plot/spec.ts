/**
 * The Vega-Lite spec of a spectrum plot: expected counts per bin as step outlines (one per
 * component, or one total per compared scenario), the six thresholds omega_ij as dashed rules
 * labelled (ij) above the frame, one toy's counts as points with Garwood 68% bars, and in
 * comparison mode a ratio panel under the spectra. Pure data in, JSON out (no rendering here).
 */
import { maxOf as largest, minOf as smallest } from "../numerics/extent.js";
import type { TopLevelSpec } from "vega-lite";
import type { SpectrumPlotData, SpectrumSeries, Threshold } from "./data.js";
import { garwoodInterval } from "../numerics/stats.js";
import { FONT, PALETTE } from "./style.js";

export type XAxisMode = "ev" | "detuning-mev";

export interface SpectrumPlotOptions {
  xAxis?: XAxisMode;
  logY?: boolean;
  width?: number;
  height?: number;
}

// Component colours (Okabe-Ito, colour-blind safe; the toy data in black) and the font: style.ts.
const LABEL_FONT_SIZE = 11;
const LABEL_ROW_PX = 13;

interface StepRow {
  series: string;
  seg: string;
  x: number;
  mu: number;
  order: number;
}

const toX = (mode: XAxisMode, eegEv: number) => (omegaEv: number) =>
  mode === "ev" ? omegaEv : (eegEv / 2 - omegaEv) * 1e3;

/** The outline of a histogram as a polyline: (left, mu) (right, mu) per bin; breaks where mu is not drawable. */
function stepRows(
  name: string,
  s: SpectrumSeries,
  mu: Float64Array,
  mode: XAxisMode,
  logY: boolean,
): StepRow[] {
  const x = toX(mode, s.eegEv);
  const bins = Array.from({ length: mu.length }, (_, k) => {
    const a = x(s.loEv[k]);
    const b = x(s.hiEv[k]);
    return { left: Math.min(a, b), right: Math.max(a, b), mu: mu[k] };
  }).sort((p, q) => p.left - q.left);
  const rows: StepRow[] = [];
  let seg = 0;
  let order = 0;
  let previousRight = NaN;
  for (const bin of bins) {
    const drawable = Number.isFinite(bin.mu) && (!logY || bin.mu > 0);
    // A skipped bin or a gap in the scan starts a new path.
    if (
      !drawable ||
      (rows.length > 0 &&
        Math.abs(bin.left - previousRight) > 1e-9 * Math.max(1, Math.abs(bin.left)))
    )
      seg++;
    if (!drawable) continue;
    rows.push({ series: name, seg: `${name}#${seg}`, x: bin.left, mu: bin.mu, order: order++ });
    rows.push({ series: name, seg: `${name}#${seg}`, x: bin.right, mu: bin.mu, order: order++ });
    previousRight = bin.right;
  }
  return rows;
}

/** Stacks labels that would overlap into rows (greedy, in pixel space); row 0 nearest the frame. */
export function labelRows(positionsPx: readonly number[], labelWidthPx: number): number[] {
  const order = positionsPx.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const rowEnds: number[] = [];
  const rows = new Array<number>(positionsPx.length).fill(0);
  for (const { p, i } of order) {
    let r = rowEnds.findIndex((end) => p - end >= labelWidthPx);
    if (r < 0) {
      r = rowEnds.length;
      rowEnds.push(-Infinity);
    }
    rowEnds[r] = p;
    rows[i] = r;
  }
  return rows;
}

function positiveMin(values: Iterable<number>): number {
  let m = Infinity;
  for (const v of values) if (v > 0 && v < m) m = v;
  return m;
}

/** The largest finite value (-Infinity for none). */
function maxOf(values: Iterable<number>): number {
  let m = -Infinity;
  for (const v of values) if (Number.isFinite(v) && v > m) m = v;
  return m;
}

/** The smallest 1, 2 or 5 x 10^k at or above v. */
export function niceCeiling(v: number): number {
  const decade = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * decade).find((c) => c >= v * (1 - 1e-12)) ?? 10 * decade;
}

export function xAxisTitle(mode: XAxisMode): string {
  return mode === "ev" ? "photon energy ω (eV)" : "detuning E_eg/2 − ω (meV)";
}

/** The thresholds of every series, drawn once each (series with the same masses share them). */
/**
 * The expected counts of series s on the bins of `onto`, with s's counts spread uniformly over
 * each of its bins: sum_j total_j |[lo_k, hi_k] ∩ [lo_j, hi_j]| / (hi_j - lo_j). Exact when the
 * binnings agree; undefined for scan points (no widths) of different grids.
 */
export function rebinTotals(s: SpectrumSeries, onto: SpectrumSeries): Float64Array | undefined {
  const same =
    s.loEv.length === onto.loEv.length &&
    s.loEv.every((v, k) => v === onto.loEv[k] && s.hiEv[k] === onto.hiEv[k]);
  if (same) return s.total;
  const widths = Array.from(s.loEv, (lo, j) => s.hiEv[j] - lo);
  if (widths.some((w) => !(w > 0)) || onto.loEv.some((lo, k) => !(onto.hiEv[k] > lo)))
    return undefined;
  return Float64Array.from(onto.loEv, (lo, k) => {
    const hi = onto.hiEv[k];
    let sum = 0;
    for (let j = 0; j < s.loEv.length; j++) {
      const overlap = Math.min(hi, s.hiEv[j]) - Math.max(lo, s.loEv[j]);
      if (overlap > 0) sum += (s.total[j] * overlap) / widths[j];
    }
    return sum;
  });
}

/**
 * The ratio panel: each compared series' total over the first one's, on the first one's bins
 * (a series with other bins is re-binned onto them: rebinTotals).
 */
function ratioRowsOf(
  series: SpectrumSeries[],
  mode: XAxisMode,
): { rows: StepRow[]; names: string[]; rebinned: boolean; notes: string[] } {
  const [main, ...others] = series;
  const rows: StepRow[] = [];
  const names: string[] = [];
  const notes: string[] = [];
  let rebinned = false;
  if (!main) return { rows, names, rebinned, notes };
  for (const s of others) {
    const total = rebinTotals(s, main);
    if (!total) continue;
    rebinned ||= total !== s.total;
    const name =
      total === s.total ? `${s.label} / ${main.label}` : `${s.label} (re-binned) / ${main.label}`;
    names.push(name);
    // Every bin where the first series expects counts is drawn, however large the ratio (a Z'
    // can multiply a near-threshold bin x90); bins where it expects none have no ratio and are
    // named in the subtitle.
    const r = total.map((v, k) => (main.total[k] > 0 ? v / main.total[k] : NaN));
    const undefinedBins = r.reduce((n, v) => n + (Number.isFinite(v) ? 0 : 1), 0);
    if (undefinedBins > 0)
      notes.push(`${name}: no ratio in ${undefinedBins} bin(s) where ${main.label} expects 0`);
    // One push per row: push(...rows) of a 100,000-bin series overflows the call stack.
    for (const row of stepRows(name, main, r, mode, false)) rows.push(row);
  }
  return { rows, names, rebinned, notes };
}

function thresholdRows(data: SpectrumPlotData, mode: XAxisMode) {
  const rows: { x: number; label: string; series: string; dashed: boolean }[] = [];
  const seen: Threshold[] = [];
  data.series.forEach((s, n) => {
    const x = toX(mode, s.eegEv);
    for (const t of s.thresholds) {
      if (seen.some((u) => Math.abs(u.omegaEv - t.omegaEv) < 1e-12 && u.label === t.label))
        continue;
      seen.push(t);
      rows.push({
        x: x(t.omegaEv),
        label: n === 0 ? t.label : `${t.label}′`,
        series: n === 0 ? `${s.label}: (ij)` : `${s.label}: (ij)′`,
        dashed: n > 0,
      });
    }
  });
  return rows;
}

export function spectrumSpec(
  data: SpectrumPlotData,
  options: SpectrumPlotOptions = {},
): TopLevelSpec {
  const mode = options.xAxis ?? "detuning-mev";
  const logY = options.logY ?? false;
  const width = options.width ?? 760;
  const height = options.height ?? (data.series.length > 1 ? 330 : 400);
  const compare = data.series.length > 1;
  const main = data.series[0];
  if (!main) throw new Error("spectrumSpec: no series to plot");

  const ratio = compare
    ? ratioRowsOf(data.series, mode)
    : { rows: [], names: [], rebinned: false, notes: [] };
  const hasRatio = ratio.names.length > 0;

  // Lines: components of the main series (with their total when there is more than one), or each series' total.
  const lines: { name: string; rows: StepRow[] }[] = [];
  if (compare) {
    for (const s of data.series)
      lines.push({
        name: `${s.label}: total`,
        rows: stepRows(`${s.label}: total`, s, s.total, mode, logY),
      });
  } else {
    for (const c of main.components)
      lines.push({ name: c.name, rows: stepRows(c.name, main, c.mu, mode, logY) });
    if (main.components.length > 1)
      lines.push({ name: "total", rows: stepRows("total", main, main.total, mode, logY) });
  }
  const lineRows = lines.flatMap((l) => l.rows);

  // Toy points with Garwood bars.
  const toyLabel = data.toy ? `toy ${data.toy.index} (68% Garwood)` : undefined;
  const x = toX(mode, main.eegEv);
  const toyRows = data.toy
    ? Array.from(data.toy.counts, (n, k) => {
        const [lo, hi] = garwoodInterval(n);
        return { x: 0.5 * (x(main.loEv[k]) + x(main.hiEv[k])), n, lo, hi };
      })
    : [];

  // Domains: x spans the scans; y from 0 (linear) or a floor at most 3 decades under the top (log).
  const xs = data.series.flatMap((s) => [...s.loEv, ...s.hiEv].map(toX(mode, s.eegEv)));
  const xDomain = [smallest(xs), largest(xs)];
  const yTop = Math.max(maxOf(lineRows.map((r) => r.mu)), maxOf(toyRows.map((r) => r.hi)), 1e-300);
  const yFloor = logY
    ? Math.max(
        positiveMin([...lineRows.map((r) => r.mu), ...toyRows.map((r) => r.n)]) / 2,
        yTop * 1e-3,
      )
    : 0;
  // Log: up to the next 1, 2 or 5 x 10^k above the top, so the top is labelled and little is wasted.
  const yDomain = logY ? [yFloor, niceCeiling(yTop * 1.2)] : [0, yTop * 1.08];
  const clampY = (v: number) => (logY ? Math.max(v, yFloor) : v);

  // Threshold labels above the frame, stacked where they would collide.
  const thresholds = thresholdRows(data, mode).filter(
    (t) => t.x >= xDomain[0] && t.x <= xDomain[1],
  );
  const pxPerUnit = width / (xDomain[1] - xDomain[0] || 1);
  const rows = labelRows(
    thresholds.map((t) => (t.x - xDomain[0]) * pxPerUnit),
    LABEL_FONT_SIZE * 0.62 * Math.max(...thresholds.map((t) => t.label.length), 4) + 4,
  );
  const labelled = thresholds.map((t, i) => ({ ...t, row: rows[i] }));

  const names = [...lines.map((l) => l.name)];
  const colorRange = names.map((n, i) => (n === "total" ? "#000000" : PALETTE[i % PALETTE.length]));
  const xEnc = {
    field: "x",
    type: "quantitative" as const,
    scale: { domain: xDomain, nice: false, zero: false },
    // With a ratio panel under the spectra, that panel carries the x-axis title.
    axis: { title: hasRatio ? null : xAxisTitle(mode), grid: false, tickCount: 10 },
  };
  const xEncBottom = { ...xEnc, axis: { ...xEnc.axis, title: xAxisTitle(mode) } };
  const yScale = logY
    ? { type: "log" as const, domain: yDomain, nice: false }
    : { type: "linear" as const, domain: yDomain, nice: false, zero: true };
  const yAxis = {
    title: data.toy ? "counts per bin" : "expected counts per bin",
    grid: true,
    gridOpacity: 0.35,
  };

  const layers: Record<string, unknown>[] = [
    {
      data: { values: labelled },
      mark: { type: "rule", strokeDash: [5, 3], strokeWidth: 1, clip: true },
      encoding: {
        x: xEnc,
        color: { value: "#555555" },
        strokeDash: { condition: { test: "datum.dashed", value: [2, 2] }, value: [5, 3] },
      },
    },
    {
      data: { values: labelled },
      mark: {
        type: "text",
        baseline: "bottom",
        align: "center",
        fontSize: LABEL_FONT_SIZE,
        color: "#333333",
      },
      encoding: {
        x: xEnc,
        y: { value: 0 },
        yOffset: { field: "offset", type: "quantitative", scale: null },
        text: { field: "label", type: "nominal" },
      },
      transform: [{ calculate: `-4 - ${LABEL_ROW_PX} * datum.row`, as: "offset" }],
    },
    {
      data: { values: lineRows },
      mark: { type: "line", interpolate: "linear", strokeWidth: 1.8, clip: true },
      encoding: {
        x: xEnc,
        y: { field: "mu", type: "quantitative", scale: yScale, axis: yAxis },
        color: {
          field: "series",
          type: "nominal",
          scale: { domain: names, range: colorRange },
          legend: { title: "expected", symbolType: "stroke", orient: "right", labelLimit: 260 },
        },
        detail: { field: "seg", type: "nominal" },
        order: { field: "order", type: "quantitative" },
        // Compared totals can lie within a percent of each other: the later ones dashed, so the first shows through.
        ...(compare
          ? {
              strokeDash: {
                field: "series",
                type: "nominal",
                scale: { domain: names, range: names.map((_, i) => (i === 0 ? [1, 0] : [7, 4])) },
                legend: {
                  title: "expected",
                  symbolType: "stroke",
                  orient: "right",
                  labelLimit: 260,
                },
              },
            }
          : {}),
      },
    },
  ];
  if (toyLabel) {
    const bars = toyRows.map((r) => ({ ...r, lo: clampY(r.lo), hi: clampY(r.hi) }));
    const points = toyRows.filter((r) => !logY || r.n > 0);
    layers.push(
      {
        data: { values: bars },
        mark: { type: "rule", color: "#000000", strokeWidth: 1.1, clip: true },
        encoding: {
          x: xEnc,
          y: { field: "lo", type: "quantitative", scale: yScale },
          y2: { field: "hi" },
        },
      },
      {
        data: { values: points.map((r) => ({ ...r, kind: toyLabel })) },
        mark: { type: "point", filled: true, size: 22, color: "#000000", opacity: 1, clip: true },
        encoding: {
          x: xEnc,
          y: { field: "n", type: "quantitative", scale: yScale },
          shape: {
            field: "kind",
            type: "nominal",
            scale: { range: ["circle"] },
            legend: { title: "data", orient: "right", labelLimit: 260 },
          },
        },
      },
    );
  }

  const titleText =
    data.title ?? (compare ? data.series.map((s) => s.label).join(" vs ") : main.label);
  // Compared: the subtitle says whose thresholds each dash pattern marks and how the ratio is taken.
  const subtitle = compare
    ? [
        `thresholds (ij), dashed: ${main.label}; ` +
          data.series
            .slice(1)
            .map((s) => `(ij)′, dotted: ${s.label}`)
            .join("; "),
        ...ratio.names.map((n) => `ratio: ${n}`),
        ...ratio.notes,
      ]
    : undefined;
  const title = subtitle ? { text: titleText, subtitle } : titleText;
  const config = {
    font: FONT,
    view: { stroke: "#888888" },
    axis: { labelFontSize: 11, titleFontSize: 13, titleFontWeight: "normal" as const },
    legend: { labelFontSize: 12, titleFontSize: 12 },
    title: { fontSize: 15, offset: 6, subtitleFontSize: 12 },
  };
  const panel = { width, height, layer: layers };

  // What every top-level spec carries, single panel or stacked with a ratio panel.
  const top = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    background: "white",
    padding: 10,
    config,
  };
  if (!compare) return { ...top, ...panel } as unknown as TopLevelSpec;

  const ratioRows = ratio.rows;
  const ratioNames = ratio.names;
  const ratioValues = ratioRows.map((r) => r.mu).filter(Number.isFinite);
  let rLo = 1;
  let rHi = 1;
  for (const v of ratioValues) {
    rLo = Math.min(rLo, v);
    rHi = Math.max(rHi, v);
  }
  // Ratios spanning more than a factor 20 (both positive) on a log axis, so 1 stays readable.
  const logRatio = rLo > 0 && rHi / rLo > 20;
  const pad = 0.08 * (rHi - rLo || 0.1);
  const ratioScale = logRatio
    ? { type: "log" as const, domain: [rLo / 1.3, rHi * 1.3], nice: false }
    : { domain: [rLo - pad, rHi + pad], zero: false, nice: false };
  const ratioPanel = {
    width,
    height: 120,
    layer: [
      {
        data: { values: [{ one: 1 }] },
        mark: { type: "rule", color: "#888888", strokeDash: [2, 2] },
        encoding: { y: { field: "one", type: "quantitative" } },
      },
      {
        data: { values: labelled },
        mark: { type: "rule", strokeWidth: 1, color: "#555555", clip: true },
        encoding: {
          x: xEncBottom,
          strokeDash: { condition: { test: "datum.dashed", value: [2, 2] }, value: [5, 3] },
        },
      },
      {
        data: { values: ratioRows },
        mark: { type: "line", strokeWidth: 1.8, clip: true, color: "#D55E00" },
        encoding: {
          x: xEncBottom,
          y: {
            field: "mu",
            type: "quantitative",
            scale: ratioScale,
            axis: {
              title:
                ratioNames.length === 1 && ratioNames[0].length <= 28
                  ? ratioNames[0]
                  : ratio.rebinned
                    ? "ratio (re-binned)"
                    : "ratio",
              tickCount: 4,
              grid: true,
              gridOpacity: 0.35,
            },
          },
          detail: { field: "seg", type: "nominal" },
          order: { field: "order", type: "quantitative" },
        },
      },
    ],
  };
  return {
    ...top,
    vconcat: hasRatio ? [panel, ratioPanel] : [panel],
    spacing: 12,
    resolve: { scale: { x: "shared" } },
  } as unknown as TopLevelSpec;
}
