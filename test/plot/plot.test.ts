/** renp plot: the SVG is well-formed, with axis titles, legend, threshold rules and (ij) labels. */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildPlot, plotCommand } from "../../src/plot/spectrumPlot.js";
import { readExpected } from "../../src/io/read.js";
import { OutputExistsError } from "../../src/errors.js";
import { seriesFromExpected, seriesFromTable, thresholdsOfScenario } from "../../src/plot/data.js";
import { renderSvg } from "../../src/plot/render.js";
import { labelRows, rebinTotals, spectrumSpec, xAxisTitle } from "../../src/plot/spec.js";
import type { SpectrumSeries } from "../../src/plot/data.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/runs.js";
import { readJson, REFERENCE_DIR, REPO_DIR } from "../helpers/fixtures.js";
import {
  REFERENCE_SCENARIO,
  referenceRun,
  referenceTable,
  svgTexts,
  xmlProblems,
} from "./fixtures.js";

const PAIR_LABELS = ["(11)", "(12)", "(13)", "(22)", "(23)", "(33)"];

describe("thresholds", () => {
  it("six pairs i <= j, equal to the physics model's thresholds", () => {
    const { scenario, table } = referenceTable();
    const t = thresholdsOfScenario(scenario);
    expect(t.map((x) => x.label).sort()).toEqual(PAIR_LABELS);
    expect(t.map((x) => x.omegaEv)).toEqual([...table.physics.spectrum.thresholdsEv]);
    // The highest threshold is the lightest pair (11), the lowest the heaviest (33).
    expect(t[t.length - 1].label).toBe("(11)");
    expect(t[0].label).toBe("(33)");
  });

  it("from the file's metadata: the independent reference thresholds, each labelled by its pair", () => {
    const { expected } = referenceRun(3);
    const data = readExpected(expected);
    const fromFile = seriesFromExpected(data).thresholds;
    const reference = readJson(join(REFERENCE_DIR, "yb-majorana-normal.expected.json"));
    const ref: number[] = reference.thresholds_ev;
    expect(fromFile).toHaveLength(6);
    fromFile.forEach((t, k) => expect(Math.abs(t.omegaEv - ref[k])).toBeLessThanOrEqual(1e-15));
    // The label (ij) is the pair whose reference masses give that threshold, written out here:
    // omega_ij = E_eg/2 - (m_i + m_j)^2 / (2 E_eg) (docs/physics/standard-model.md section 1).
    const m: number[] = reference.masses_ev;
    const eeg = data.metadata.scenario!.target.eegEv;
    for (const t of fromFile) {
      const s = m[t.i - 1] + m[t.j - 1];
      expect(Math.abs(eeg / 2 - (s * s) / (2 * eeg) - t.omegaEv)).toBeLessThan(1e-14);
      expect(t.label).toBe(`(${t.i}${t.j})`);
      expect(t.i).toBeLessThanOrEqual(t.j);
    }
  });

  it("labels that would overlap go to separate rows", () => {
    expect(labelRows([0, 100, 200], 30)).toEqual([0, 0, 0]);
    expect(labelRows([0, 10, 20, 100], 30)).toEqual([0, 1, 2, 0]);
    expect(labelRows([20, 0], 30)).toEqual([1, 0]);
  });
});

function checkSpectrumSvg(svg: string, opts: { xTitle: string; legend: string[] }): string[] {
  expect(xmlProblems(svg)).toEqual([]);
  const texts = svgTexts(svg);
  expect(texts).toContain(opts.xTitle);
  expect(
    texts.filter((t) => t === "expected counts per bin" || t === "counts per bin"),
  ).toHaveLength(1);
  for (const label of opts.legend) expect(texts).toContain(label);
  for (const label of PAIR_LABELS) expect(texts).toContain(label);
  // The six thresholds as dashed vertical rules (one <line> each; the ratio panel repeats them).
  const rules =
    svg.match(/<line[^>]*aria-roledescription="rule mark"[^>]*stroke-dasharray="5,3"/g) ?? [];
  expect(rules.length % 6).toBe(0);
  expect(rules.length).toBeGreaterThanOrEqual(6);
  return texts;
}

describe("spectrum plot (library)", () => {
  it("components, thresholds and a toy's points with error bars", async () => {
    const { expected } = referenceRun(3);
    const series = seriesFromExpected(readExpected(expected));
    const counts = Int32Array.from(series.total, (m) => Math.round(m));
    const svg = await renderSvg(spectrumSpec({ series: [series], toy: { index: 2, counts } }));
    checkSpectrumSvg(svg, {
      xTitle: xAxisTitle("detuning-mev"),
      legend: ["expected", "signal", "data", "toy 2 (68% Garwood)"],
    });
    // One symbol per bin for the data points.
    expect(svg.match(/<path[^>]*aria-roledescription="point"/g)?.length).toBe(counts.length);
  });

  it("backgrounds appear as components with a total; log-y and the omega axis", async () => {
    const { table } = referenceTable();
    const flat = new Float64Array(table.muTotal.length).fill(0.05);
    const withBkg = {
      ...table,
      backgrounds: [{ name: "dark", mu: flat }],
      muTotal: table.muTotal.map((v) => v + 0.05),
    };
    const svg = await renderSvg(
      spectrumSpec({ series: [seriesFromTable(withBkg)] }, { logY: true, xAxis: "ev" }),
    );
    checkSpectrumSvg(svg, {
      xTitle: "photon energy ω (eV)",
      legend: ["signal", "bkg: dark", "total"],
    });
  });

  it("comparison: both totals in the legend, a ratio panel", async () => {
    const { table } = referenceTable();
    const dirac = { ...table, muTotal: table.muTotal.map((v) => v * 1.01) };
    const svg = await renderSvg(
      spectrumSpec(
        { series: [seriesFromTable(table, "Majorana"), seriesFromTable(dirac, "Dirac")] },
        { logY: true },
      ),
    );
    const texts = checkSpectrumSvg(svg, {
      xTitle: xAxisTitle("detuning-mev"),
      legend: ["Majorana: total", "Dirac: total"],
    });
    expect(texts).toContain("Dirac / Majorana");
    expect(texts).toContain("Majorana vs Dirac");
  });
});

