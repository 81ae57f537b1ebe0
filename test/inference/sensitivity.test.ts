/**
 * Sensitivity (src/inference/sensitivity.ts, renp sensitivity; docs/statistics.md "Sensitivity"):
 * the Asimov identities, the exact linearity in the exposure, the limits' scaling laws and the
 * command's contract. Deterministic (Asimov data; toys with a fixed seed).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REFERENCE_DIR, readJson } from "../helpers/fixtures.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/runs.js";
import {
  resolveScenario,
  validateScenario,
  type ResolvedScenario,
} from "../../src/scenario/load.js";
import { fitModel } from "../../src/inference/model.js";
import { checkBsmConsistency } from "../../src/scenario/bsm.js";
import { FAMILY_KINDS, familyBsm } from "../../src/inference/families.js";
import { poissonDeviance } from "../../src/inference/likelihood.js";
import {
  CHI2_1DOF_90,
  CHI2_1DOF_95,
  asimovCounts,
  discreteSensitivity,
  discreteToys,
  expectedLimits,
  exposureFor,
  familyOf,
  firstCrossing,
  minDeviance,
  parseTest,
  scaledScenario,
  solveExposure,
} from "../../src/inference/sensitivity/index.js";
import { logGrid } from "../../src/numerics/grid.js";
import { quantileSorted } from "../../src/numerics/quantile.js";
import { renderSvg } from "../../src/plot/render.js";
import { limitSpec } from "../../src/plot/sensitivity.js";

const RAW = readJson(join(REFERENCE_DIR, "yb-majorana-normal.scenario.json"));
const scenario = (changes: Record<string, unknown> = {}): ResolvedScenario =>
  resolveScenario(validateScenario({ ...RAW, ...changes }));
const REFERENCE = scenario();
/** The reference with a flat background (cheap to compute): every mean is exposure x rate still. */
const WITH_BACKGROUND = scenario({
  backgrounds: [{ kind: "flat", name: "dark", ratePerS: 2e-5 }],
});
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

describe("Asimov identities", () => {
  it("the true hypothesis fitted to its own Asimov data: D = 0 at the truth", () => {
    const model = fitModel(REFERENCE);
    const counts = asimovCounts(model);
    expect(poissonDeviance(counts, counts)).toBe(0);
    const fit = minDeviance(model, counts, ["lightestMassEv"]);
    expect(fit.deviance).toBeLessThan(1e-9);
    expect(fit.values.lightestMassEv / REFERENCE.neutrino.lightestMassEv).toBeCloseTo(1, 4);
    const r = discreteSensitivity(REFERENCE, "ordering");
    expect(r.trueDeviance).toBeLessThan(1e-9);
    expect(r.deltaChi2).toBeGreaterThan(0);
    expect(r.z).toBe(Math.sqrt(r.deltaChi2));
  });

  it("Delta chi2 is exactly linear in the exposure without constraints (backgrounds included)", () => {
    // D(s n | s mu) = s D(n | mu) and the minimiser does not move (docs/statistics.md).
    const one = discreteSensitivity(WITH_BACKGROUND, "ordering", { exposureScale: 1 });
    const four = discreteSensitivity(WITH_BACKGROUND, "ordering", { exposureScale: 4 });
    expect(four.deltaChi2 / one.deltaChi2).toBeCloseTo(4, 4);
    expect(four.exposureDays).toBeCloseTo(4 * one.exposureDays, 9);
    expect(four.signalEvents / one.signalEvents).toBeCloseTo(4, 9);
    // The exposure for Z = 3 from the linearity is where a fit there finds Delta chi2 = 9.
    const s3 = exposureFor(one, 3)!;
    const at = discreteSensitivity(WITH_BACKGROUND, "ordering", { exposureScale: s3 });
    expect(at.deltaChi2).toBeCloseTo(9, 3);
  }, 60_000);

  it("with a constrained parameter floated, Delta chi2 grows more slowly and is solved for", () => {
    // The constraint term does not scale with the exposure: Delta chi2(s) < s Delta chi2(1) for s > 1.
    const withPrior = scenario({
      systematics: [
        { name: "sig", parameter: "signalNorm", prior: { distribution: "gaussian", sigma: 0.1 } },
      ],
    });
    const float = ["signalNorm"];
    const one = discreteSensitivity(withPrior, "mlightest", { float });
    expect(one.constrained).toBe(true);
    expect(exposureFor(one, 3)).toBeUndefined();
    const s5 = solveExposure(withPrior, one, 5)!;
    const at = discreteSensitivity(withPrior, "mlightest", { float, exposureScale: s5 });
    expect(Math.abs(at.deltaChi2 / 25 - 1)).toBeLessThan(1e-3);
    expect(s5).toBeGreaterThan(1);
    expect(at.deltaChi2).toBeLessThan(s5 * one.deltaChi2);
  }, 60_000);

  it("scaledScenario multiplies a per-bin exposure array too", () => {
    const arrayExposure = scenario({
      experiment: {
        ...RAW.experiment,
        scan: { ...RAW.experiment.scan, exposurePerBinS: Array(66).fill(86400) },
      },
    });
    const a = fitModel(scaledScenario(arrayExposure, 3)).table.muTotal;
    const b = fitModel(REFERENCE).table.muTotal;
    a.forEach((v, k) => expect(v).toBeCloseTo(3 * b[k], 9));
  });
});

