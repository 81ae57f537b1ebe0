/**
 * The scenario's JSON Schema, generated from the one zod schema (so it cannot drift from the
 * validator). Written to generators/scenario.schema.json by `renp schema --out`; a test checks
 * the committed file is current. Cross-field rules (scan inside 0 < omega < E_eg,
 * Majorana symmetries) are beyond JSON Schema: `renp validate` checks those too.
 */
import { z } from "zod";
import { scenarioSchema, SCENARIO_SCHEMA_VERSION } from "./schema.js";

/** The scenario format as JSON Schema (generators/scenario.schema.json), for editors and other tools. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    $id: `https://renp.invalid/scenario.schema.v${SCENARIO_SCHEMA_VERSION}.json`,
    title: "renp scenario",
    description:
      "A RENP experiment for the renp generator. Quantities carry their unit in the key (Ev, S, Cm3, PerS). " +
      "Cross-field checks (presets, scan range, Majorana symmetries) run in `renp validate`.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}

/** The schema as the file's text (stable key order, trailing newline). */
export const scenarioJsonSchemaText = (): string =>
  `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
