/**
 * The library's argument checks (docs/outputs.md, "The library"): every public entry checks its
 * arguments here, with the rules the command line applies to its options, and refuses anything
 * else with an ArgumentError (a RenpError of kind "invalid-input", exit 2 in the CLI) naming the
 * argument, the value and what is allowed, before it allocates, spawns or writes anything. A
 * NaN worker count, a zero batch size or 1e12 toys would otherwise hang, loop or exhaust memory.
 */
import { RenpError } from "./errors.js";
import { resolveScenario, validateScenario, type ResolvedScenario } from "./scenario/load.js";

/** A library argument out of its allowed range or of the wrong type. */
export class ArgumentError extends RenpError {
  constructor(field: string, value: unknown, allowed: string) {
    super("invalid-input", `${field} = ${show(value)}: expected ${allowed}`, {
      field,
      value,
      allowed,
    });
    this.name = "ArgumentError";
  }
}

/** A value for a message: short, and never a crash (BigInt, symbols, cycles). */
function show(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
    return String(value);
  if (value === undefined) return "undefined";
  try {
    const text = JSON.stringify(value) ?? typeof value;
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The most toys a run (and the count of a toys file) may hold: int32 toy indices. */
export const MAX_TOYS = 2 ** 31 - 1;
/** The most shards a run may be cut into (one file set each: more is a mistake). */
export const MAX_SHARDS = 1_000_000;

/** An integer in [min, max] (a number, not NaN, not fractional); returns it. */
export function checkInteger(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    throw new ArgumentError(field, value, `an integer from ${min} to ${max}`);
  return value;
}

/** As checkInteger, or undefined when not given. */
export function optionalInteger(
  field: string,
  value: unknown,
  min: number,
  max: number,
): number | undefined {
  return value === undefined ? undefined : checkInteger(field, value, min, max);
}

/** A finite number in [min, max] (min exclusive with `above`). */
export function checkFinite(
  field: string,
  value: unknown,
  range: { min?: number; max?: number; above?: number },
): number {
  const { min = -Infinity, max = Infinity, above } = range;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (above === undefined || value > above);
  if (!ok) {
    const low = above !== undefined ? `above ${above}` : min > -Infinity ? `from ${min}` : "";
    const high = max < Infinity ? ` up to ${max}` : "";
    throw new ArgumentError(field, value, `a finite number${low ? ` ${low}` : ""}${high}`);
  }
  return value;
}

/** true, false or not given. */
export function optionalBoolean(field: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean")
    throw new ArgumentError(field, value, "true or false");
  return value;
}

/** One of the allowed strings, or not given. */
export function optionalChoice<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  if (value !== undefined && !allowed.includes(value as T))
    throw new ArgumentError(field, value, `one of ${allowed.join(", ")}`);
  return value as T | undefined;
}

/** A path: a non-empty string without NUL, or not given. */
export function optionalPath(field: string, value: unknown): string | undefined {
  if (value !== undefined && (typeof value !== "string" || value === "" || value.includes("\0")))
    throw new ArgumentError(field, value, "a path (a non-empty string without NUL)");
  return value;
}

/** A function, or not given. */
export function optionalFunction(field: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function")
    throw new ArgumentError(field, value, "a function");
}

/** An AbortSignal, or not given. */
export function optionalSignal(field: string, value: unknown): void {
  if (value !== undefined && !(value instanceof AbortSignal))
    throw new ArgumentError(field, value, "an AbortSignal");
}

/** A shard {index K, count N} with 1 <= K <= N <= MAX_SHARDS, or not given. */
export function optionalShard(
  field: string,
  value: unknown,
): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null)
    throw new ArgumentError(field, value, "{ index: K, count: N } with 1 <= K <= N");
  const { index, count } = value as Record<string, unknown>;
  const n = checkInteger(`${field}.count`, count, 1, MAX_SHARDS);
  return { index: checkInteger(`${field}.index`, index, 1, n), count: n };
}

/**
 * A scenario given as an object: validated against the scenario schema as a file is (its name,
 * which names the output folder, included) and its presets resolved. A resolved scenario comes
 * back unchanged.
 */
export function checkedScenario(value: unknown, field = "scenario"): ResolvedScenario {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ArgumentError(field, value, "a scenario object (see loadScenario) or a path");
  return resolveScenario(validateScenario(value, `${field} (library argument)`));
}
