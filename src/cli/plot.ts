/**
 * renp plot: the expected spectrum by component against omega (or the detuning E_eg/2 - omega),
 * the six thresholds omega_ij marked (ij), one toy's counts with Poisson (Garwood) bars;
 * `--compare B` overlays another scenario's expected total with a ratio panel. SVG, or PNG by
 * extension. Inputs: a run folder, an expected.arrow or toys.arrow file, or a scenario (path or
 * built-in name, computed in memory).
 */
import { abortable } from "./signals.js";
import type { Command } from "commander";
import { existsSync, statSync } from "node:fs";
import { fitsPlotCommand } from "../fitsPlot.js";
import { isFitsFile } from "../io/fitsFile.js";
import { plotCommand, type PlotOptions } from "../plot/spectrumPlot.js";
import { parseCount, UsageError } from "./errors.js";

export function registerPlot(program: Command): void {
  program
    .command("plot")
    .description(
      "plot the expected spectrum by component, the thresholds (ij) and one toy's counts; or a fits file's pulls and q (SVG, or PNG by extension)",
    )
    .argument(
      "<input>",
      "run folder, expected.arrow or toys.arrow file, a scenario (path or built-in name), or a fits file (renp fit's output, any name)",
    )
    .option(
      "--out <file>",
      "output .svg or .png (default <DIR>/spectrum.svg; for a fits file <name>.svg beside it)",
    )
    .option(
      "--toy <N>",
      "toy index to draw as data points (default: the first toy found)",
      parseCount("--toy", 0),
    )
    .option("--no-toy", "draw no toy data")
    .option("--log-y", "logarithmic count axis", false)
    .option("--x-axis <mode>", "ev (omega) or detuning-mev (E_eg/2 - omega, meV)", "detuning-mev")
    .option(
      "--compare <B>",
      "overlay the expected total of B (folder, expected.arrow or scenario) with a ratio panel",
    )
    .option("--labels <A,B>", "legend labels for the input and --compare (default: scenario names)")
    .option("--title <text>", "plot title")
    .option("--force", "replace an existing output file", false)
    .action(async (input: string, raw: Omit<PlotOptions, "toy"> & { toy?: number | boolean }) => {
      // A fits file (any name, known by its metadata): its pulls, q and fitted-against-truth.
      if (existsSync(input) && statSync(input).isFile() && isFitsFile(input)) {
        if (raw.compare !== undefined)
          throw new UsageError(`--compare: ${input} is a fits file; --compare is for spectra`);
        const r = await fitsPlotCommand(input, raw);
        process.stderr.write(
          `renp: wrote ${r.path} (fits of ${r.fits.scenario.name}, ${r.fits.toy.length} toys: pulls, q, fitted against truth)\n`,
        );
        return;
      }
      // commander gives toy = true when neither --toy nor --no-toy is given.
      const toy = raw.toy === true ? undefined : raw.toy;
      const result = await abortable((signal) => plotCommand(input, { ...raw, toy, signal }));
      const what = result.series.map((s) => s.label).join(" vs ");
      process.stderr.write(
        `renp: wrote ${result.path} (${what}${result.toy !== undefined ? `, toy ${result.toy}` : ""})\n`,
      );
    });
}
