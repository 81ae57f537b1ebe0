/** The built-in generators' names, without loading the scenario schema (`renp list` starts fast). */
import { readdirSync } from "node:fs";
import { basename } from "node:path";
import { GENERATORS_DIR } from "../paths.js";

/** Names of the built-in generators (files generators/<name>.json). */
export function builtinGeneratorNames(): string[] {
  return readdirSync(GENERATORS_DIR)
    .filter((f) => f.endsWith(".json") && f !== "scenario.schema.json")
    .map((f) => basename(f, ".json"))
    .sort();
}
