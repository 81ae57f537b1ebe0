/**
 * Renders a Vega-Lite spec to docs/figures/<name>.svg (and a PNG copy in `pngDir` for a look, not
 * committed), in the gallery's style. Deterministic: no timestamps.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import { Resvg } from "@resvg/resvg-js";

const CONFIG = {
  font: "sans-serif",
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
};

export async function renderFigure(root, name, spec, pngDir) {
  const vg = vegaLite.compile({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    background: "white",
    config: CONFIG,
    ...spec,
  }).spec;
  const view = new vega.View(vega.parse(vg), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const path = join(root, "docs", "figures", `${name}.svg`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, svg);
  if (svg.length > 200_000) throw new Error(`${name}.svg is ${svg.length} bytes`);
  if (pngDir) {
    mkdirSync(pngDir, { recursive: true });
    const png = new Resvg(svg, {
      fitTo: { mode: "zoom", value: 2 },
      font: { loadSystemFonts: true },
    })
      .render()
      .asPng();
    writeFileSync(join(pngDir, `${name}.png`), png);
  }
  return path;
}
