/**
 * A fitted q < 0 is not left silent. `pairedFits` (global.ts) refits the own
 * hypothesis from the alternative's minimum when the alternative fits better, and keeps the better
 * of the two own fits. Fitters here are stand-ins whose minima are set by hand: an own fit that
 * stops in a local minimum (D = 5) from its default start and reaches D = 1 from the alternative's
 * values, against an alternative at D = 3.
 */
import { describe, expect, it } from "vitest";
import { pairedFits } from "../../src/inference/global.js";

type Result = { deviance: number; names: string[]; values: Float64Array };

const fitter = (names: string[], fit: (start?: ArrayLike<number>) => Result) => ({
  names,
  fit: (_: ArrayLike<number>, start?: ArrayLike<number>) => fit(start),
});

describe("pairedFits", () => {
  const alternative = fitter(["lightestMassEv", "signalNorm"], () => ({
    deviance: 3,
    names: ["lightestMassEv", "signalNorm"],
    values: Float64Array.from([0.05, 0.9]),
  }));

  it("a negative q is refitted from the alternative's minimum; the better own fit is kept", () => {
    const starts: (number[] | undefined)[] = [];
    const own = fitter(["lightestMassEv", "signalNorm", "backgroundNorm:flat"], (start) => {
      starts.push(start && Array.from(start));
      return {
        deviance: start ? 1 : 5,
        names: ["lightestMassEv", "signalNorm", "backgroundNorm:flat"],
        values: Float64Array.from([0.01, 1, 1.2]),
      };
    });
    const r = pairedFits(own, alternative, []);
    expect(r.refitted).toBe(true);
    expect(r.q).toBe(2);
    // Shared parameters start at the alternative's values, the others at the own fit's.
    expect(starts).toEqual([undefined, [0.05, 0.9, 1.2]]);
  });

  it("a q that stays negative is kept (the data prefer the alternative); no refit when q >= 0", () => {
    const stuck = fitter(["signalNorm"], () => ({
      deviance: 4,
      names: ["signalNorm"],
      values: Float64Array.from([1]),
    }));
    expect(pairedFits(stuck, alternative, [])).toMatchObject({ q: -1, refitted: true });
    const fine = fitter(["signalNorm"], () => ({
      deviance: 2,
      names: ["signalNorm"],
      values: Float64Array.from([1]),
    }));
    expect(pairedFits(fine, alternative, [])).toMatchObject({ q: 1, refitted: false });
  });
});