describe("toys (mlightest: two simple hypotheses, nothing floated)", () => {
  it("q's mean and variance over toys match the exact moments", () => {
    // q = D(n | mu0) - D(n | mu1) = 2 sum [mu0 - mu1 + n ln(mu1/mu0)] is linear in n, so under the
    // scenario (n ~ Poisson(mu1)): E q = 2 sum [mu0 - mu1 + mu1 ln(mu1/mu0)] = Delta chi2_A,
    // Var q = 4 sum mu1 ln(mu1/mu0)^2. 2000 toys: a 4-standard-error band on the mean and a 15%
    // band on the variance (its relative error is ~sqrt(2/2000) = 3%); false failure < 1e-4.
    const asimov = discreteSensitivity(REFERENCE, "mlightest");
    const toys = discreteToys(REFERENCE, "mlightest", { toys: 2000 }, asimov);
    const mu1 = asimovCounts(fitModel(REFERENCE));
    const mu0 = new Float64Array(mu1.length);
    fitModel(scenario({ neutrino: { ...RAW.neutrino, lightestMassEv: 0 } })).evaluate(
      fitModel(scenario({ neutrino: { ...RAW.neutrino, lightestMassEv: 0 } })).nominal(),
      mu0,
    );
    let variance = 0;
    for (let k = 0; k < mu1.length; k++)
      if (mu1[k] > 0) variance += 4 * mu1[k] * Math.log(mu1[k] / mu0[k]) ** 2;
    const q = Array.from(toys.q);
    const mean = sum(q) / q.length;
    const sampleVariance = q.reduce((s, v) => s + (v - mean) ** 2, 0) / (q.length - 1);
    expect(Math.abs(mean - asimov.deltaChi2)).toBeLessThan(4 * Math.sqrt(variance / q.length));
    expect(sampleVariance / variance).toBeGreaterThan(0.85);
    expect(sampleVariance / variance).toBeLessThan(1.15);
    expect(toys.band68[0]).toBeLessThan(toys.median);
    expect(toys.band68[1]).toBeGreaterThan(toys.median);
    expect(toys.band95[0]).toBeLessThanOrEqual(toys.band68[0]);
    expect(toys.notConverged).toBe(0);
  }, 30_000);

  it("quantileSorted interpolates between order statistics", () => {
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileSorted([0, 10], 0.25)).toBe(2.5);
  });
});

