/**
 * Reading a scenario: a path or a built-in generator's name -> JSON -> validated -> presets resolved.
 * Every failure is a ScenarioError (src/errors.ts) whose message names the field, the value and
 * what is allowed.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import type { z } from "zod";
import { ScenarioError } from "../errors.js";
import { GENERATORS_DIR } from "../paths.js";
import { TARGET_PRESETS } from "../physics/atoms.js";
import { MIXING_PRESETS } from "../physics/neutrino.js";
import { scenarioSchema, type MixingObject, type Scenario, type TargetObject } from "./schema.js";

/** A scenario with defaults filled and presets replaced by their values (still a valid input). */
export type ResolvedScenario = Omit<Scenario, "target" | "neutrino"> & {
  target: TargetObject;
  neutrino: Omit<Scenario["neutrino"], "mixing"> & { mixing: MixingObject };
};

export { ScenarioError };

/** Names of the built-in generators (files generators/<name>.json). */
export function builtinGeneratorNames(): string[] {
  return readdirSync(GENERATORS_DIR)
    .filter((f) => f.endsWith(".json") && f !== "scenario.schema.json")
    .map((f) => basename(f, ".json"))
    .sort();
}

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
  const text = JSON.stringify(v);
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
    return `${showPath(path)} = ${showValue(valueAt(input, path))}: ${issue.message}; allowed: see the scenario schema for this field`;
  }
  return `${showPath(path)} = ${showValue(valueAt(input, path))}: ${issue.message}`;
}

/** Validates parsed JSON; throws a ScenarioError listing every problem. */
export function validateScenario(input: unknown, source = "scenario"): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = flattenIssues(result.error.issues);
  const lines = issues.map(({ path, issue }) => describeIssue(input, path, issue));
  // The message lists every problem; field, value and allowed describe the first.
  const first = issues[0];
  const firstPath =
    first?.issue.code === "unrecognized_keys" ? [...first.path, first.issue.keys[0]] : first?.path;
  throw new ScenarioError(`invalid scenario ${source}:\n  ${lines.join("\n  ")}`, {
    field: firstPath && showPath(firstPath),
    value: firstPath && valueAt(input, firstPath),
    allowed: first?.issue.message,
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

export interface ScenarioOverrides {
  toys?: number | undefined;
  seed?: number | undefined;
}

/** Reads, validates and resolves a scenario file or built-in; command-line values override the file's. */
export function loadScenario(
  pathOrName: string,
  overrides: ScenarioOverrides = {},
): ResolvedScenario {
  const path = scenarioPath(pathOrName);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ScenarioError(`cannot read scenario ${path}: ${(err as Error).message}`);
  }
  if (json !== null && typeof json === "object" && !Array.isArray(json)) {
    for (const [key, value] of Object.entries(overrides)) {
      if (value !== undefined) (json as Record<string, unknown>)[key] = value;
    }
  }
  return resolveScenario(validateScenario(json, path));
}
