/**
 * Fit results drawn and summarised: pulls against N(0, 1) with the mean and width and their
 * standard errors, q against χ²(1) and the boundary mixture, fitted against truth; the fits file
 * is read by its metadata whatever its name. References: scipy for the densities, numpy for the
 * quantiles, simulation for the standard errors.
 */
import { Resvg } from "@resvg/resvg-js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitsSummary, qSummary } from "../../src/inference/fitsSummary.js";
import { pullMoments, pullWarnings } from "../../src/inference/pulls.js";
import { isFitsFile, readFits } from "../../src/io/fitsFile.js";
import { chi2OneDofPdf, histogram, normalPdf } from "../../src/plot/fits.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fitsFigures, fitsSpec, truthEventRows } from "../../src/fitsPlot.js";
import { metadataMap, type ColumnData } from "../../src/io/arrow.js";
import { readArrowColumns, readExpected } from "../../src/io/read.js";
import { runCli } from "../helpers/cli.js";
import { scenarioFile, tempDir } from "../helpers/runs.js";
import { renderSvg } from "../../src/plot/render.js";
import { FONT } from "../../src/plot/style.js";
import { columnsIpc, normals, runFixture } from "../report/fixtures.js";
import { svgTexts, xmlProblems } from "./fixtures.js";

describe("reference densities and the histogram", () => {
  it("match scipy: chi2.pdf(1, 1), chi2.pdf(0.3, 1), norm.pdf(1.3)", () => {
    expect(chi2OneDofPdf(1)).toBeCloseTo(0.24197072451914337, 14);
    expect(chi2OneDofPdf(0.3)).toBeCloseTo(0.6269100992275208, 14);
    expect(normalPdf(1.3)).toBeCloseTo(0.17136859204780736, 14);
  });

  it("every value is counted once: in a bin, below or above", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -20, max: 20, noNaN: true })),
        fc.integer({ min: 1, max: 40 }),
        (values, bins) => {
          const h = histogram(values, -5, 5, bins);
          const inside = h.reduce((s, b) => s + b.count, 0);
          expect(inside + h.below + h.above).toBe(values.length);
          expect(h.below).toBe(values.filter((v) => v < -5).length);
        },
      ),
    );
  });
});

