/** renp schema: print (or write) the scenario JSON Schema used by editors and generators/*.json. */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { AtomicOutputs } from "../io/atomic.js";
import { scenarioJsonSchemaText } from "../scenario/jsonSchema.js";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the scenario JSON Schema (generators/scenario.schema.json is this output)")
    .option("--out <file>", "write it to a file instead of stdout")
    .option("--force", "replace an existing file", false)
    .action((opts: { out?: string; force: boolean }) => {
      const text = scenarioJsonSchemaText();
      if (!opts.out) {
        process.stdout.write(text);
        return;
      }
      const outputs = new AtomicOutputs(opts.force);
      try {
        writeFileSync(outputs.reserve(opts.out), text);
        outputs.commit();
      } catch (err) {
        outputs.abort();
        throw err;
      }
    });
}
