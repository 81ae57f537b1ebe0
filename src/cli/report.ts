/**
 * renp report: DIR/report.html, one self-contained page with the run's scenario and provenance,
 * the expected spectrum, the toys, the fits and the sensitivity results found in the folder
 * (src/report/; what it reads: docs/outputs.md "The report").
 */
import type { Command } from "commander";
import { collectRun, reportHtml, reportPath } from "../report.js";
import { handlePendingSignals, writeOutputUnlessInterrupted } from "./signals.js";

export function registerReport(program: Command): void {
  program
    .command("report")
    .description(
      "write DIR/report.html: the run's scenario, provenance, spectrum, toys, fits and sensitivity in one self-contained page",
    )
    .argument("<DIR>", "a run folder (expected.arrow, and any toys, fits and sensitivity*.jsonl)")
    .option("--out <file>", "where to write the page (default <DIR>/report.html)")
    .option("--force", "replace an existing report", false)
    .addHelpText(
      "after",
      `
Reads (docs/outputs.md "The report"): expected.arrow; run.json; toys.arrow or its shards; every
*.arrow whose metadata says renp.file = fits (any name); sensitivity.jsonl or
sensitivity-<name>.jsonl as written by renp sensitivity --out DIR/sensitivity.jsonl.
The page needs no network: data and scripts are inline.`,
    )
    .action(async (dir: string, opts: { out?: string; force: boolean }) => {
      // writeReport's steps, with a signal that came during them (reading a large run takes
      // seconds) handled before the page is written: no page, exit 128 + n.
      const run = collectRun(dir);
      await handlePendingSignals();
      const path = reportPath(dir, opts.out);
      await writeOutputUnlessInterrupted(path, reportHtml(run), opts.force);
      const parts = [
        run.toys ? `${run.toys.toys} toys` : "no toys",
        `${run.fits.length} fits file${run.fits.length === 1 ? "" : "s"}`,
        `${run.sensitivity.length} sensitivity file${run.sensitivity.length === 1 ? "" : "s"}`,
      ];
      process.stderr.write(`renp: wrote ${path} (${parts.join(", ")})\n`);
    });
}
