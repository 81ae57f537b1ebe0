/**
 * renp report: one self-contained page per run folder. What the page holds is checked here (the
 * browser test draws it): every section the folder's files call for, the numbers from the files,
 * no address outside the page, nothing replaced without force, nothing left by a failure.
 */
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OutputExistsError, RenpFileError } from "../../src/errors.js";
import { collectRun, poolMoments, SENSITIVITY_FILE } from "../../src/report/collect.js";
import { interactive, reportFigures } from "../../src/report/figures.js";
import { escapeHtml, scriptJson } from "../../src/report/html.js";
import { fitsViews, reportHtml, writeReport } from "../../src/report.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/runs.js";
import { referenceTable, toysIpc } from "../plot/fixtures.js";
import { runFixture } from "./fixtures.js";
import { table } from "../../src/report/sections.js";

describe("the page's tables", () => {
  it("show integers (seeds, counts) whole, never rounded to significant digits (property)", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(table(null, [["seed", n]])).toContain(`>${n}</td>`);
      }),
    );
    // The seed of the reference scenario, which 4 significant digits turned into 20230000.
    expect(table(null, [["seed", 20231108]])).toContain(">20231108</td>");
  });
});

describe("the run's contents", () => {
  it("finds the fits file by its metadata and the sensitivity lines by the documented name", () => {
    const run = runFixture({ toys: 30 });
    const contents = collectRun(run.dir);
    expect(contents.fits.map((f) => f.path)).toEqual([run.fitsPath]);
    expect(contents.sensitivity).toHaveLength(1);
    expect(contents.toys?.toys).toBe(30);
    expect(contents.runFiles).toEqual([]);
    expect(SENSITIVITY_FILE.test("sensitivity.jsonl")).toBe(true);
    expect(SENSITIVITY_FILE.test("sensitivity-bsm-vector.jsonl")).toBe(true);
    expect(SENSITIVITY_FILE.test("sensitivityx.jsonl")).toBe(false);
  });

  it("a sharded run: its toy files pooled, each shard's run-K-of-N.json shown in K order", () => {
    const run = runFixture({ toys: 10 });
    const { scenario, table } = referenceTable();
    renameSync(join(run.dir, "toys.arrow"), join(run.dir, "unused.bin"));
    for (const [k, first] of [
      [1, 0],
      [2, 10],
    ]) {
      writeFileSync(
        join(run.dir, `toys-${k}-of-2.arrow`),
        toysIpc(scenario, table.muTotal, { toys: 10, firstToy: first, shard: `${k}/2`, seed: k }),
      );
      writeFileSync(
        join(run.dir, `run-${k}-of-2.json`),
        JSON.stringify({ renpVersion: "0.1.0", shard: `${k}/2` }),
      );
    }
    const contents = collectRun(run.dir);
    expect(contents.toys?.toys).toBe(20);
    expect(contents.toys?.files.map((f) => [f.shard, f.first, f.count])).toEqual([
      ["1/2", 0, 10],
      ["2/2", 10, 10],
    ]);
    expect(contents.runFiles.map((f) => f.name)).toEqual(["run-1-of-2.json", "run-2-of-2.json"]);
    const html = reportHtml(contents);
    expect(html).toContain("toys-1-of-2.arrow (1/2, 0..9); toys-2-of-2.arrow (2/2, 10..19)");
    expect(html).toContain("<summary>run-2-of-2.json</summary>");
  });

  it("a folder without expected.arrow is a bad-file error", () => {
    expect(() => collectRun(tempDir())).toThrow(RenpFileError);
  });

  it("pooled moments equal those of the concatenated samples", () => {
    const moments = (xs: number[]) => {
      const n = xs.length;
      const m = xs.reduce((a, b) => a + b, 0) / n;
      return { n, mean: [m], variance: [xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1)] };
    };
    const sample = fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 30 });
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 5 }), (parts) => {
        const pooled = poolMoments(parts.map(moments), 1);
        const all = moments(parts.flat());
        expect(pooled.n).toBe(all.n);
        expect(pooled.mean[0]).toBeCloseTo(all.mean[0], 9);
        expect(pooled.variance[0]).toBeCloseTo(all.variance[0], 9);
      }),
    );
  });
});

