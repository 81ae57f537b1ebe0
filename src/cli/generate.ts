/** renp generate: the expectation table and the toy experiments of a scenario. */
import { join } from "node:path";
import type { Command } from "commander";
import { computeExpectation } from "../expectation.js";
import { writeExpectationArrow } from "../io/arrow.js";
import { AtomicOutputs } from "../io/atomic.js";
import { loadScenario } from "../scenario/load.js";
import { parseCount } from "./errors.js";

export interface GenerateOptions {
  toys?: number;
  seed?: number;
  out?: string;
  force: boolean;
}

export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description("write DIR/expected.arrow (the Asimov data set) for a scenario")
    .argument("<scenario>", "scenario file or built-in generator name")
    .option("--toys <N>", "number of toy experiments (overrides the scenario's)", parseCount("--toys"))
    .option("--seed <S>", "random seed (overrides the scenario's)", parseCount("--seed", 0))
    .option("--out <DIR>", "output folder (default outputs/<scenario name>)")
    .option("--force", "replace existing output files", false)
    .action((scenarioArg: string, opts: GenerateOptions) => {
      const started = process.hrtime.bigint();
      const scenario = loadScenario(scenarioArg, { toys: opts.toys, seed: opts.seed });
      const dir = opts.out ?? join("outputs", scenario.name);
      const outputs = new AtomicOutputs(opts.force);
      try {
        const expectedPath = join(dir, "expected.arrow");
        const temporary = outputs.reserve(expectedPath);
        const table = computeExpectation(scenario);
        writeExpectationArrow(temporary, table, { scenario, toys: { first: 0, count: scenario.toys }, shard: "1/1" });
        outputs.commit();
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const total = table.muTotal.reduce((s, v) => s + v, 0);
        process.stderr.write(
          `renp: ${scenario.name}: ${table.muTotal.length} bins, ${total.toPrecision(6)} expected counts, ${seconds.toFixed(2)} s -> ${expectedPath}\n`,
        );
      } catch (err) {
        outputs.abort();
        throw err;
      }
    });
}
