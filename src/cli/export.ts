/**
 * renp export: the expected counts and one observation as a file another fitting tool reads.
 * `--format pyhf`: a HistFactory workspace (pyhf schema 1.0.0; src/inference/pyhf.ts,
 * docs/statistics.md "Export to pyhf", docs/downstream.md for pyhf's commands on it).
 */
import { writeOutputUnlessInterrupted } from "./signals.js";
import type { Command } from "commander";
import { buildExport, EXPORT_FORMATS, type ExportOptions } from "../export.js";
import { parseCount } from "./errors.js";

export function registerExport(program: Command): void {
  program
    .command("export")
    .description(
      "write the expected counts and one observation for another fitting tool (pyhf HistFactory workspace)",
    )
    .argument("<input>", "run folder (expected.arrow, toys) or scenario (path or built-in name)")
    .requiredOption("--format <format>", `output format: ${EXPORT_FORMATS.join(", ")}`)
    .option("--toy <N>", "observation: toy N of the run folder's toys", parseCount("--toy", 0))
    // No commander default: help would add "(default: false)" to a flag that is the default.
    .option("--asimov", "observation: the expected total counts (the default without --toy)")
    .option("--out <file>", "output .json file (stdout when omitted)")
    .option("--force", "replace an existing output file", false)
    .action(async (input: string, opts: ExportOptions) => {
      const result = await buildExport(input, opts);
      const text = `${JSON.stringify(result.workspace, null, 2)}\n`;
      if (opts.out) {
        await writeOutputUnlessInterrupted(opts.out, text, opts.force ?? false);
      } else {
        process.stdout.write(text);
      }
      const kept = result.workspace.observations[0].data.length;
      const notes = [
        `${kept} bins`,
        `observation: ${opts.toy !== undefined ? `toy ${opts.toy}` : "Asimov"}`,
        ...(result.droppedBins.length
          ? [`bins with no expected events left out: ${result.droppedBins.join(", ")}`]
          : []),
        ...result.unmapped.map(
          (u) => `systematic ${u.name} (${u.parameter}) not exported: ${u.reason}`,
        ),
      ];
      process.stderr.write(
        `renp: ${opts.out ? `wrote ${opts.out}` : "pyhf workspace"} (${notes.join("; ")})\n`,
      );
    });
}
