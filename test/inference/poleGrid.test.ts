/** The mass grid near a mediator's pole: dense inside the window, unchanged outside it. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { densifyNearPole, poleWindowEv } from "../../src/inference/poleGrid.js";

describe("the pole window", () => {
  it("the reference scan: 2 m_lightest = 20 meV to sqrt(q^2_max) = 0.1179 eV (docs/physics/sensitivity.md)", () => {
    // E_eg of Yb 6s6p 3P0 -> ground and the lowest omega are not needed: q^2_max written out.
    const eeg = 2.14349;
    const omegaMin = (eeg * eeg - 0.1179 ** 2) / (2 * eeg);
    const [lo, hi] = poleWindowEv([0.01, 0.01322, 0.05112], eeg, omegaMin);
    expect(lo).toBeCloseTo(0.02, 12);
    expect(hi).toBeCloseTo(0.1179, 12);
  });
});

describe("densifyNearPole", () => {
  it("keeps every grid point, adds points only inside the window, at least 20 per decade there", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 0, noNaN: true }),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        (logLo, decades) => {
          const grid = Array.from({ length: 15 }, (_, i) => 10 ** (-3 + (7 * i) / 14));
          const window: [number, number] = [10 ** logLo, 10 ** (logLo + decades)];
          const out = densifyNearPole(grid, window);
          for (const m of grid) expect(out.some((v) => Math.abs(v / m - 1) < 1e-9)).toBe(true);
          const added = out.filter((v) => !grid.some((m) => Math.abs(v / m - 1) < 1e-9));
          // Strictly inside: there the pole is in the scan (the window is open).
          for (const m of added) {
            expect(m).toBeGreaterThan(window[0]);
            expect(m).toBeLessThan(window[1]);
          }
          // Sorted and no two masses closer than the grid allows.
          for (let i = 1; i < out.length; i++) expect(out[i]).toBeGreaterThan(out[i - 1]);
          // Inside the window no step exceeds 1/20 of a decade (when the cap of 40 does not bind).
          const inside = out.filter((m) => m >= window[0] && m <= window[1]);
          if (decades * 20 <= 40)
            for (let i = 1; i < inside.length; i++)
              expect(Math.log10(inside[i] / inside[i - 1])).toBeLessThanOrEqual(1 / 20 + 1e-9);
        },
      ),
    );
  });

  it("a grid that misses the window is returned as it is", () => {
    expect(densifyNearPole([1, 10, 100], [0.01, 0.1])).toEqual([1, 10, 100]);
  });
});
