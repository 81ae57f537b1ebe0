// @ts-check
/**
 * Renders a Vega-Lite spec to docs/figures/<name>.svg (and a PNG copy in `pngDir` for a look, not
 * committed), in the gallery's style. Deterministic: no timestamps.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderSvg, svgToPng } from "renp";

const CONFIG = {
  font: "sans-serif",
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
};

/**
 * Writes docs/figures/<name>.svg (and <pngDir>/<name>.png) of a Vega-Lite spec, rendered by
 * renp's own renderer (src/plot/render.ts) with the gallery's style; returns the SVG's path.
 * @param {string} root the repository's root
 * @param {string} name the figure's file name, without extension
 * @param {Record<string, unknown>} spec a Vega-Lite spec without $schema, background or config
 * @param {string | undefined} [pngDir] where to put a PNG copy, if anywhere
 */
export async function renderFigure(root, name, spec, pngDir) {
  const svg = await renderSvg(
    /** @type {import("vega-lite").TopLevelSpec} */ ({
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      background: "white",
      config: CONFIG,
      ...spec,
    }),
  );
  const path = join(root, "docs", "figures", `${name}.svg`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, svg);
  if (svg.length > 200_000) throw new Error(`${name}.svg is ${svg.length} bytes`);
  if (pngDir) {
    mkdirSync(pngDir, { recursive: true });
    writeFileSync(join(pngDir, `${name}.png`), svgToPng(svg));
  }
  return path;
}