describe("expected limits", () => {
  it("95% above 90%, both signs solved, Delta chi2 at the limit is the quantile", () => {
    const r = expectedLimits(REFERENCE, { kind: "vector", massEv: 10 });
    expect(r.limit95).toBeGreaterThan(r.limit90);
    expect(r.limit90).toBe(Math.max(r.plus90, r.minus90));
    const model = fitModel(REFERENCE, { families: [{ kind: "vector", massEv: 10 }] });
    const counts = asimovCounts(model);
    const at = (c: number) => minDeviance(model, counts, [], { "bsm.vector": c }).deviance;
    expect(at(r.plus90) / CHI2_1DOF_90).toBeCloseTo(1, 3);
    expect(at(-r.minus95) / CHI2_1DOF_95).toBeCloseTo(1, 3);
    expect(at(0.99 * r.plus90)).toBeLessThan(CHI2_1DOF_90);
  }, 30_000);

  it("heavy vector mediator: the limit grows as M^2 and falls with the exposure", () => {
    // Contact shift ~ g g / M^2: c(1e4 eV) / c(1e3 eV) = 100. Delta chi2 is linear in the exposure
    // and goes as c^2 (interference) to c^4 (squared term): 4x the exposure moves the limit by a
    // factor between 4^(-1/2) and 4^(-1/4).
    const relTol = 1e-4;
    const c3 = expectedLimits(REFERENCE, { kind: "vector", massEv: 1e3 }, { relTol }).limit90;
    const c4 = expectedLimits(REFERENCE, { kind: "vector", massEv: 1e4 }, { relTol }).limit90;
    expect(Math.abs(c4 / c3 / 100 - 1)).toBeLessThan(3 * relTol);
    const four = expectedLimits(
      REFERENCE,
      { kind: "vector", massEv: 1e3 },
      { relTol, exposureScale: 4 },
    );
    expect(four.limit90 / c3).toBeGreaterThan(0.5 * (1 - 2 * relTol));
    expect(four.limit90 / c3).toBeLessThan(Math.pow(4, -0.25) * (1 + 2 * relTol));
    expect(four.limit95).toBeGreaterThan(four.limit90);
  }, 30_000);

  it("magnetic moment (no interference): Delta chi2 goes as mu^4 for small mu", () => {
    const model = fitModel(REFERENCE, { families: [{ kind: "magnetic" }] });
    const counts = asimovCounts(model);
    const at = (c: number) => minDeviance(model, counts, [], { "bsm.magnetic": c }).deviance;
    // The rate is mu0 + c^2 B: the deviance is c^4 sum B^2/mu0 (1 + O(c^2 B/mu0)), c^2 B/mu0 ~ 4e-4
    // at 1e-12 (the limit is 2.4e-11). At c ~ 1e-14 each bin's mu - n + n ln(n/mu) is ~1e-15, a
    // difference of two terms ~1e-7: rounding, not physics, would then set the ratio.
    expect(at(1e-12) / at(1e-13) / 1e4).toBeCloseTo(1, 3);
  });
});

describe("the limit solver and the families", () => {
  it("firstCrossing finds where a power law a |c|^p reaches the target, to relTol", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.constantFrom(2, 3, 4),
        fc.double({ min: -40, max: 5, noNaN: true }), // below MAX_COUPLING = 1e6
        fc.constantFrom(1 as const, -1 as const),
        (target, p, log10Scale, sign) => {
          // f reaches the target at |c| = 10^log10Scale.
          const at = Math.pow(10, log10Scale);
          const f = (c: number) => target * Math.pow(Math.abs(c) / at, p);
          const c = firstCrossing(f, sign, target, 1e-30, 1e-6);
          expect(Math.abs(c / at - 1)).toBeLessThan(2e-6);
        },
      ),
    );
  });

  it("every family's bsm object is consistent for Majorana and Dirac neutrinos", () => {
    for (const kind of FAMILY_KINDS) {
      const family = familyOf(kind, 1, fitModel(REFERENCE));
      for (const nature of ["majorana", "dirac"] as const)
        expect(checkBsmConsistency(familyBsm(family, 0.3), nature)).toEqual([]);
    }
    // A mediator whose pole lies in the scan gets a width; one above it none.
    expect(familyOf("vector", 0.05, fitModel(REFERENCE))).toMatchObject({ widthEv: 5e-5 });
    expect(familyOf("vector", 10, fitModel(REFERENCE))).not.toHaveProperty("widthEv");
  });

  it("logGrid spans the range in equal log steps", () => {
    const g = logGrid(1e-3, 1e4, 15);
    expect(g).toHaveLength(15);
    expect(g[0]).toBeCloseTo(1e-3, 15);
    expect(g[14] / 1e4).toBeCloseTo(1, 12);
    expect(g[1] / g[0]).toBeCloseTo(Math.sqrt(10), 12);
  });
});

