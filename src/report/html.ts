/**
 * The report page: one self-contained HTML file. Tables are written as HTML; figures are
 * Vega-Lite specs compiled here to Vega and drawn in the browser by vega's own View API (SVG
 * renderer), from vega's browser bundle inlined in the page, so nothing is fetched at view time
 * (the page's Content-Security-Policy forbids it). vega needs `unsafe-eval` for its expressions.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { compile } from "vega-lite";
import type { Figure } from "./figures.js";

/** Text for HTML content and attributes. */
export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/** JSON that can sit inside a <script> element: no "<" can close it. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

/** vega's minified browser bundle from the installed package (build/vega.min.js). */
export function vegaBundle(): string {
  const entry = createRequire(import.meta.url).resolve("vega");
  const text = readFileSync(join(dirname(entry), "vega.min.js"), "utf8");
  // Inside a <script> element only "</script" ends it; in a JS string or regex "<\/" means "</".
  return text.replace(/<\/(script)/gi, "<\\/$1");
}

export interface Section {
  id: string;
  title: string;
  /** HTML of the section's tables and text, figures placed by `<!--figure:ID-->` or after it. */
  html: string;
}

export interface PageInput {
  title: string;
  subtitle: string;
  sections: Section[];
  figures: Figure[];
}

const STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 0; color: #222; }
header { background: #0b3c5d; color: white; padding: 16px 28px; }
header h1 { margin: 0 0 4px 0; font-size: 22px; }
header p { margin: 0; opacity: 0.85; }
nav { padding: 8px 28px; background: #eef2f5; font-size: 14px; }
nav a { margin-right: 16px; color: #0b3c5d; }
main { padding: 0 28px 40px 28px; max-width: 1100px; }
section { margin-top: 28px; }
h2 { border-bottom: 2px solid #0b3c5d; padding-bottom: 4px; }
table { border-collapse: collapse; margin: 8px 0 16px 0; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f3f5f7; }
figure { margin: 16px 24px 16px 0; display: inline-block; vertical-align: top; }
figcaption { font-size: 13px; color: #555; max-width: 480px; }
.warning { background: #fff4e5; border-left: 4px solid #e69f00; padding: 6px 10px; margin: 6px 0; }
.note { color: #555; font-size: 14px; }
pre { background: #f6f8fa; padding: 8px; overflow: auto; max-height: 400px; font-size: 12px; }
.figure-error { color: #b00020; }
`;

/** Draws every figure into its element; a failure is reported on the page and in the console. */
const RENDER = `
(function () {
  var specs = JSON.parse(document.getElementById("renp-figures").textContent);
  var pending = Object.keys(specs).map(function (id) {
    var el = document.getElementById("figure-" + id);
    var view = new vega.View(vega.parse(specs[id]), { renderer: "svg", container: el, hover: true });
    return view.runAsync().then(function () { el.setAttribute("data-rendered", "true"); })
      .catch(function (err) {
        el.innerHTML = '<p class="figure-error">this figure failed to draw: ' + String(err) + "</p>";
        console.error("renp report: figure " + id + ": " + String(err));
      });
  });
  Promise.all(pending).then(function () { document.body.setAttribute("data-figures-done", "true"); });
})();
`;

function figureHtml(f: Figure): string {
  return `<figure><div id="figure-${escapeHtml(f.id)}" class="figure" data-figure="${escapeHtml(f.id)}"></div><figcaption>${escapeHtml(f.caption)}</figcaption></figure>`;
}

/** The whole page. */
export function reportPage(input: PageInput): string {
  const compiled: Record<string, unknown> = {};
  for (const f of input.figures) compiled[f.id] = compile(f.spec).spec;
  const body = input.sections
    .map((s) => {
      const mine = input.figures.filter((f) => f.section === s.id);
      let html = s.html;
      const unplaced = mine.filter((f) => {
        const marker = `<!--figure:${f.id}-->`;
        if (!html.includes(marker)) return true;
        html = html.replace(marker, figureHtml(f));
        return false;
      });
      return `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>${html}${unplaced.map(figureHtml).join("")}</section>`;
    })
    .join("\n");
  const nav = input.sections
    .map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`)
    .join("");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(input.subtitle)}</p></header>
<nav>${nav}</nav>
<main>
${body}
<p class="note">Figures: hover a mark for its values; drag to pan, scroll to zoom, double-click to reset.</p>
</main>
<script type="application/json" id="renp-figures">${scriptJson(compiled)}</script>
<script>${vegaBundle()}</script>
<script>${RENDER}</script>
</body>
</html>
`;
}
