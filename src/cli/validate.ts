/** renp validate: check a scenario and print the resolved one (defaults filled, presets expanded). */
import type { Command } from "commander";
import { validateScenarioOffThread } from "../scenario/validation.js";
import { abortable, handlePendingSignals } from "./signals.js";
import { printWarnings } from "./warnings.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description(
      "check a scenario against the schema and print the resolved scenario as JSON (on stderr: notes on the conventions of the physics fields it uses)",
    )
    .argument("<scenario>", "scenario file or built-in generator name")
    .action(async (scenario: string) => {
      // A large scenario (tens to hundreds of MB) is parsed and checked in a worker, so a signal
      // ends the command at once (scenario/validation.ts).
      const { text, notes, warnings } = await abortable((signal) =>
        validateScenarioOffThread(scenario, signal),
      );
      await handlePendingSignals();
      process.stdout.write(`${text}\n`);
      // The conventions of the fields this scenario uses, on stderr so stdout stays the JSON.
      if (notes.length > 0)
        process.stderr.write(`notes:\n${notes.map((n) => `  - ${n}\n`).join("")}`);
      process.stderr.write(`renp: ${scenario} is valid\n`);
      printWarnings(warnings);
    });
}
