/**
 * The sensitivity solver (src/inference/sensitivity.ts, docs/physics/sensitivity.md): the Asimov
 * statistic, the solve, and the scaling laws it must reproduce.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { join } from "node:path";
import { REFERENCE_DIR, readJson } from "../helpers/fixtures.js";
import {
  resolveScenario,
  validateScenario,
  type ResolvedScenario,
} from "../../src/scenario/load.js";
import { checkBsmConsistency } from "../../src/scenario/bsm.js";
import {
  asimovChi2,
  expectedCounts,
  familyBsm,
  familyChi2,
  logGrid,
  solveSensitivity,
  type SensitivityFamily,
} from "../../src/inference/sensitivity.js";

const REFERENCE = resolveScenario(
  validateScenario(readJson(join(REFERENCE_DIR, "yb-majorana-normal.scenario.json"))),
);
const MU0 = expectedCounts(REFERENCE, {});

function withExposureFactor(s: ResolvedScenario, f: number): ResolvedScenario {
  const scan = s.experiment.scan;
  const e = scan.exposurePerBinS;
  return {
    ...s,
    experiment: {
      ...s.experiment,
      scan: { ...scan, exposurePerBinS: Array.isArray(e) ? e.map((x) => x * f) : e * f },
    },
  };
}

describe("asimovChi2", () => {
  it("is the Pearson sum, 2 mu for bins with mu0 = 0, and 0 at mu = mu0", () => {
    expect(asimovChi2([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(asimovChi2([2, 4, 0.5], [1, 2, 0])).toBeCloseTo(1 / 1 + 4 / 2 + 1, 14);
    expect(asimovChi2([0.5], [0], "poisson")).toBe(1);
    expect(asimovChi2([0], [1], "poisson")).toBe(Infinity);
  });

  it("Pearson and Poisson deviance agree to second order", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        fc.double({ min: -1e-2, max: 1e-2, noNaN: true }).filter((r) => Math.abs(r) > 1e-6),
        (m0, r) => {
          const p = asimovChi2([m0 * (1 + r)], [m0]);
          const d = asimovChi2([m0 * (1 + r)], [m0], "poisson");
          // |deviance - Pearson| = (2/3) |r| Pearson + O(r^2); rounding of m0 (1 + r) adds ~1e-16/|r|.
          expect(Math.abs(d - p)).toBeLessThanOrEqual((Math.abs(r) + 1e-9) * p);
        },
      ),
    );
  });
});

describe("families", () => {
  it("every family gives a consistent bsm object for Majorana and Dirac", () => {
    const families: SensitivityFamily[] = [
      { kind: "vector", massEv: 1 },
      { kind: "scalarS", massEv: 1 },
      { kind: "scalarP", massEv: 1, widthEv: 1e-3 },
      { kind: "magnetic" },
      { kind: "electric", pairs: [[0, 2]] },
      { kind: "nonUnitarity", i: 2, j: 0 },
    ];
    for (const f of families) {
      for (const nature of ["majorana", "dirac"] as const)
        expect(checkBsmConsistency(familyBsm(f, 0.3), nature)).toEqual([]);
    }
    expect(() => familyBsm({ kind: "nonUnitarity", i: 0, j: 1 }, 1)).toThrow(/above the diagonal/);
  });

  it("logGrid spans the range in equal log steps", () => {
    const g = logGrid(1e-3, 1e4, 15);
    expect(g).toHaveLength(15);
    expect(g[0]).toBeCloseTo(1e-3, 15);
    expect(g[14] / 1e4).toBeCloseTo(1, 12);
    expect(g[1] / g[0]).toBeCloseTo(Math.sqrt(10), 12);
  });
});

describe("solveSensitivity", () => {
  it("returns a coupling where chi2 = 1", () => {
    const r = solveSensitivity(
      REFERENCE,
      { kind: "vector", massEv: 10 },
      { mu0: MU0, relTol: 1e-6 },
    );
    expect(Math.abs(r.chi2 - 1)).toBeLessThan(1e-4);
    expect(
      familyChi2(REFERENCE, { kind: "vector", massEv: 10 }, r.coupling * 0.99, MU0),
    ).toBeLessThan(1);
  });

  it("vector, interference regime: chi2 scales as c^2 for small c", () => {
    const f: SensitivityFamily = { kind: "vector", massEv: 10 };
    const c = 1e-24; // 1-sigma is ~2e-22 at this mass
    const ratio = familyChi2(REFERENCE, f, c, MU0) / familyChi2(REFERENCE, f, c / 10, MU0);
    expect(ratio / 100 - 1).toBeLessThan(0.02);
    expect(ratio / 100 - 1).toBeGreaterThan(-0.02);
  });

  it("vector, heavy-mediator limit: the 1-sigma coupling scales as M^2 (contact shift ~ g g / M^2)", () => {
    const c3 = solveSensitivity(
      REFERENCE,
      { kind: "vector", massEv: 1e3 },
      { mu0: MU0, relTol: 1e-7 },
    ).coupling;
    const c4 = solveSensitivity(
      REFERENCE,
      { kind: "vector", massEv: 1e4 },
      { mu0: MU0, relTol: 1e-7 },
    ).coupling;
    expect(c4 / c3 / 100 - 1).toBeLessThan(1e-4);
    expect(c4 / c3 / 100 - 1).toBeGreaterThan(-1e-4);
  }, 20_000);

  it("magnetic moment (no interference): chi2 scales as mu^4", () => {
    const f: SensitivityFamily = { kind: "magnetic" };
    const ratio = familyChi2(REFERENCE, f, 1e-12, MU0) / familyChi2(REFERENCE, f, 1e-13, MU0);
    expect(ratio / 1e4 - 1).toBeLessThan(1e-6);
    expect(ratio / 1e4 - 1).toBeGreaterThan(-1e-6);
  });

  it("exposure scaling: chi2 is linear in the exposure; c ~ T^(-1/4) without interference", () => {
    const s4 = withExposureFactor(REFERENCE, 4);
    const opts = { relTol: 1e-7 };
    const f: SensitivityFamily = { kind: "vector", massEv: 1e3 };
    const v1 = solveSensitivity(REFERENCE, f, opts).coupling;
    const v4 = solveSensitivity(s4, f, opts).coupling;
    // 4x the exposure: chi2 = 1 at T4 means chi2 = 1/4 at the reference exposure.
    expect(familyChi2(REFERENCE, f, v4, MU0) / 0.25 - 1).toBeLessThan(1e-5);
    expect(familyChi2(REFERENCE, f, v4, MU0) / 0.25 - 1).toBeGreaterThan(-1e-5);
    // Between T^(-1/2) (pure interference) and T^(-1/4) (pure squared term).
    expect(v4 / v1).toBeGreaterThan(0.5);
    expect(v4 / v1).toBeLessThan(Math.SQRT1_2);
    const m1 = solveSensitivity(REFERENCE, { kind: "magnetic" }, opts).coupling;
    const m4 = solveSensitivity(s4, { kind: "magnetic" }, opts).coupling;
    expect(m4 / m1 / Math.SQRT1_2 - 1).toBeLessThan(1e-5);
    expect(m4 / m1 / Math.SQRT1_2 - 1).toBeGreaterThan(-1e-5);
  }, 30_000);
});
