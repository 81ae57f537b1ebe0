/**
 * Gamma_0 of the two projections (docs/physics/standard-model.md section 3.1): the literature's
 * (2 J_p + 1) C_ep for "isotropic" (the reference value of test/fixtures/reference/), C_ep alone for
 * the coherent "transverse" amplitude. The factor is derived with explicit Clebsch-Gordan
 * coefficients in docs/physics/checks/gamma0_coherent.py (1/3 for J = 0 -> 1 -> 0).
 */
import fc from "fast-check";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, readJson } from "../helpers/fixtures.js";
import { gamma0PerS } from "../../src/physics/rate.js";
import { TARGET_PRESETS } from "../../src/physics/atoms.js";

const REFERENCE = readJson<{ gamma0_per_s: number }>(
  join(FIXTURES_DIR, "reference", "yb-majorana-normal.expected.json"),
);
const MACRO = { numberDensityPerCm3: 1e21, volumeCm3: 100 };

describe("Gamma_0 by projection", () => {
  it("isotropic keeps the literature's value (reference fixture, 1e-12)", () => {
    const got = gamma0PerS(TARGET_PRESETS.Yb, MACRO, "isotropic");
    expect(Math.abs(got / REFERENCE.gamma0_per_s - 1)).toBeLessThan(1e-12);
  });

  it("transverse (the default) is the isotropic value / (2 J_p + 1): 1/3 for Yb's J_p = 1", () => {
    const yb = TARGET_PRESETS.Yb;
    expect(gamma0PerS(yb, MACRO) / gamma0PerS(yb, MACRO, "isotropic")).toBeCloseTo(1 / 3, 14);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (jP, cEp) => {
          const atom = { ...yb, jP, cEp };
          const ratio =
            gamma0PerS(atom, MACRO, "transverse") / gamma0PerS(atom, MACRO, "isotropic");
          expect(ratio).toBeCloseTo(1 / (2 * jP + 1), 12);
        },
      ),
    );
  });
});
