/**
 * renp plot: the expected spectrum by component against omega (or the detuning E_eg/2 - omega),
 * the six thresholds omega_ij marked (ij), one toy's counts with Poisson (Garwood) bars;
 * `--compare B` overlays another scenario's expected total with a ratio panel. SVG, or PNG by
 * extension. Inputs: a run folder, an expected.arrow or toys.arrow file, or a scenario (path or
 * built-in name, computed in memory).
 */
import type { Command } from "commander";
import { plotCommand, type PlotOptions } from "../plot/spectrumPlot.js";
import { parseCount } from "./errors.js";

export function registerPlot(program: Command): void {
  program
    .command("plot")
    .description(
      "plot the expected spectrum by component, the thresholds (ij) and one toy's counts (SVG, or PNG by extension)",
    )
    .argument(
      "<input>",
      "run folder, expected.arrow or toys.arrow file, or a scenario (path or built-in name)",
    )
    .option("--out <file>", "output .svg or .png (default <DIR>/spectrum.svg)")
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
      // commander gives toy = true when neither --toy nor --no-toy is given.
      const toy = raw.toy === true ? undefined : raw.toy;
      const result = await plotCommand(input, { ...raw, toy });
      const what = result.series.map((s) => s.label).join(" vs ");
      process.stderr.write(
        `renp: wrote ${result.path} (${what}${result.toy !== undefined ? `, toy ${result.toy}` : ""})\n`,
      );
    });
}
