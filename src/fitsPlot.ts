/**
 * The figures of a fits file: one pull panel per floated parameter, one q panel per tested
 * alternative, and fitted-against-truth panels where the truth varies per toy (nuisance.arrow)
 * or the toys carry their drawn components (--truth: fitted against drawn events).
 * `renp plot` draws them as one figure; the report draws each panel on its own. A top-level
 * entry: the layers below (plot/, report/) do not reach into inference/ (docs/architecture.md).
 */
import type { TopLevelSpec } from "vega-lite";
import { existsSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { forEachToyBatch, readExpected, toyFilesIn } from "./io/read.js";
import { InputError } from "./errors.js";
import { writeOutputFile } from "./io/atomic.js";
import { pauseForTest } from "./io/testPause.js";
import { turnEventLoop } from "./interrupt.js";
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

/** Parameters that scale one component's expected total and nothing else. */
const NORMS = /^(signalNorm|backgroundNorm:.+)$/;

/**
 * Fitted against drawn events, from toys written with --truth: for a normalisation parameter
 * (signalNorm, backgroundNorm:<name>), fitted events = value x the component's expected total
 * (expected.arrow), true events = the toy's n_signal (n_bkg_<name>) summed over bins. Only when
 * the fit floats normalisations alone and fixes nothing: then the component's shape is the
 * scenario's and the value scales its total exactly.
 */
export function truthEventRows(
  fits: FitsFile,
): Record<string, { truth: number; fitted: number; error: number }[]> {
  const float = fits.config.float;
  if (!float.every((n) => NORMS.test(n)) || Object.keys(fits.config.fix).length > 0) return {};
  const dir = dirname(fits.path);
  const expectedPath = join(dir, "expected.arrow");
  const files = toyFilesIn(dir);
  if (!existsSync(expectedPath) || files.length === 0) return {};
  const expected = readExpected(expectedPath);
  const sum = (a: ArrayLike<number>) => Array.from(a).reduce((t, v) => t + v, 0);
  const component = (name: string) => {
    if (name === "signalNorm") return { column: "n_signal", total: sum(expected.muSignal) };
    const b = expected.backgrounds.find((x) => `backgroundNorm:${x.name}` === name);
    return b ? { column: `n_bkg_${b.name}`, total: sum(b.mu) } : undefined;
  };
  const wanted = float.flatMap((name) => {
    const c = component(name);
    return c ? [{ name, ...c }] : [];
  });
  // Per toy, each wanted column summed over bins (long layout with --truth; otherwise absent).
  const drawn = new Map<string, Map<number, number>>(wanted.map((w) => [w.column, new Map()]));
  for (const file of files)
    forEachToyBatch(file, ({ toy, columns }) => {
      for (const w of wanted) {
        const values = columns[w.column];
        if (!values) continue;
        const byToy = drawn.get(w.column)!;
        for (let r = 0; r < toy.length; r++)
          byToy.set(toy[r], (byToy.get(toy[r]) ?? 0) + values[r]);
      }
    });
  const rows: Record<string, { truth: number; fitted: number; error: number }[]> = {};
  for (const w of wanted) {
    const byToy = drawn.get(w.column)!;
    if (byToy.size === 0) continue;
    rows[w.name] = [];
    fits.toy.forEach((t, i) => {
      const truth = byToy.get(t);
      if (fits.status[i] !== "ok" || truth === undefined) return;
      rows[w.name].push({
        truth,
        fitted: fits.values[w.name][i] * w.total,
        error: fits.errors[w.name][i] * w.total,
      });
    });
  }
  return rows;
}

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
  for (const [name, rows] of Object.entries(truthEventRows(fits))) {
    const what = name === "signalNorm" ? "signal" : name.slice("backgroundNorm:".length);
    const column = name === "signalNorm" ? "n_signal" : `n_bkg_${what}`;
    panels.push({
      kind: "truth",
      name,
      panel: truthPanel(name, rows, {
        title: `${what} events: fitted vs drawn`,
        truth: `drawn ${what} events (toys' ${column}, all bins)`,
        fitted: `fitted ${what} events (${name} × expected) ± σ`,
      }),
    });
  }
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
  const bytes = extname(out).toLowerCase() === ".png" ? svgToPng(svg) : svg;
  pauseForTest("plot: before write");
  // A signal that came during the rendering is handled now, by the caller's handler (renp plot:
  // no file, exit 128 + n), not after the file is written.
  await turnEventLoop();
  writeOutputFile(out, bytes, opts.force ?? false);
  return { svg, path: out, fits };
}
