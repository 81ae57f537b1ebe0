/**
 * renp inspect: what a renp Arrow file holds: schema, metadata (the resolved scenario
 * pretty-printed), row and batch counts; for an expectation table the totals per component;
 * for a toys file the toy count and, against expected.arrow from the same folder, the mean
 * count per bin with a chi-square-like summary; for fits.arrow (renp fit) the status counts and
 * the pulls per floated parameter (inference/pulls.ts). `--json` for machine-readable output.
 */
import type { Command } from "commander";
import { inspectFile } from "../inspect.js";
import { formatInspect, inspectJson } from "../inspectText.js";

export function registerInspect(program: Command): void {
  program
    .command("inspect")
    .description(
      "schema, metadata, row counts and totals of a renp Arrow file (toys: mean counts against the expectation)",
    )
    .argument("<file>", "expected.arrow, toys.arrow or a shard toys-K-of-N.arrow")
    .option("--json", "machine-readable output", false)
    .action((file: string, opts: { json: boolean }) => {
      const report = inspectFile(file);
      process.stdout.write(opts.json ? inspectJson(report) : formatInspect(report));
    });
}
