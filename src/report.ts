/**
 * `renp report <DIR>`: one self-contained HTML page per run folder, DIR/report.html, with the
 * scenario and provenance, the expected spectrum, the toys against the expectation, the fits and
 * the sensitivity results found in the folder (docs/outputs.md "The report"). The entry of the
 * report/ layer: it computes what needs inference/ (the fits' summaries) and hands it down.
 */
import { join } from "node:path";
import { fitsFigures } from "./fitsPlot.js";
import { writeOutputFile } from "./io/atomic.js";
import { collectRun, type RunContents } from "./report/collect.js";
import { reportFigures, type FitsView } from "./report/figures.js";
import { reportPage } from "./report/html.js";
import { reportSections } from "./report/sections.js";

export { collectRun, SENSITIVITY_FILE, type RunContents } from "./report/collect.js";

/** The fits files' summaries and panels (fitsPlot.ts), for the report's layer. */
export function fitsViews(run: RunContents): FitsView[] {
  return run.fits.map((fits) => {
    const { summary, panels } = fitsFigures(fits);
    return {
      path: fits.path,
      toys: fits.toy.length,
      float: fits.config.float,
      summary,
      panels,
    };
  });
}

/** The report page of a run folder's contents. */
export function reportHtml(run: RunContents): string {
  const views = fitsViews(run);
  const figures = reportFigures(run, views);
  const name = run.expected.metadata.scenario?.name ?? "renp run";
  const toys = run.toys ? `${run.toys.toys} toys` : "no toys";
  return reportPage({
    title: `renp report: ${name}`,
    subtitle: `${run.dir}: seed ${run.expected.metadata.seed ?? "?"}, ${run.expected.muTotal.length} bins, ${toys}, ${run.fits.length} fits file(s), ${run.sensitivity.length} sensitivity file(s)`,
    sections: reportSections(run, views, figures),
    figures,
  });
}

export interface ReportOptions {
  /** Where to write (default DIR/report.html). */
  out?: string | undefined;
  force?: boolean | undefined;
}

/** Where the report of run folder `dir` goes: `out`, default DIR/report.html. */
export const reportPath = (dir: string, out: string | undefined): string =>
  out ?? join(dir, "report.html");

/** Writes the report of a run folder atomically; never replaces a file without `force`. */
export function writeReport(
  dir: string,
  options: ReportOptions = {},
): { path: string; run: RunContents } {
  const run = collectRun(dir);
  const path = reportPath(dir, options.out);
  writeOutputFile(path, reportHtml(run), options.force ?? false);
  return { path, run };
}
