/**
 * renp plot and renp inspect on a fits file under any name, and renp sensitivity's table, JSON
 * and plot with toys and resonance points (the commands over the library, run in-process).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sensitivityTable } from "../../src/cli/sensitivity.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/runs.js";
import { svgTexts, xmlProblems } from "../plot/fixtures.js";
import { runFixture } from "../report/fixtures.js";

describe("renp plot <fits file>", () => {
  it("draws pulls, q and fitted-against-truth beside the file as <name>.svg", async () => {
    const run = runFixture({ toys: 60 });
    const r = await runCli(["plot", run.fitsPath]);
    expect(r.code).toBe(0);
    const out = join(run.dir, "mass-fit-v2.svg");
    expect(r.stderr).toContain(`wrote ${out} (fits of`);
    const svg = readFileSync(out, "utf8");
    expect(xmlProblems(svg)).toEqual([]);
    const texts = svgTexts(svg).join("\n");
    for (const t of [
      "pulls of signalNorm",
      "q_ordering over 59 toys",
      "signalNorm: fitted against truth",
    ])
      expect(texts).toContain(t);
    // --compare is for spectra.
    expect(
      (await runCli(["plot", run.fitsPath, "--compare", "yb-majorana-normal", "--force"])).code,
    ).toBe(2);
  });
});

describe("renp inspect <fits file>", () => {
  it("says fits by the metadata, gives pulls ± standard errors and q, warns about a biased fit", async () => {
    const run = runFixture({ toys: 200, bias: 0.7 });
    const r = await runCli(["inspect", run.fitsPath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("kind:     fits, one row per toy (renp fit)");
    expect(r.stdout).toContain("fits:     199 ok, 1 not-converged");
    expect(r.stdout).toMatch(
      /signalNorm: mean 0\.\d+ ± 0\.0\d+, width \d\.\d+ ± 0\.0\d+ over 199 toys \(truth: .*nuisance\.arrow\)/,
    );
    expect(r.stdout).toMatch(
      /q_ordering over 199 ok toys: median [\d.]+, 68% [-\d.]+ \.\. [\d.]+, 95% [-\d.]+ \.\. [\d.]+, q < 0 in [\d.]+%/,
    );
    expect(r.stdout).toMatch(
      /WARNING: signalNorm: pull mean 0\.\d+ ± 0\.0\d+ is \d+\.\d standard errors from 0/,
    );
    const json = JSON.parse((await runCli(["inspect", run.fitsPath, "--json"])).stdout);
    expect(json.kind).toBe("fits");
    expect(json.fits.parameters.signalNorm.meanErr).toBeGreaterThan(0);
    expect(json.fits.q.ordering.fractionNegative).toBeGreaterThanOrEqual(0);
  });

  it("--help lists every kind renp writes", async () => {
    const { stdout } = await runCli(["inspect", "--help"]);
    for (const kind of ["expected", "toys", "nuisance", "fits", "other"])
      expect(stdout).toMatch(new RegExp(`^  ${kind} `, "m"));
  });
});

describe("renp sensitivity", () => {
  it("--toys: the table gains the toys' median and bands; the plot's title says toys", async () => {
    const dir = tempDir();
    const svg = join(dir, "z.svg");
    const r = await runCli([
      "sensitivity",
      "yb-majorana-normal",
      "--test",
      "mlightest",
      "--toys",
      "20",
      "--out",
      svg,
    ]);
    expect(r.code).toBe(0);
    const [head, row] = r.stdout.split("\n");
    expect(head).toMatch(/Z .*toys +median q +68% band +95% band/);
    expect(row).toMatch(/ 20 +[\d.e+-]+ +[\d.e+-]+\.\.[\d.e+-]+ +[\d.e+-]+\.\.[\d.e+-]+$/);
    const texts = svgTexts(readFileSync(svg, "utf8"));
    expect(texts).toContain("yb-majorana-normal: mlightest (Asimov and 20 toys)");
    expect(texts).toContain("toys: median √q, 68% and 95% bands");
  });

  it("bsm: resonance points marked in the JSON and the plot; the grid dense in the pole window", async () => {
    const dir = tempDir();
    const svg = join(dir, "s.svg");
    // 0.05 eV (pole in the scan) and 0.2 eV (beyond it) asked for; the window (20 meV to
    // 0.118 eV, docs/physics/sensitivity.md) gets 20 masses per decade, 8 between 0.05 and 0.118.
    const r = await runCli([
      "sensitivity",
      "yb-majorana-normal",
      "--test",
      "bsm:vector",
      "--mass-grid",
      "0.05:0.2:2",
      "--json",
      "--out",
      svg,
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(10);
    for (const l of lines.filter((l) => l.resonance === true)) {
      expect(l.massEv).toBeGreaterThan(0.02);
      expect(l.massEv).toBeLessThan(0.1179);
      expect(l.widthEv).toBeCloseTo(1e-3 * l.massEv, 15);
    }
    expect(lines.filter((l) => l.resonance === false).map((l) => l.massEv)).toEqual([0.2]);
    expect(svgTexts(readFileSync(svg, "utf8"))).toContain(
      "open diamonds on a dotted line: resonance (pole in the scan), limit for an assumed Γ = 0.001 M",
    );
  }, 60_000);

  it("the table marks resonance lines with * and says what the width assumption means", () => {
    const line = (massEv: number, resonance: boolean) => ({
      test: "bsm:vector",
      exposureScale: 1,
      exposureDays: 66,
      signalEvents: 1,
      massEv,
      widthEv: resonance ? 1e-3 * massEv : null,
      resonance,
      ...(resonance ? { widthOverMass: 1e-3 } : {}),
      coupling: "g",
      limit90: 1e-27,
      limit95: 2e-27,
    });
    const text = sensitivityTable([line(0.01, false), line(0.05, true)], {
      kind: "bsm",
      family: "vector",
    });
    expect(text).toMatch(/^1\.00 +66\.0 +0\.0100 +1\.00e-27/m);
    expect(text).toMatch(/^1\.00 +66\.0 +0\.0500\* +1\.00e-27/m);
    expect(text).toContain(
      "* resonance: the mediator's pole lies in the scan; the limit holds for its assumed width Gamma = 0.00100 M",
    );
  });
});
