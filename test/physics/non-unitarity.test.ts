/**
 * Non-unitary mixing with the measured Fermi constant (docs/physics/non-unitarity.md, "Fermi
 * constant"): with G_F = G_mu the SM rate is divided by (N N^dagger)_ee (N N^dagger)_mumu
 * (Fernandez-Martinez, Hernandez-Garcia, Lopez-Pavon, JHEP 08 (2016) 033), against a hand
 * computation, its unitary limit, and the BSM terms that must not scale.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_DIR } from "../helpers/fixtures.js";
import { resolveScenario, validateScenario } from "../../src/scenario/load.js";
import { physicsModel } from "../../src/scenario/model.js";
import {
  muonDecayFactor,
  nonUnitaryMixing,
  pmns,
  MIXING_PRESETS,
} from "../../src/physics/neutrino.js";
import type { ComplexMatrix3 } from "../../src/physics/spectrum/types.js";

const base = JSON.parse(
  readFileSync(join(REPO_DIR, "generators", "yb-majorana-normal.json"), "utf8"),
);
const modelWith = (bsm: object) => {
  const s = structuredClone(base);
  s.bsm = bsm;
  return physicsModel(resolveScenario(validateScenario(s, "nu-test")));
};
const ALPHA = [
  [0.05, 0, 0],
  [0.02, 0.03, 0],
  [0, 0.01, 0.04],
];
const complexOf = (m: number[][]): ComplexMatrix3 => m.map((r) => r.map((re) => ({ re, im: 0 })));
const OMEGAS = [1.0, 1.05, 1.0685, 1.0695, 1.0708, 1.0712, 1.07163];

describe("non-unitarity: the measured Fermi constant", () => {
  it("(N N^dagger)_ee (N N^dagger)_mumu by hand: rows of (1 - alpha) U with U unitary", () => {
    // N_e = (1 - a_ee) U_e, N_mu = -a_mue U_e + (1 - a_mumu) U_mu; U's rows are orthonormal, so
    // (N N^dagger)_ee = (1 - a_ee)^2 and (N N^dagger)_mumu = a_mue^2 + (1 - a_mumu)^2.
    const hand = 0.95 ** 2 * (0.02 ** 2 + 0.97 ** 2);
    const u = pmns(MIXING_PRESETS["nufit-6.0"].normal, 40, 70);
    expect(muonDecayFactor(nonUnitaryMixing(u, complexOf(ALPHA)))).toBeCloseTo(hand, 14);
    expect(muonDecayFactor(u)).toBeCloseTo(1, 14);
  });

  it('"muon-decay" (the default) divides the SM rate by that factor; "input" does not', () => {
    const hand = 0.95 ** 2 * (0.02 ** 2 + 0.97 ** 2);
    const byDefault = modelWith({ nonUnitarity: { alpha: ALPHA } });
    const explicit = modelWith({ nonUnitarity: { alpha: ALPHA, fermiConstant: "muon-decay" } });
    const input = modelWith({ nonUnitarity: { alpha: ALPHA, fermiConstant: "input" } });
    expect(byDefault.fermiConstantScale).toBeCloseTo(1 / Math.sqrt(hand), 14);
    expect(input.fermiConstantScale).toBe(1);
    for (const w of OMEGAS) {
      const v = input.spectrum.value(w);
      expect(v).toBeGreaterThan(0);
      expect(byDefault.spectrum.value(w)).toBeCloseTo(v / hand, 12 - Math.ceil(Math.log10(v)));
      expect(explicit.spectrum.value(w)).toBe(byDefault.spectrum.value(w));
    }
  });

  it("unitary limit: alpha = 0 gives the SM exactly with either choice", () => {
    const sm = modelWith({});
    const zero = [0, 1, 2].map(() => [0, 0, 0]);
    for (const fermiConstant of ["muon-decay", "input"]) {
      const m = modelWith({ nonUnitarity: { alpha: zero, fermiConstant } });
      expect(m.fermiConstantScale).toBe(1);
      for (const w of OMEGAS) expect(m.spectrum.value(w)).toBe(sm.spectrum.value(w));
    }
  });

  it("a term that does not interfere with the SM (magnetic moment) does not scale", () => {
    const mu = [
      [0, { re: 0, im: 3e-10 }, 0],
      [{ re: 0, im: -3e-10 }, 0, 0],
      [0, 0, 0],
    ];
    const diff = (fermiConstant: string, w: number): number =>
      modelWith({
        nonUnitarity: { alpha: ALPHA, fermiConstant },
        electromagnetic: { magneticMomentMuB: mu },
      }).spectrum.value(w) -
      modelWith({ nonUnitarity: { alpha: ALPHA, fermiConstant } }).spectrum.value(w);
    for (const w of [1.0, 1.07]) {
      const ref = diff("input", w);
      expect(ref).toBeGreaterThan(0);
      expect(Math.abs(diff("muon-decay", w) - ref)).toBeLessThan(1e-6 * ref);
    }
  });
});
