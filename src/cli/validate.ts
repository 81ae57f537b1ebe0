/** renp validate: check a scenario and print the resolved one (defaults filled, presets expanded). */
import type { Command } from "commander";
import { loadScenario, readScenarioJson } from "../scenario/load.js";
import { scenarioWarnings } from "../scenario/warnings.js";
import { printWarnings } from "./warnings.js";
import { scenarioNotes } from "../scenario/notes.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description(
      "check a scenario against the schema and print the resolved scenario as JSON (on stderr: notes on the conventions of the physics fields it uses)",
    )
    .argument("<scenario>", "scenario file or built-in generator name")
    .action((scenario: string) => {
      const resolved = loadScenario(scenario);
      process.stdout.write(`${JSON.stringify(resolved, null, 2)}\n`);
      // The conventions of the fields this scenario uses, on stderr so stdout stays the JSON.
      const notes = scenarioNotes(resolved);
      if (notes.length > 0)
        process.stderr.write(`notes:\n${notes.map((n) => `  - ${n}\n`).join("")}`);
      process.stderr.write(`renp: ${scenario} is valid\n`);
      printWarnings(scenarioWarnings(resolved, readScenarioJson(scenario).json));
    });
}
