/** renp validate: check a scenario and print the resolved one (defaults filled, presets expanded). */
import type { Command } from "commander";
import { readScenarioJson, resolveScenario, validateScenario } from "../scenario/load.js";
import { handlePendingSignals } from "./signals.js";
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
    .action(async (scenario: string) => {
      // Read and parsed once (a scenario may be tens of MB); between the long synchronous steps
      // the event loop turns, so a signal ends the command without waiting for the rest.
      const { path, json } = readScenarioJson(scenario);
      await handlePendingSignals();
      const resolved = resolveScenario(validateScenario(json, path));
      await handlePendingSignals();
      const text = JSON.stringify(resolved, null, 2);
      await handlePendingSignals();
      process.stdout.write(`${text}\n`);
      // The conventions of the fields this scenario uses, on stderr so stdout stays the JSON.
      const notes = scenarioNotes(resolved);
      if (notes.length > 0)
        process.stderr.write(`notes:\n${notes.map((n) => `  - ${n}\n`).join("")}`);
      process.stderr.write(`renp: ${scenario} is valid\n`);
      printWarnings(scenarioWarnings(resolved, json));
    });
}
