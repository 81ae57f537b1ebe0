/**
 * renp inspect: what a renp Arrow file holds: schema, metadata (the resolved scenario
 * pretty-printed), row and batch counts; for an expectation table the totals per component;
 * for a toys file the toy count and, against expected.arrow from the same folder, the mean
 * count per bin with a chi-square-like summary; for a fits file (renp fit, any name) the status
 * counts, the pulls with their standard errors and the q distribution. `--json` for
 * machine-readable output.
 */
import type { Command } from "commander";
import { inspectFileOffThread } from "../inspect.js";
import { formatInspect, inspectJson, KIND_TEXT } from "../inspectText.js";
import { RENP_FILE_KINDS } from "../io/read.js";

/** Every kind renp writes, as --help lists them. */
const HELP = [
  "",
  "Kinds of file (from the schema metadata renp.file and the columns, never the file name):",
  ...RENP_FILE_KINDS.map((k) => `  ${k.padEnd(9)} ${KIND_TEXT[k]}`),
  `  ${"other".padEnd(9)} ${KIND_TEXT.other}: schema and metadata only`,
  "For fits: status counts, pull mean and width with standard errors (a warning when off by",
  "more than 3 of them), and per q_<test> its median, 68% and 95% ranges and share below 0.",
].join("\n");

export function registerInspect(program: Command): void {
  program
    .command("inspect")
    .description(
      "schema, metadata, row counts and totals of a renp Arrow file (toys: mean counts against the expectation)",
    )
    .argument(
      "<file>",
      "any file renp writes, known by its metadata (renp.file) whatever its name: expected.arrow, toys.arrow or a shard toys-K-of-N.arrow, nuisance.arrow, a fits file (renp fit)",
    )
    .option("--json", "machine-readable output", false)
    .addHelpText("after", HELP)
    .action(async (file: string, opts: { json: boolean }) => {
      // In a worker for a large file: a signal ends the command at once.
      const report = await inspectFileOffThread(file);
      process.stdout.write(opts.json ? inspectJson(report) : formatInspect(report));
    });
}
