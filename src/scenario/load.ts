/**
 * Reading a scenario: a path or a built-in generator's name -> JSON -> validated -> presets resolved.
 * Every failure is a ScenarioError (src/errors.ts) whose message names the field, the value and
 * what is allowed.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { ScenarioError } from "../errors.js";
import { readInputFile } from "../io/inputFile.js";
import { GENERATORS_DIR } from "../paths.js";
import { builtinGeneratorNames } from "./builtins.js";
import { TARGET_PRESETS } from "../physics/atoms.js";
import { MIXING_PRESETS } from "../physics/neutrino.js";
import {
  mixingObjectSchema,
  scenarioSchema,
  targetObjectSchema,
  type MixingObject,
  type Scenario,
  type TargetObject,
} from "./schema.js";

/** A scenario with defaults filled and presets replaced by their values (still a valid input). */
export type ResolvedScenario = Omit<Scenario, "target" | "neutrino"> & {
  target: TargetObject;
  neutrino: Omit<Scenario["neutrino"], "mixing"> & { mixing: MixingObject };
};

export { ScenarioError };

export { builtinGeneratorNames };

/** The path of a scenario given as a path or as a built-in generator's name. */
export function scenarioPath(pathOrName: string): string {
  if (existsSync(pathOrName)) return pathOrName;
  const builtin = join(GENERATORS_DIR, `${pathOrName}.json`);
  if (/^[A-Za-z0-9._-]+$/.test(pathOrName) && existsSync(builtin)) return builtin;
  throw new ScenarioError(
    `no scenario file "${pathOrName}" and no built-in generator of that name; built-ins: ${builtinGeneratorNames().join(", ")}`,
  );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

const showValue = (v: unknown): string => {
  if (v === undefined) return "missing";
  let text: string;
  try {
    text = JSON.stringify(v);
  } catch {
    // A value nested deeper than the stack (200,000 arrays): shown by its kind alone.
    return Array.isArray(v) ? "(an array nested too deeply to show)" : "(a value too deep to show)";
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const showPath = (path: readonly PropertyKey[]): string =>
  path.length === 0
    ? "(scenario)"
    : path
        .map((k, i) => (typeof k === "number" ? `[${k}]` : `${i ? "." : ""}${String(k)}`))
        .join("");

/** Picks the most specific failing branch of a union (the one that got past the type check). */
function flattenIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): { path: PropertyKey[]; issue: z.core.$ZodIssue }[] {
  const out: { path: PropertyKey[]; issue: z.core.$ZodIssue }[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      // A branch that rejected the value outright (wrong type, or not one of a preset's names)
      // says less than one that got inside it: report the branch with the fewest such issues.
      const typeMismatches = (branch: readonly z.core.$ZodIssue[]) =>
        branch.filter(
          (i) => (i.code === "invalid_type" || i.code === "invalid_value") && i.path.length === 0,
        ).length;
      const best = [...issue.errors].sort((a, b) => typeMismatches(a) - typeMismatches(b))[0];
      if (typeMismatches(best) === 0) {
        out.push(...flattenIssues(best, path));
        continue;
      }
    }
    out.push({ path, issue });
  }
  return out;
}

/** Object schemas that stand as one branch of a union, by the field they sit in. */
const UNION_OBJECTS: Record<string, z.ZodObject> = {
  target: targetObjectSchema,
  "neutrino.mixing": mixingObjectSchema,
};

/** The keys of an object schema, optional ones marked with "?". */
const keysOf = (schema: z.ZodObject): string =>
  Object.entries(schema.shape as Record<string, z.ZodType>)
    .map(([k, s]) => (s.safeParse(undefined).success ? `${k}?` : k))
    .join(", ");

/** What each branch of a union accepts, in words, from the branch's own rejection of the value. */
function allowedOfUnion(issue: z.core.$ZodIssueInvalidUnion, field: string): string {
  const parts = issue.errors.map((branch) => {
    const top = branch.find((i) => i.path.length === 0);
    if (top?.code === "invalid_value")
      return `one of ${top.values.map((v) => JSON.stringify(v)).join(", ")}`;
    if (top?.code === "invalid_type") {
      const object = UNION_OBJECTS[field];
      if (top.expected === "object" && object) return `an object { ${keysOf(object)} }`;
      return `${/^[aeiou]/.test(top.expected) ? "an" : "a"} ${top.expected}`;
    }
    return undefined;
  });
  const known = [...new Set(parts.filter((p): p is string => p !== undefined))];
  return known.length > 0
    ? known.join(", or ")
    : "see generators/scenario.schema.json for this field";
}

function describeIssue(input: unknown, path: PropertyKey[], issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return issue.keys
      .map(
        (k) =>
          `${showPath([...path, k])}: unknown key (allowed keys are listed in generators/scenario.schema.json)`,
      )
      .join("\n  ");
  }
  if (issue.code === "invalid_union") {
    const value = valueAt(input, path);
    const what = value === undefined ? "required" : issue.message;
    return `${showPath(path)} = ${showValue(value)}: ${what}; allowed: ${allowedOfUnion(issue, showPath(path))}`;
  }
  return `${showPath(path)} = ${showValue(valueAt(input, path))}: ${issue.message}`;
}

