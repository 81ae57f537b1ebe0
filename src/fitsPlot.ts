/**
 * The figures of a fits file: one pull panel per floated parameter, one q panel per tested
 * alternative, and fitted-against-truth panels where the truth varies per toy (nuisance.arrow).
 * `renp plot` draws them as one figure; the report draws each panel on its own. A top-level
 * entry: the layers below (plot/, report/) do not reach into inference/ (docs/architecture.md).
 */
import type { TopLevelSpec } from "vega-lite";
import { basename, dirname, extname, join } from "node:path";
import { InputError } from "./errors.js";
import { writeOutputFile } from "./io/atomic.js";
import { renderSvg, svgToPng } from "./plot/render.js";
import { readFits, type FitsFile } from "./io/fitsFile.js";
import {
  fitsPullValues,
  fitsSummary,
  okValues,
  type FitsSummary,
} from "./inference/fitsSummary.js";
import {
  panelsSpec,
  pullPanel,
  qPanel,
  truthPanel,
  type Panel,
  type QReference,
} from "./plot/fits.js";

/**
 * The reference distributions a q column is drawn against. renp fit's tests (ordering, nature)
 * compare separate hypotheses: the gaussian applies while Δχ²_A is large, χ²(1) and the boundary
 * mixture where the two models meet (Δχ²_A -> 0); all three are drawn and labelled so.
 */
export const qReferences = (test: string): QReference[] =>
  test === "mlightest" ? ["mixture"] : ["chi2", "mixture", "gaussian"];

export interface FitsFigures {
  summary: FitsSummary;
  panels: { kind: "pulls" | "q" | "truth"; name: string; panel: Panel }[];
}

export function fitsFigures(fits: FitsFile): FitsFigures {
  const summary = fitsSummary(fits);
  const values = fitsPullValues(fits);
  const panels: FitsFigures["panels"] = [];
  for (const [name, v] of Object.entries(values))
    panels.push({ kind: "pulls", name, panel: pullPanel(name, v.pull, summary.parameters[name]) });
  for (const [test, q] of Object.entries(fits.q))
    panels.push({
      kind: "q",
      name: test,
      panel: qPanel(test, okValues(q, fits.status), summary.q[test], qReferences(test)),
    });
  for (const [name, v] of Object.entries(values))
    if (v.truth === "nuisance.arrow")
      panels.push({
        kind: "truth",
        name,
        panel: truthPanel(
          name,
          v.toy.map((_, i) => ({ truth: v.truthValue[i], fitted: v.fitted[i], error: v.error[i] })),
        ),
      });
  return { summary, panels };
}

/** All panels of a fits file as one figure (renp plot). */
export function fitsSpec(fits: FitsFile, title?: string): TopLevelSpec {
  const { summary, panels } = fitsFigures(fits);
  const counts = Object.entries(summary.statusCounts)
    .map(([k, v]) => `${v} ${k}`)
    .join(", ");
  return panelsSpec(
    {
      text: title ?? `${fits.scenario.name}: fits (${basename(fits.path)})`,
      subtitle: `${fits.toy.length} toys: ${counts}; floated: ${fits.config.float.join(", ")}`,
    },
    panels.map((p) => p.panel),
  );
}

/** Where `renp plot` writes a fits file's figure by default: beside it, `<name>.svg`. */
export const fitsPlotPath = (fitsPath: string): string =>
  join(dirname(fitsPath), `${basename(fitsPath, ".arrow")}.svg`);

/**
 * `renp plot <fits file>` as a library call: the figure of a fits file (any name), written as SVG
 * or PNG (by extension) to `out`, default `<name>.svg` beside it; never replaces without force.
 */
export async function fitsPlotCommand(
  input: string,
  opts: { out?: string | undefined; title?: string | undefined; force?: boolean | undefined } = {},
): Promise<{ svg: string; path: string; fits: FitsFile }> {
  const out = opts.out ?? fitsPlotPath(input);
  if (![".svg", ".png"].includes(extname(out).toLowerCase()))
    throw new InputError(`--out = ${JSON.stringify(out)}: the file name must end in .svg or .png`);
  const fits = readFits(input);
  const svg = await renderSvg(fitsSpec(fits, opts.title));
  writeOutputFile(
    out,
    extname(out).toLowerCase() === ".png" ? svgToPng(svg) : svg,
    opts.force ?? false,
  );
  return { svg, path: out, fits };
}
