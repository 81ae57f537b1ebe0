/** The scenario schema: built-ins valid, the exported JSON Schema current, bad input rejected clearly. */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATORS_DIR } from "../../src/paths.js";
import {
  builtinGeneratorNames,
  loadScenario,
  ScenarioError,
  validateScenario,
} from "../../src/scenario/load.js";
import { scenarioJsonSchemaText } from "../../src/scenario/jsonSchema.js";
import { readJson } from "../helpers/fixtures.js";
import { MALFORMATIONS } from "../../src/testing/index.js";

const valid = readJson(join(GENERATORS_DIR, "yb-majorana-normal.json"));

describe("built-in generators", () => {
  it("there are at least the four core ones", () => {
    expect(builtinGeneratorNames()).toEqual(
      expect.arrayContaining([
        "yb-majorana-normal",
        "yb-dirac-inverted",
        "xe-majorana-normal",
        "yb-backgrounds",
      ]),
    );
  });
  it.each(builtinGeneratorNames())(
    "%s validates, names its file, has a description and the $schema line",
    (name) => {
      const json = readJson(join(GENERATORS_DIR, `${name}.json`));
      expect(Object.keys(json)[0]).toBe("$schema");
      expect(json.$schema).toBe("./scenario.schema.json");
      expect(json.name).toBe(name);
      expect(typeof json.description).toBe("string");
      expect(loadScenario(name).name).toBe(name);
    },
  );
});

describe("generators/scenario.schema.json", () => {
  it("is the current export of the zod schema (regenerate with npm run schema)", () => {
    expect(readFileSync(join(GENERATORS_DIR, "scenario.schema.json"), "utf8")).toBe(
      scenarioJsonSchemaText(),
    );
  });
});

type Json = any;
const clone = (x: Json): Json => JSON.parse(JSON.stringify(x));

describe("bad input: ScenarioError naming the field path and the value", () => {
  it.each(MALFORMATIONS)("$what -> $path", ({ path, mutate }) => {
    const s = clone(valid);
    mutate(s);
    let error: unknown;
    try {
      validateScenario(s);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).kind).toBe("invalid-input");
    expect((error as ScenarioError).field).toContain(path);
    expect((error as Error).message).toContain(path);
  });

  it("property: any stack of malformations is rejected, each message line naming a path and a value", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: MALFORMATIONS.length - 1 }), {
          minLength: 1,
          maxLength: 4,
        }),
        (picks) => {
          const s = clone(valid);
          for (const k of picks) {
            try {
              MALFORMATIONS[k].mutate(s);
            } catch {
              // a mutation whose parent an earlier one deleted: skip it
            }
          }
          expect(() => validateScenario(s)).toThrow(ScenarioError);
          try {
            validateScenario(s);
          } catch (e) {
            const lines = (e as Error).message.split("\n").slice(1);
            expect(lines.length).toBeGreaterThan(0);
            // "  path = value: what is allowed" or "  path: unknown key ..."
            for (const line of lines) expect(line).toMatch(/^ {2}\S+( = .+)?: .+/);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
