/**
 * The renp.* schema metadata of renp's Arrow files, parsed and checked, and what kind of renp file
 * a set of columns makes (docs/outputs.md).
 */
import type { ResolvedScenario } from "../../scenario/load.js";

/** The renp keys of the schema metadata, parsed; `raw` keeps every key as written. */
export interface RenpMetadata {
  raw: Record<string, string>;
  /** renp.* keys whose value is not what renp writes (each left undefined below). */
  problems: string[];
  version?: string | undefined;
  scenario?: ResolvedScenario | undefined;
  seed?: number | undefined;
  toys?: { first: number; count: number } | undefined;
  shard?: string | undefined;
  gamma0PerS?: number | undefined;
  massesEv?: number[] | undefined;
  thresholdsEv?: number[] | undefined;
}

/** What a renp file is: from its schema metadata (renp.file) where that fits its columns. */
export type FileKind = "expected" | "toys" | "nuisance" | "fits" | "other";

/** Every kind of file renp writes, in the order `renp inspect --help` lists them. */
export const RENP_FILE_KINDS = ["expected", "toys", "nuisance", "fits"] as const;

const EXPECTED_COLUMNS = [
  "bin",
  "omega_lo_ev",
  "omega_ev",
  "omega_hi_ev",
  "exposure_s",
  "efficiency",
  "mu_signal",
  "mu_total",
];
const TOYS_COLUMNS = ["toy", "bin", "n_obs"];
/** The wide layout (`--layout wide`): toy and counts FixedSizeList<int32>[bins]. */
const WIDE_TOYS_COLUMNS = ["toy", "counts"];

/** A short, escaped excerpt of text read from a file: never more than `max` characters of it. */
export function excerpt(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}...` : text);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isNumberArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isFinite(x));

/**
 * Parses the renp.* schema metadata; missing keys stay undefined (files from other tools). A key
 * that is not what renp writes is left undefined too, and described in `problems`.
 */
export function parseMetadata(metadata: Map<string, string>): RenpMetadata {
  const raw = Object.fromEntries(metadata);
  const problems: string[] = [];
  const parsed = <T>(
    key: string,
    valid: (v: unknown) => v is T,
    expected: string,
  ): T | undefined => {
    const text = raw[key];
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      problems.push(`${key} = ${excerpt(text)} is not valid JSON (expected ${expected})`);
      return undefined;
    }
    if (valid(value)) return value;
    problems.push(`${key} = ${excerpt(text)}: expected ${expected}`);
    return undefined;
  };
  const toys = parsed(
    "renp.toys",
    (v): v is { first: number; count: number } =>
      isObject(v) && isCount(v.first) && isCount(v.count),
    '{"first": N, "count": N} with integers >= 0',
  );
  const seed = parsed("renp.seed", isCount, "an integer >= 0");
  const gamma0 = raw["renp.gamma0_per_s"];
  return {
    raw,
    problems,
    version: raw["renp.version"],
    scenario: parsed(
      "renp.scenario",
      (v): v is ResolvedScenario => isObject(v),
      "a scenario object",
    ),
    seed,
    toys,
    shard: raw["renp.shard"],
    gamma0PerS: gamma0 === undefined ? undefined : Number(gamma0),
    massesEv: parsed("renp.masses_ev", isNumberArray, "an array of numbers"),
    thresholdsEv: parsed("renp.thresholds_ev", isNumberArray, "an array of numbers"),
  };
}

/** The kind of renp file the column names (and renp.file) make. */
export function fileKind(names: readonly string[], kindInMetadata?: string): FileKind {
  if (EXPECTED_COLUMNS.every((c) => names.includes(c))) return "expected";
  if (
    TOYS_COLUMNS.every((c) => names.includes(c)) ||
    WIDE_TOYS_COLUMNS.every((c) => names.includes(c))
  )
    return "toys";
  // nuisance.arrow: toy and one float64 column per systematic (renp.file says so too).
  if (names[0] === "toy" && names.length > 1 && kindInMetadata === "nuisance") return "nuisance";
  // A fits file (renp fit, whatever its name): renp.file = fits over the toy and status columns.
  if (kindInMetadata === "fits" && names.includes("toy") && names.includes("status")) return "fits";
  return "other";
}