describe("parseTest and bad input", () => {
  it("parses the forms and names what is allowed", () => {
    expect(parseTest("ordering")).toEqual({ kind: "ordering" });
    expect(parseTest("bsm:vector@10")).toEqual({ kind: "bsm", family: "vector", massEv: 10 });
    expect(parseTest("bsm:magnetic")).toEqual({ kind: "bsm", family: "magnetic" });
    expect(() => parseTest("hierarchy")).toThrow(/allowed: ordering, nature, mlightest/);
    expect(() => parseTest("bsm:axion")).toThrow(/unknown family "axion"/);
    expect(() => parseTest("bsm:magnetic@1")).toThrow(/no mediator mass/);
    expect(() => parseTest("bsm:vector@-1")).toThrow(/positive number/);
  });

  it("exit 2, a message naming it, nothing on stdout and no file", async () => {
    const dir = tempDir();
    const out = join(dir, "s.jsonl");
    const cases: [string[], RegExp][] = [
      [["--test", "hierarchy"], /test = "hierarchy"/],
      [["--test", "bsm:axion"], /unknown family "axion"/],
      [["--test", "ordering", "--float", "lightestMass"], /unknown fit parameter "lightestMass"/],
      [["--test", "ordering", "--float", "backgroundNorm:dark"], /no backgrounds/],
      [["--test", "ordering", "--exposure-scale", "1,-2"], /--exposure-scale/],
      [["--test", "bsm:vector", "--toys", "5"], /--toys/],
      [["--test", "mlightest", "--float", "lightestMassEv"], /fixes it at 0/],
      [["--test", "bsm:vector", "--mass-grid", "1:0.1:3"], /--mass-grid/],
      [["--test", "ordering", "--out", join(dir, "x.txt")], /\.svg, \.png, \.jsonl/],
      [[], /--test/],
    ];
    for (const [args, message] of cases) {
      const withOut = args.includes("--out") ? args : [...args, "--out", out];
      const r = await runCli(["sensitivity", "yb-majorana-normal", ...withOut]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
      expect(existsSync(out)).toBe(false);
      expect(existsSync(join(dir, "x.txt"))).toBe(false);
    }
  });
});

describe("renp sensitivity", () => {
  it("--json: one object per line with the documented fields; days(3 sigma) from the linearity", async () => {
    const r = await runCli([
      "sensitivity",
      "yb-majorana-normal",
      "--test",
      "ordering",
      "--exposure-scale",
      "0.5,2",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(l).toMatchObject({ test: "ordering", float: ["lightestMassEv"] });
      expect(l.z).toBeCloseTo(Math.sqrt(l.deltaChi2), 12);
      // 66 bins x 1 day at scale 1.
      expect(l.exposureDays).toBeCloseTo(66 * l.exposureScale, 9);
      expect(l.days3Sigma).toBeCloseTo((9 / l.deltaChi2) * l.exposureDays, 6);
      expect(l.days5Sigma / l.days3Sigma).toBeCloseTo(25 / 9, 9);
    }
    expect(lines[1].deltaChi2 / lines[0].deltaChi2).toBeCloseTo(4, 4);
  }, 60_000);

  it("--out x.svg draws Z against exposure; --out x.jsonl writes the --json lines", async () => {
    const dir = tempDir();
    const svg = join(dir, "z.svg");
    const base = [
      "sensitivity",
      "yb-majorana-normal",
      "--test",
      "mlightest",
      "--exposure-scale",
      "1,3",
    ];
    const r = await runCli([...base, "--out", svg]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(svg, "utf8")).toMatch(/^<svg/);
    expect(r.stdout).toMatch(/Delta chi2/);
    const jsonl = join(dir, "z.jsonl");
    const j = await runCli([...base, "--out", jsonl, "--json"]);
    expect(readFileSync(jsonl, "utf8")).toBe(j.stdout);
    // Never overwritten without --force.
    expect((await runCli([...base, "--out", jsonl])).code).toBe(2);
  }, 60_000);

  it("the limit plot spec renders (log-log, one line per CL and exposure)", async () => {
    const points = [1e-3, 1, 1e3].map((m) => ({
      exposureScale: 1,
      exposureDays: 66,
      massEv: m,
      limit90: 1e-20 * m * m,
      limit95: 1.2e-20 * m * m,
    }));
    const svg = await renderSvg(limitSpec("t", "|g^e g^nu_L|", points));
    expect(svg).toMatch(/90% CL, exposure x1/);
    expect(svg).toMatch(/mediator mass M \(eV\)/);
  });
});
