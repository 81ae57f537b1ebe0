/** renp spectrum: the expectation table alone, as Arrow (or CSV by extension; CSV on stdout without --out). */
import { writeOutputUnlessInterrupted } from "./signals.js";
import { compensatedSum } from "../numerics/sum.js";
import type { Command } from "commander";
import { computeExpectationAbortable } from "../expectation.js";
import { expectationCsv, expectationIpc } from "../io/arrow.js";
import { loadScenario, readScenarioJson } from "../scenario/load.js";
import { scenarioWarnings } from "../scenario/warnings.js";
import { printWarnings } from "./warnings.js";
import { plural } from "../text.js";

export function registerSpectrum(program: Command): void {
  program
    .command("spectrum")
    .description("compute the expected counts per bin and component (no toys)")
    .argument("<scenario>", "scenario file or built-in generator name")
    .option("--out <file>", "output file: .arrow (Arrow IPC) or .csv; CSV on stdout when omitted")
    .option("--force", "replace an existing output file", false)
    .action(async (scenarioArg: string, opts: { out?: string; force: boolean }) => {
      const scenario = loadScenario(scenarioArg);
      printWarnings(scenarioWarnings(scenario, readScenarioJson(scenarioArg).json));
      // In slices: a signal during a long scan ends the command at once (cli/signals.ts).
      const table = await computeExpectationAbortable(scenario);
      if (!opts.out) {
        process.stdout.write(expectationCsv(table));
        return;
      }
      const bytes = opts.out.endsWith(".csv")
        ? expectationCsv(table)
        : expectationIpc(table, { scenario, toys: { first: 0, count: 0 }, shard: "1/1" });
      await writeOutputUnlessInterrupted(opts.out, bytes, opts.force);
      const total = compensatedSum(table.muTotal);
      process.stderr.write(
        `renp: wrote ${opts.out} (${plural(table.muTotal.length, "bin")}, ${total.toPrecision(6)} expected counts)\n`,
      );
    });
}
