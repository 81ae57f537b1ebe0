/**
 * The look shared by renp's figures: one font (DejaVu Sans first: it has the Greek letters,
 * superscripts, √ and the minus sign that the labels use, and resvg finds it on Debian), the
 * Okabe-Ito colours (colour-blind safe), and the axis, legend and title sizes of a talk slide.
 */

export const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

/** Okabe-Ito: blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow, grey. */
export const PALETTE = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#F0E442",
  "#999999",
] as const;

export const CONFIG = {
  font: FONT,
  view: { stroke: "#888888" },
  axis: { labelFontSize: 11, titleFontSize: 13, titleFontWeight: "normal" as const },
  legend: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 15, offset: 6, subtitleFontSize: 12 },
};

/** The top level of a stand-alone spec: schema, title, white background, padding, config. */
export const topLevel = (title: string | { text: string; subtitle?: string | string[] }) => ({
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title,
  background: "white",
  padding: 10,
  config: CONFIG,
});

/** Number formatting for labels: `digits` significant figures, no trailing zeros. */
export const sig = (v: number, digits = 3): string =>
  Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : String(v);