describe("pull moments and warnings", () => {
  it("the width's standard error width/sqrt(2(n-1)) matches the spread of simulated widths", () => {
    // 400 samples of 50 standard normals: the widths' standard deviation estimates the standard
    // error within ~3.5% (its own relative error 1/sqrt(2*399)); 15% leaves a margin of > 4 of those.
    const z = normals(2024);
    const widths: number[] = [];
    let predicted = 0;
    for (let s = 0; s < 400; s++) {
      const m = pullMoments(Array.from({ length: 50 }, z));
      widths.push(m.width);
      predicted += m.widthErr / 400;
    }
    const sd = pullMoments(widths).width;
    expect(Math.abs(sd / predicted - 1)).toBeLessThan(0.15);
  });

  it("unbiased pulls give no warning; a bias of 0.5 or a width of 1.6 is named (n = 400)", () => {
    const z = normals(11);
    const clean = Array.from({ length: 400 }, z);
    const summary = (pulls: number[]) => ({
      statusCounts: {},
      parameters: { lightestMassEv: { truth: "nominal" as const, ...pullMoments(pulls) } },
    });
    // False warning probability for gaussian pulls: 2 x P(|N(0,1)| > 3) ~ 0.5%; this seed passes.
    expect(pullWarnings(summary(clean))).toEqual([]);
    const biased = pullWarnings(summary(clean.map((v) => v + 0.5)));
    expect(biased).toHaveLength(1);
    expect(biased[0]).toMatch(
      /lightestMassEv: pull mean 0\.\d+ ± 0\.0\d+ is \d+\.\d standard errors from 0/,
    );
    const wide = pullWarnings(summary(clean.map((v) => 1.6 * v)));
    expect(
      wide.some((w) => /pull width 1\.\d+ .* from 1 \(the fit's errors are too small/.test(w)),
    ).toBe(true);
  });
});

describe("q summary", () => {
  it("median and bands equal numpy.percentile (linear), the negative share counted", () => {
    const v = [-1.5, 0.2, 0.5, 2, 3, 3.5, 7, 10, -0.1, 4.2];
    const s = qSummary(v);
    // np.percentile(v, [50, 15.8655, 84.1345, 2.5, 97.5])
    expect(s.median).toBeCloseTo(2.5, 12);
    expect(s.band68[0]).toBeCloseTo(0.028368500000000046, 12);
    expect(s.band68[1]).toBeCloseTo(5.801894000000002, 12);
    expect(s.band95[0]).toBeCloseTo(-1.185, 12);
    expect(s.band95[1]).toBeCloseTo(9.325000000000001, 12);
    expect(s.fractionNegative).toBe(0.2);
    expect(s.toys).toBe(10);
  });
});

describe("a fits file under any name", () => {
  it("is recognised by renp.file, its pulls taken against nuisance.arrow's drawn values", () => {
    const run = runFixture({ toys: 300 });
    expect(isFitsFile(run.fitsPath)).toBe(true);
    expect(isFitsFile(`${run.dir}/toys.arrow`)).toBe(false);
    const fits = readFits(run.fitsPath);
    const s = fitsSummary(fits);
    expect(s.statusCounts).toEqual({ ok: 299, "not-converged": 1 });
    const p = s.parameters.signalNorm;
    expect(p.truth).toBe("nuisance.arrow");
    expect(p.toys).toBe(299);
    // Pulls are standard normals by construction: mean within 4 standard errors of 0, width of 1
    // (false failure ~1e-4 each; fixed seed).
    expect(Math.abs(p.mean) / p.meanErr).toBeLessThan(4);
    expect(Math.abs(p.width - 1) / p.widthErr).toBeLessThan(4);
    expect(s.q.ordering.toys).toBe(299);
  });

  it("a biased fit is warned about", () => {
    const fits = readFits(runFixture({ toys: 200, bias: 0.6 }).fitsPath);
    expect(fitsSummary(fits).warnings.join("\n")).toMatch(/signalNorm: pull mean 0\.[5-7]/);
  });

  it("draws pulls, q and fitted-vs-truth panels with their symbols, as well-formed SVG", async () => {
    const fits = readFits(runFixture({ toys: 80 }).fitsPath);
    expect(fitsFigures(fits).panels.map((p) => p.kind)).toEqual(["pulls", "q", "truth"]);
    const svg = await renderSvg(fitsSpec(fits));
    expect(xmlProblems(svg)).toEqual([]);
    const texts = svgTexts(svg).join("\n");
    for (const t of [
      "pulls of signalNorm",
      "N(0, 1)",
      "pull = (fit − truth) / σ",
      "χ²(1)",
      "½χ²(1)",
      "N(Δχ²_A, 2√Δχ²_A)",
      "q_ordering = Δχ² (alternative − scenario)",
      "signalNorm: fitted against truth",
    ])
      expect(texts).toContain(t);
    // Mean and width with their errors in the legend.
    expect(texts).toMatch(/mean -?\d\.\d+ ± \d\.\d+, width \d\.\d+ ± \d\.\d+/);
    expect(texts).not.toMatch(/sqrt|Delta chi2/);
  });
});

describe("the symbols render with the fonts resvg finds", () => {
  it("Δ χ ² √ σ ± − ½ δ each draw their own glyph, not the missing-glyph box", () => {
    const image = (text: string) => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60"><text x="10" y="45" font-size="40" font-family="${FONT}">${text}</text></svg>`;
      const resvg = new Resvg(svg, {
        background: "white",
        font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
      });
      return Buffer.from(resvg.render().pixels);
    };
    const ink = (pixels: Buffer) => pixels.filter((v, i) => i % 4 === 0 && v < 128).length;
    // A private-use code point has no glyph in any font: it draws the missing-glyph box.
    const missing = image("\uE000");
    for (const c of ["Δ", "χ", "²", "√", "σ", "±", "−", "½", "δ"]) {
      const pixels = image(c);
      expect(ink(pixels), c).toBeGreaterThan(10);
      expect(pixels.equals(missing), c).toBe(false);
    }
  });
});

describe("fitted against drawn events (--truth)", () => {
  it("fitted events = value x expected total, drawn = the toy's n_signal / n_bkg summed", async () => {
    const dir = tempDir();
    const scenario = scenarioFile({
      backgrounds: [{ kind: "flat", name: "dark", ratePerS: 2e-6 }],
    });
    const g = await runCli([
      "generate",
      scenario,
      "--toys",
      "12",
      "--seed",
      "5",
      "--truth",
      "--out",
      dir,
    ]);
    expect(g.code).toBe(0);
    const toys = readArrowColumns(join(dir, "toys.arrow"));
    const expected = readExpected(join(dir, "expected.arrow"));
    const total = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
    const muSignal = total(expected.muSignal);
    const muDark = total(expected.backgrounds[0].mu);
    // Per toy, the drawn events of each component, summed here from the rows.
    const drawn = (column: string) => {
      const out = new Array<number>(12).fill(0);
      toys.columns.toy.forEach((t, r) => (out[t] += toys.columns[column][r]));
      return out;
    };
    const nSignal = drawn("n_signal");
    const nDark = drawn("n_bkg_dark");
    // A fits file whose normalisations reproduce the drawn totals exactly (as a pure-normalisation
    // fit of that component alone would: the Poisson MLE of a scale is observed / expected).
    const columns: [string, ColumnData][] = [
      ["toy", Int32Array.from({ length: 12 }, (_, i) => i)],
      ["status", new Array<string>(12).fill("ok")],
      ["nll", new Float64Array(12)],
      ["signalNorm", Float64Array.from(nSignal, (n) => n / muSignal)],
      ["signalNorm_err", new Float64Array(12).fill(0.1)],
      ["backgroundNorm:dark", Float64Array.from(nDark, (n) => n / muDark)],
      ["backgroundNorm:dark_err", new Float64Array(12).fill(0.2)],
    ];
    const meta = metadataMap({
      scenario: expected.metadata.scenario!,
      toys: { first: 0, count: 12 },
      shard: "1/1",
      extra: {
        "renp.file": "fits",
        "renp.fit": JSON.stringify({
          float: ["signalNorm", "backgroundNorm:dark"],
          hypothesis: { fix: {} },
          test: null,
        }),
      },
    });
    const path = join(dir, "norms.arrow");
    writeFileSync(path, columnsIpc(columns, meta));
    const rows = truthEventRows(readFits(path));
    expect(Object.keys(rows)).toEqual(["signalNorm", "backgroundNorm:dark"]);
    rows.signalNorm.forEach((r, i) => {
      expect(r.truth).toBe(nSignal[i]);
      expect(r.fitted).toBeCloseTo(nSignal[i], 9);
      expect(r.error).toBeCloseTo(0.1 * muSignal, 9);
    });
    rows["backgroundNorm:dark"].forEach((r, i) => expect(r.fitted).toBeCloseTo(nDark[i], 9));
    const texts = svgTexts(await renderSvg(fitsSpec(readFits(path)))).join("\n");
    expect(texts).toContain("signal events: fitted vs drawn");
    expect(texts).toContain("drawn dark events (toys' n_bkg_dark, all bins)");
  });
});
