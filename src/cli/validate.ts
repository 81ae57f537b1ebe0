/** renp validate: check a scenario and print the resolved one (defaults filled, presets expanded). */
import type { Command } from "commander";
import { loadScenario, readScenarioJson } from "../scenario/load.js";
import { scenarioWarnings } from "../scenario/warnings.js";
import { printWarnings } from "./warnings.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check a scenario against the schema and print the resolved scenario as JSON")
    .argument("<scenario>", "scenario file or built-in generator name")
    .action((scenario: string) => {
      const resolved = loadScenario(scenario);
      process.stdout.write(`${JSON.stringify(resolved, null, 2)}\n`);
      process.stderr.write(`renp: ${scenario} is valid\n`);
      printWarnings(scenarioWarnings(resolved, readScenarioJson(scenario).json));
    });
}