/** Validates parsed JSON; throws a ScenarioError listing every problem. */
export function validateScenario(input: unknown, source = "scenario"): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return result.data;
  // One issue per field and kind: zod reports a too-large integer twice (int and number bounds).
  const seen = new Set<string>();
  const issues = flattenIssues(result.error.issues).filter(({ path, issue }) => {
    const key = `${showPath(path)} ${issue.code}`;
    return !seen.has(key) && seen.add(key);
  });
  const lines = issues.map(({ path, issue }) => describeIssue(input, path, issue));
  // The message lists every problem; field, value and allowed describe the first.
  const first = issues[0];
  const firstPath =
    first?.issue.code === "unrecognized_keys" ? [...first.path, first.issue.keys[0]] : first?.path;
  throw new ScenarioError(`invalid scenario ${source}:\n  ${lines.join("\n  ")}`, {
    field: firstPath && showPath(firstPath),
    value: firstPath && valueAt(input, firstPath),
    allowed:
      first?.issue.code === "invalid_union"
        ? allowedOfUnion(first.issue, showPath(first.path))
        : first?.issue.message,
  });
}

/** Replaces the target and mixing presets by their values so the scenario documents itself. */
export function resolveScenario(s: Scenario): ResolvedScenario {
  const target = typeof s.target === "string" ? { ...TARGET_PRESETS[s.target] } : s.target;
  const mixing =
    typeof s.neutrino.mixing === "string"
      ? { name: s.neutrino.mixing, ...MIXING_PRESETS[s.neutrino.mixing][s.neutrino.ordering] }
      : s.neutrino.mixing;
  return { ...s, target, neutrino: { ...s.neutrino, mixing } };
}

/** Values that replace the scenario file's (the CLI's --toys and --seed, for example). */
export interface ScenarioOverrides {
  toys?: number | undefined;
  seed?: number | undefined;
}

/**
 * Where a text stops being JSON: the end of its longest prefix that is still the start of a JSON
 * document (a prefix of one is a prefix of one: binary search), as 1-based line and column.
 * JSON.parse names a position for some errors only; this finds it for all.
 */
export function jsonErrorLocation(text: string): { line: number; column: number } {
  const viable = (n: number): boolean => {
    try {
      JSON.parse(text.slice(0, n));
      return true;
    } catch (err) {
      // Ran out of text (rather than met a wrong character): the end of input, or a position at it.
      const message = (err as Error).message;
      const at = /at position (\d+)/.exec(message);
      return /Unexpected end/.test(message) || (at !== null && Number(at[1]) >= n);
    }
  };
  let lo = 0; // viable
  let hi = text.length; // not viable (the whole text fails)
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (viable(mid)) lo = mid;
    else hi = mid;
  }
  const before = text.slice(0, lo);
  const line = before.split("\n").length;
  return { line, column: lo - before.lastIndexOf("\n") };
}

/** Reads, validates and resolves a scenario file or built-in; command-line values override the file's. */
export function loadScenario(
  pathOrName: string,
  overrides: ScenarioOverrides = {},
): ResolvedScenario {
  const { path, json } = readScenarioJson(pathOrName);
  if (json !== null && typeof json === "object" && !Array.isArray(json)) {
    for (const [key, value] of Object.entries(overrides)) {
      if (value !== undefined) (json as Record<string, unknown>)[key] = value;
    }
  }
  return resolveScenario(validateScenario(json, path));
}

/** The scenario file's JSON as written (no defaults, no validation), and its path. */
/**
 * V8's JSON.parse message without the excerpt of the input it quotes: a file that is not JSON at
 * all (say /etc/shadow) must not be echoed; textAt gives a short, escaped excerpt instead.
 */
function jsonReason(err: Error): string {
  return err.message
    .replace(/\s+/g, " ")
    .replace(/,? ?"(?:[^"\\]|\\.)*"(?:\.\.\.)? is not valid JSON/, "")
    .replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?/, "")
    .replace(/'(.)[^']*'/, (_m, c: string) => JSON.stringify(c));
}

/** At most 12 characters of the text from line:column, escaped; none from a file not JSON at all. */
function textAt(text: string, line: number, column: number): string {
  if (!/^\s*[{[]/.test(text)) return "the file does not start with { as a scenario does";
  const lineText = text.split("\n")[line - 1] ?? "";
  const at = lineText.slice(column - 1, column - 1 + 12);
  return JSON.stringify(at.length < lineText.length - column + 1 ? `${at}...` : at);
}

/** The largest scenario file read (a scenario with tables of a million nodes is ~40 MB). */
const MAX_SCENARIO_BYTES = 256 * 2 ** 20;

export function readScenarioJson(pathOrName: string): { path: string; json: unknown } {
  const path = scenarioPath(pathOrName);
  let text: string;
  try {
    text = readInputFile(path, "scenario", MAX_SCENARIO_BYTES).toString("utf8");
  } catch (err) {
    const reason = (err as Error).message.replace(/^cannot read scenario \S+: /, "");
    throw new ScenarioError(`cannot read scenario ${path}: ${reason}`, { field: path });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const { line, column } = jsonErrorLocation(text);
    throw new ScenarioError(
      `invalid scenario ${path}: not valid JSON at line ${line}, column ${column}: ${jsonReason(err as Error)} (there: ${textAt(text, line, column)})`,
      { field: `${path}:${line}:${column}`, allowed: "JSON (no comments, no trailing commas)" },
    );
  }
  return { path, json };
}
