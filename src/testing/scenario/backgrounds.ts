/** Backgrounds of every kind (flat, psr, qed3gamma, table) for arbScenario. */
import fc from "fast-check";
import { choice, compact, decades, near, optional, type Obj } from "./draw.js";

/** The background kinds arbScenario draws. */
export type BackgroundKind = "flat" | "psr" | "qed3gamma" | "table";

/** `count` table nodes from `from` to `to` (increasing), each with a value from `values`. */
export const tableArb = (values: fc.Arbitrary<number>) =>
  fc.array(values, { minLength: 2, maxLength: 5 });

/** `count` evenly spaced nodes from fromEv to toEv, the last exactly toEv. */
export function nodes(fromEv: number, toEv: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? toEv : fromEv + (i * (toEv - fromEv)) / (count - 1),
  );
}

/** A background for a target (E_eg) and a scan [lo, hi], eV. */
export type BackgroundBuilder = (eegEv: number, lo: number, hi: number) => Obj;

/** A background of the given kind, built once the target and scan are known. */
export function backgroundArb(kind: BackgroundKind): fc.Arbitrary<BackgroundBuilder> {
  switch (kind) {
    case "flat":
      return fc
        .record({ ratePerS: decades(1e-6, 2, 2), applyEfficiency: fc.boolean() })
        .map((b) => () => ({ kind, ...b }));
    case "psr":
      return fc
        .record({
          peakRatePerS: decades(1e-3, 2, 2),
          fwhmEv: decades(1e-4, 1, 1),
          profile: choice(["lorentzian", "gaussian"]),
          centerOffsetEv: optional(near(0, -1e-3, 1e-3)),
          applyEfficiency: fc.boolean(),
        })
        .map(
          ({ centerOffsetEv, ...b }) =>
            (eegEv: number) =>
              compact({
                kind,
                ...b,
                centerEv: centerOffsetEv === undefined ? undefined : eegEv / 2 + centerOffsetEv,
              }),
        );
    case "qed3gamma":
      return fc
        .record({
          ratioToSm: decades(1e6, 2, 2),
          suppression: decades(1e-7, 2, 2),
          applyEfficiency: fc.boolean(),
        })
        .map((b) => () => ({ kind, ...b }));
    case "table":
      return fc
        .record({ rates: tableArb(decades(1e-6, 2, 2)), applyEfficiency: fc.boolean() })
        .map(({ rates, applyEfficiency }) => (_eegEv: number, lo: number, hi: number) => {
          // From below the scan to above it: the table may also end inside.
          const margin = Math.max(0.1 * (hi - lo), 1e-5);
          return {
            kind,
            omegaEv: nodes(lo - margin, hi + margin, rates.length),
            ratePerS: rates,
            applyEfficiency,
          };
        });
  }
}