describe("the page", () => {
  it("holds every section, the fits and sensitivity tables, and one figure element per figure", () => {
    const run = runFixture({ toys: 40, bias: 0.8 });
    const contents = collectRun(run.dir);
    const html = reportHtml(contents);
    for (const id of ["run", "spectrum", "toys", "fits", "sensitivity"])
      expect(html).toContain(`<section id="${id}">`);
    const figures = reportFigures(contents, fitsViews(contents));
    expect(figures.map((f) => f.section)).toEqual([
      "spectrum",
      "toys",
      "fits",
      "fits",
      "fits",
      "sensitivity",
      "sensitivity",
    ]);
    for (const f of figures) expect(html).toContain(`id="figure-${f.id}"`);
    expect(html).toContain("mass-fit-v2.arrow");
    expect(html).toContain("39 ok, 1 not-converged");
    // The bias is named in a warning on the page.
    expect(html).toMatch(/class="warning">signalNorm: pull mean 0\.\d+ ± /);
    // The six thresholds in the table.
    for (const pair of ["(11)", "(12)", "(13)", "(22)", "(23)", "(33)"])
      expect(html).toContain(`<td>${pair}</td>`);
    expect(html).toContain("Z = √Δχ²");
  });

  it("is self-contained: no address outside the page outside the inlined bundle, a CSP forbidding fetches", () => {
    const html = reportHtml(collectRun(runFixture({ toys: 10 }).dir));
    expect(html).toContain("Content-Security-Policy");
    expect(html).toMatch(/default-src 'none'/);
    expect(html).not.toMatch(/<(link|img|iframe)\b/i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    // Exactly three scripts: the figures' data, vega, the renderer.
    expect(html.match(/<script\b/g)).toHaveLength(3);
  });

  it("escapes text and JSON so that nothing closes an element early", () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    fc.assert(
      fc.property(fc.string(), (s) => {
        const text = scriptJson({ s });
        expect(text).not.toContain("<");
        expect(JSON.parse(text)).toEqual({ s });
      }),
    );
  });

  it("zoom on every panel with continuous axes, hover values on every mark", () => {
    const spec = interactive({
      layer: [
        { mark: "rule", encoding: { x: { field: "a", type: "quantitative" } } },
        {
          mark: "line",
          encoding: {
            x: { field: "a", type: "quantitative" },
            y: { field: "b", type: "quantitative" },
          },
        },
        { mark: { type: "text" }, encoding: { x: { field: "a", type: "quantitative" } } },
      ],
    } as never) as unknown as { layer: { params?: unknown[]; mark: unknown }[]; config: any };
    expect(spec.layer[0].params).toBeUndefined();
    expect(spec.layer[1].params).toEqual([{ name: "zoom0", select: "interval", bind: "scales" }]);
    expect(spec.layer[2].mark).toEqual({ type: "text", clip: false });
    expect(spec.config.mark.tooltip).toEqual({ content: "encoding" });
  });
});

describe("writing it", () => {
  it("writes DIR/report.html, refuses to replace it without force, replaces it with force", () => {
    const run = runFixture({ toys: 10 });
    const { path } = writeReport(run.dir);
    expect(path).toBe(join(run.dir, "report.html"));
    const first = readFileSync(path, "utf8");
    writeFileSync(path, "old");
    expect(() => writeReport(run.dir)).toThrow(OutputExistsError);
    expect(readFileSync(path, "utf8")).toBe("old");
    writeReport(run.dir, { force: true });
    expect(readFileSync(path, "utf8")).toBe(first);
  });

  it("a folder it cannot read leaves nothing behind", () => {
    const run = runFixture({ toys: 10 });
    renameSync(join(run.dir, "expected.arrow"), join(run.dir, "expected.bak"));
    const before = readdirSync(run.dir).sort();
    expect(() => writeReport(run.dir)).toThrow(RenpFileError);
    expect(readdirSync(run.dir).sort()).toEqual(before);
    expect(existsSync(join(run.dir, "report.html"))).toBe(false);
  });
});

describe("renp report", () => {
  it("writes the page and says what it found; exit 2 when it exists; --force replaces it", async () => {
    const run = runFixture({ toys: 10 });
    const first = await runCli(["report", run.dir]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /wrote .*report\.html \(10 toys, 1 fits file, 1 sensitivity file\)/,
    );
    expect((await runCli(["report", run.dir])).code).toBe(2);
    expect((await runCli(["report", run.dir, "--force"])).code).toBe(0);
    const help = await runCli(["report", "--help"]);
    expect(help.stdout).toContain("renp.file = fits");
  });
});
