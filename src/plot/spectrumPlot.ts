/**
 * renp plot as library calls: the expected spectrum by component against omega (or the detuning
 * E_eg/2 - omega), the six thresholds omega_ij marked (ij), one toy's counts with Poisson
 * (Garwood) bars; `compare` overlays another scenario's expected total with a ratio panel. SVG,
 * or PNG by extension. Inputs: a run folder, an expected.arrow or toys.arrow file, or a scenario
 * (path or built-in name, computed in memory). A fits file is drawn by fitsPlot.ts.
 */
import { checkAbortedSoon } from "../interrupt.js";
import { pauseForTest } from "../io/testPause.js";
import { existsSync, statSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { computeExpectationAbortable } from "../expectation.js";
import { writeOutputFile } from "../io/atomic.js";
import {
  expectedBeside,
  readExpected,
  readToyCounts,
  summarizeArrow,
  toyFilesIn,
} from "../io/read.js";
import { seriesFromExpected, seriesFromTable, type SpectrumSeries, type ToyData } from "./data.js";
import { renderSvg, svgToPng } from "./render.js";
import { spectrumSpec, type XAxisMode } from "./spec.js";
import { loadScenario } from "../scenario/load.js";
import { InputError } from "../errors.js";

/** The options of `renp plot` (cli/plot.ts), as a library call takes them. */
export interface PlotOptions {
  out?: string | undefined;
  /** Stops the command before anything is written (InterruptedError). */
  signal?: AbortSignal | undefined;
  /** A toy index, false for no data points, undefined for the first toy found. */
  toy?: number | false | undefined;
  logY?: boolean | undefined;
  xAxis?: string | undefined;
  compare?: string | undefined;
  labels?: string | undefined;
  title?: string | undefined;
  force?: boolean | undefined;
}

/** What one input of a plot holds: its expected series and where its toys are. */
export interface PlotSource {
  series: SpectrumSeries;
  /** The run folder (for the default output and the toys), if the input was a folder or file. */
  dir?: string | undefined;
  toyFiles: string[];
  /** What the input was, for messages. */
  kind: "folder" | "expected" | "toys" | "scenario";
}

/** A run folder, an expected.arrow, a toys.arrow (its expected.arrow beside it) or a scenario. */
export async function plotSource(
  arg: string,
  label?: string,
  signal?: AbortSignal,
): Promise<PlotSource> {
  if (existsSync(arg) && statSync(arg).isDirectory()) {
    const expected = join(arg, "expected.arrow");
    if (!existsSync(expected))
      throw new InputError(
        `${arg} has no expected.arrow (run renp generate first, or give a file)`,
      );
    return {
      series: seriesFromExpected(readExpected(expected), label),
      dir: arg,
      toyFiles: toyFilesIn(arg),
      kind: "folder",
    };
  }
  if (existsSync(arg) && extname(arg) === ".arrow") {
    const summary = summarizeArrow(arg);
    if (summary.kind === "expected") {
      return {
        series: seriesFromExpected(readExpected(arg), label),
        dir: dirname(arg),
        toyFiles: toyFilesIn(dirname(arg)),
        kind: "expected",
      };
    }
    if (summary.kind === "toys") {
      const expected = expectedBeside(arg);
      if (!expected)
        throw new InputError(
          `${arg} is a toys file and there is no expected.arrow beside it to draw the expectation`,
        );
      return {
        series: seriesFromExpected(readExpected(expected), label),
        dir: dirname(arg),
        toyFiles: [arg],
        kind: "toys",
      };
    }
    throw new InputError(
      `${arg} is neither an expectation table nor a toys file (columns: ${summary.fields.map((f) => f.name).join(", ")})`,
    );
  }
  const scenario = loadScenario(arg);
  return {
    series: seriesFromTable(
      await computeExpectationAbortable(scenario, { signal }),
      label ?? scenario.name,
    ),
    toyFiles: [],
    kind: "scenario",
  };
}

/** Finds one toy's counts among a run's toy files (toys.arrow or its shards). */
export function findToy(
  files: readonly string[],
  toy: number | undefined,
  nBins: number,
): ToyData | undefined {
  for (const file of files) {
    const meta = summarizeArrow(file).metadata;
    const range = meta.toys;
    const index = toy ?? range?.first ?? 0;
    if (toy !== undefined && range && (toy < range.first || toy >= range.first + range.count))
      continue;
    const counts = readToyCounts(file, index, nBins);
    if (counts) return { index, counts };
    if (toy === undefined) continue;
  }
  if (toy !== undefined)
    throw new InputError(
      `toy ${toy} is not in ${files.length ? files.join(", ") : "any toys file (none found)"}`,
    );
  return undefined;
}

function parseXAxis(value: string | undefined): XAxisMode {
  const v = value ?? "detuning-mev";
  if (v !== "ev" && v !== "detuning-mev")
    throw new InputError(`--x-axis = ${JSON.stringify(v)}: allowed: ev, detuning-mev`);
  return v;
}

/** A label as one safe path segment: no separators, no leading '.', at most 100 characters. */
const safeName = (s: string) =>
  s
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^\./, "_")
    .slice(0, 100) || "_";

