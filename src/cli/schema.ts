/** renp schema: print (or write) the scenario JSON Schema used by editors and generators/*.json. */
import { writeOutputUnlessInterrupted } from "./signals.js";
import type { Command } from "commander";
import { scenarioJsonSchemaText } from "../scenario/jsonSchema.js";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the scenario JSON Schema (generators/scenario.schema.json is this output)")
    .option("--out <file>", "write it to a file instead of stdout")
    .option("--force", "replace an existing file", false)
    .action(async (opts: { out?: string; force: boolean }) => {
      const text = scenarioJsonSchemaText();
      if (!opts.out) {
        process.stdout.write(text);
        return;
      }
      await writeOutputUnlessInterrupted(opts.out, text, opts.force);
    });
}