describe("renp plot (command)", () => {
  it("writes DIR/spectrum.svg with the first toy, refuses to overwrite, --force replaces", async () => {
    const run = referenceRun(5);
    const result = await plotCommand(run.dir, {});
    expect(result.path).toBe(join(run.dir, "spectrum.svg"));
    expect(result.toy).toBe(0);
    const svg = readFileSync(result.path!, "utf8");
    checkSpectrumSvg(svg, {
      xTitle: xAxisTitle("detuning-mev"),
      legend: ["signal", "toy 0 (68% Garwood)"],
    });
    await expect(plotCommand(run.dir, {})).rejects.toThrow(OutputExistsError);
    await expect(plotCommand(run.dir, { force: true, toy: 4 })).resolves.toMatchObject({ toy: 4 });
    await expect(plotCommand(run.dir, { force: true, toy: 5 })).rejects.toThrow(/toy 5 is not in/);
  });

  it("a scenario compared with a run, and PNG by extension", async () => {
    const run = referenceRun(2);
    const png = join(run.dir, "cmp.png");
    const result = await plotCommand(run.expected, {
      compare: REFERENCE_SCENARIO,
      labels: "file,memory",
      out: png,
      toy: false,
    });
    expect(result.series.map((s) => s.label)).toEqual(["file", "memory"]);
    const bytes = readFileSync(png);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Same scenario both ways: ratio 1 everywhere.
    expect(result.series[1].total).toEqual(result.series[0].total);
  });

  it("different binnings (66 vs 76 bins): a ratio panel on A's bins, the x title, the primed thresholds explained", async () => {
    const out = join(tempDir(), "cmp.svg");
    const result = await plotCommand("yb-majorana-normal", {
      compare: "yb-dirac-inverted",
      out,
      toy: false,
    });
    expect(result.series.map((s) => s.total.length)).toEqual([66, 76]);
    const svg = readFileSync(out, "utf8");
    expect(xmlProblems(svg)).toEqual([]);
    const texts = svgTexts(svg);
    expect(texts).toContain(xAxisTitle("detuning-mev"));
    expect(texts).toContain("ratio (re-binned)");
    expect(texts).toContain("(11)′");
    expect(
      texts.some((t) =>
        t.includes("thresholds (ij), dashed: yb-majorana-normal; (ij)′, dotted: yb-dirac-inverted"),
      ),
    ).toBe(true);
    // Two panels: the spectra and the ratio.
    expect(svg.match(/aria-roledescription="rule mark"/g)?.length ?? 0).toBeGreaterThan(12);
  });

  it("re-binning spreads each bin's counts over its width", () => {
    const series = (edges: number[], total: number[]): SpectrumSeries => ({
      label: "s",
      eegEv: 10,
      loEv: Float64Array.from(edges.slice(0, -1)),
      hiEv: Float64Array.from(edges.slice(1)),
      components: [],
      total: Float64Array.from(total),
      thresholds: [],
    });
    const b = series([0, 1, 2, 3, 4], [1, 2, 3, 4]);
    // [0, 1.5]: 1 + 2/2; [1.5, 4]: 2/2 + 3 + 4; outside B's range nothing.
    expect(Array.from(rebinTotals(b, series([0, 1.5, 4, 5], [0, 0, 0]))!)).toEqual([2, 8, 0]);
    expect(rebinTotals(b, b)).toBe(b.total);
  });

  it("through the CLI: usage errors exit 2, the plot is written", async () => {
    const run = referenceRun(2);
    expect((await runCli(["plot", run.dir, "--x-axis", "hz"])).code).toBe(2);
    expect((await runCli(["plot", run.dir, "--out", join(run.dir, "x.pdf")])).code).toBe(2);
    const out = join(run.dir, "log.svg");
    const r = await runCli(["plot", run.toys, "--log-y", "--toy", "1", "--out", out]);
    expect(r.stderr).toMatch(/wrote .*log\.svg.*toy 1/);
    expect(r.code).toBe(0);
    checkSpectrumSvg(readFileSync(out, "utf8"), {
      xTitle: xAxisTitle("detuning-mev"),
      legend: ["toy 1 (68% Garwood)"],
    });
  });

  it("the built executable (dist/, built by the suite's global setup)", () => {
    const bin = join(REPO_DIR, "dist", "src", "cli", "bin.js");
    expect(existsSync(bin)).toBe(true);
    const run = referenceRun(2);
    const out = join(run.dir, "built.svg");
    const r = spawnSync(process.execPath, [bin, "plot", run.dir, "--out", out, "--no-toy"], {
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const texts = checkSpectrumSvg(readFileSync(out, "utf8"), {
      xTitle: xAxisTitle("detuning-mev"),
      legend: ["signal"],
    });
    expect(texts.some((t) => t.startsWith("toy "))).toBe(false);
  });

  it("buildPlot renders without writing", async () => {
    const r = await buildPlot(REFERENCE_SCENARIO, { toy: false });
    expect(r.defaultOut).toBe(join("outputs", "yb-majorana-normal", "spectrum.svg"));
    expect(xmlProblems(r.svg)).toEqual([]);
  });
});