/** A rendered plot. */
export interface PlotResult {
  svg: string;
  /** Where it was written (undefined when only rendered). */
  path?: string | undefined;
  toy?: number | undefined;
  series: SpectrumSeries[];
}

/** Builds the plot's SVG from the command's arguments, without writing anything. */
export async function buildPlot(
  input: string,
  opts: PlotOptions = {},
): Promise<PlotResult & { defaultOut: string }> {
  const xAxis = parseXAxis(opts.xAxis);
  const labels = opts.labels?.split(",").map((s) => s.trim());
  if (labels && labels.length !== (opts.compare ? 2 : 1)) {
    throw new InputError(
      `--labels = ${JSON.stringify(opts.labels)}: give ${opts.compare ? "two labels, A,B" : "one label"}`,
    );
  }
  const a = await plotSource(input, labels?.[0], opts.signal);
  const series = [a.series];
  if (opts.compare) series.push((await plotSource(opts.compare, labels?.[1], opts.signal)).series);
  if (series.length === 2 && series[0].label === series[1].label)
    series[1] = { ...series[1], label: `${series[1].label} (B)` };

  const toyData =
    opts.toy === false ? undefined : findToy(a.toyFiles, opts.toy, a.series.total.length);

  const svg = await renderSvg(
    spectrumSpec({ series, toy: toyData, title: opts.title }, { xAxis, logY: opts.logY ?? false }),
  );
  const dir = a.dir ?? join("outputs", safeName(a.series.label));
  const file = opts.compare ? `spectrum-vs-${safeName(series[1].label)}.svg` : "spectrum.svg";
  return { svg, series, toy: toyData?.index, defaultOut: join(dir, file) };
}

/** renp plot as a library call: renders and writes the SVG (or PNG) atomically; never overwrites without force. */
export async function plotCommand(input: string, opts: PlotOptions = {}): Promise<PlotResult> {
  const out = opts.out;
  if (out && ![".svg", ".png"].includes(extname(out).toLowerCase())) {
    throw new InputError(`--out = ${JSON.stringify(out)}: the file name must end in .svg or .png`);
  }
  const result = await buildPlot(input, opts);
  const path = out ?? result.defaultOut;
  const bytes = extname(path).toLowerCase() === ".png" ? svgToPng(result.svg) : result.svg;
  pauseForTest("plot: before write");
  // Stopped during the (synchronous) rendering or PNG conversion: no file.
  await checkAbortedSoon(opts.signal);
  writeOutputFile(path, bytes, opts.force ?? false);
  return { svg: result.svg, path, toy: result.toy, series: result.series };
}
