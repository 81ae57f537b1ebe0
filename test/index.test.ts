/** The library entry (package.json "main"/"exports") exposes the pipeline end to end. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as renp from "../src/index.js";
import { readJson, REPO_DIR } from "./helpers/fixtures.js";
import { tempDir } from "./helpers/runs.js";

describe("renp library entry", () => {
  it("package.json points main, types and the bin at built files", () => {
    const pkg = readJson(join(REPO_DIR, "package.json"));
    expect(pkg.main).toBe("./dist/src/index.js");
    expect(pkg.types).toBe("./dist/src/index.d.ts");
    for (const file of [pkg.main, pkg.types, pkg.bin.renp])
      expect(existsSync(join(REPO_DIR, file)), file).toBe(true);
  });

  it("scenario -> expectation -> toys on disk -> read back, through the public names only", async () => {
    const scenario = renp.loadScenario("yb-majorana-normal");
    const table = renp.computeExpectation(scenario);
    expect(table.physics.spectrum.thresholdsEv).toHaveLength(6);
    const run = await renp.generateRun({ scenario, toys: 2, workers: 0, outDir: tempDir() });
    const counts = renp.readToyCounts(run.files.toys, 0, table.muTotal.length);
    expect(counts).toHaveLength(table.muTotal.length);
    // Bins with zero expectation never count.
    table.muTotal.forEach((mu, k) => mu === 0 && expect(counts?.[k]).toBe(0));
    expect(renp.RENP_VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(() => renp.validateScenario({})).toThrow(renp.ScenarioError);
  });

  it("exports no hot-path internals (docs/architecture.md, Public API)", () => {
    for (const name of ["PoissonTable", "BinSampler", "constraintTerm", "chiralBracketEv2"])
      expect(name in renp, name).toBe(false);
  });
});

describe("renp library entry: inference", () => {
  it("fits the Asimov data of a scenario through the public names", () => {
    const model = renp.fitModel(renp.loadScenario("yb-majorana-normal"));
    const mu = new Float64Array(model.bins);
    model.evaluate(model.nominal(), mu);
    const r = new renp.Fitter(model, { float: ["signalNorm"] }).fit(mu, [0.5]);
    expect(r.status).toBe("ok");
    expect(r.values[0]).toBeCloseTo(1, 9);
  });
});
