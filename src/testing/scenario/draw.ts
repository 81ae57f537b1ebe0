/**
 * The drawing helpers of arbScenario (testing/scenario.ts): numbers that shrink towards the
 * reference scenario's value, choices that shrink towards the first, JSON-shaped results.
 */
import fc from "fast-check";

/** A JSON value, as a scenario file holds. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type Obj = { [key: string]: Json };

/** A double in [min, max] that shrinks towards `ref` (which must lie in the range). */
export const near = (ref: number, min: number, max: number): fc.Arbitrary<number> =>
  fc
    .double({ min: min - ref, max: max - ref, noNaN: true })
    .map((d) => Math.min(max, Math.max(min, ref + d)));

/** ref x 10^e with e in [-down, up], shrinking towards ref. */
export const decades = (ref: number, down: number, up: number): fc.Arbitrary<number> =>
  fc.double({ min: -down, max: up, noNaN: true }).map((e) => ref * 10 ** e);

/** An integer in [min, max] that shrinks towards `ref` clamped into the range. */
export function intNear(ref: number, min: number, max: number): fc.Arbitrary<number> {
  const r = Math.min(max, Math.max(min, ref));
  return fc.integer({ min: min - r, max: max - r }).map((d) => r + d);
}

/** One of the arbitraries, shrinking across to the first (where the reference's choice is listed). */
export const firstFirst = <Ts extends fc.Arbitrary<unknown>[]>(...arbs: Ts) =>
  fc.oneof({ withCrossShrink: true }, ...arbs);

/** The reference value first, so constantFrom shrinks to it. */
export const choice = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

export const signed = (magnitude: fc.Arbitrary<number>): fc.Arbitrary<number> =>
  fc.tuple(magnitude, fc.boolean()).map(([m, negative]) => (negative ? -m : m));
/** Drops keys whose value is undefined (optional fields left out). */
export function compact(o: { [key: string]: Json | undefined }): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Obj;
}

/** An optional field: undefined (left out) or a value. */
export const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined });
