/** renp list: the built-in generators, one line each. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { GENERATORS_DIR } from "../paths.js";
import { builtinGeneratorNames } from "../scenario/builtins.js";

export function listGenerators(): { name: string; description: string }[] {
  return builtinGeneratorNames().map((name) => {
    const json = JSON.parse(readFileSync(join(GENERATORS_DIR, `${name}.json`), "utf8")) as {
      description?: string;
    };
    return { name, description: json.description ?? "" };
  });
}

export function registerList(program: Command): void {
  program
    .command("list")
    .description("list the built-in generators (usable by name wherever a scenario is asked)")
    .action(() => {
      const rows = listGenerators();
      const width = Math.max(...rows.map((r) => r.name.length));
      for (const r of rows)
        process.stdout.write(`${r.name.padEnd(width)}  ${r.description.split("\n")[0]}\n`);
    });
}
