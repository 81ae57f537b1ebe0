/**
 * renp sensitivity: the median (Asimov) sensitivity of a scenario to the mass ordering, the
 * neutrino nature, a non-zero lightest mass, or a BSM family's coupling; with --toys the toy
 * distribution of the test statistic. Computation: src/inference/sensitivity.ts; definitions:
 * docs/statistics.md "Sensitivity".
 */
import { abortable, writeOutputUnlessInterrupted } from "./signals.js";
import { existsSync } from "node:fs";
import { extname } from "node:path";
import type { Command } from "commander";
import { OutputExistsError } from "../errors.js";
import {
  computeSensitivityOffThread,
  DEFAULT_MASS_GRID,
  type SensitivityLine,
  type SensitivityOptions,
} from "../inference/sensitivity/run.js";
import type { SensitivityTest } from "../inference/sensitivity/tests.js";
import { renderSvg, svgToPng } from "../plot/render.js";
import { sensitivityLinesSpec } from "../plot/sensitivityLines.js";
import { UsageError, parseCount } from "./errors.js";

/**
 * The most toys of a sensitivity call: two fits each in this thread (minutes at this count);
 * more is a cluster job (renp generate + renp fit, docs/clusters.md).
 */
const MAX_SENSITIVITY_TOYS = 100_000;

const OUT_KINDS = [".svg", ".png", ".jsonl"];

interface CliSensitivityOptions extends SensitivityOptions {
  json?: boolean | undefined;
  out?: string | undefined;
  force?: boolean | undefined;
}

const couplingOf = (line: SensitivityLine | undefined): string =>
  typeof line?.coupling === "string" ? line.coupling : "the coupling";

const fmt = (x: unknown, digits = 3): string =>
  typeof x === "number" ? (Number.isFinite(x) ? x.toPrecision(digits) : String(x)) : "-";

type ToyLine = { n: number; median: number; band68: [number, number]; band95: [number, number] };
const range = (r: [number, number]) => `${fmt(r[0])}..${fmt(r[1])}`;

/** A short table for the terminal: with --toys the toys' median q and bands beside the Asimov value. */
export function sensitivityTable(lines: SensitivityLine[], test: SensitivityTest): string {
  if (test.kind !== "bsm") {
    const toys = lines.some((l) => l.toys !== undefined);
    const head =
      "scale  days     signal   Delta chi2  Z       days(3 sigma)  days(5 sigma)" +
      (toys ? "  toys  median q  68% band       95% band" : "");
    const rows = lines.map((l) => {
      const cells = [
        fmt(l.exposureScale).padEnd(6),
        fmt(l.exposureDays).padEnd(8),
        fmt(l.signalEvents).padEnd(8),
        fmt(l.deltaChi2, 4).padEnd(11),
        fmt(l.z).padEnd(7),
        fmt(l.days3Sigma).padEnd(14),
        fmt(l.days5Sigma).padEnd(toys ? 14 : 0),
      ];
      const t = l.toys as ToyLine | undefined;
      if (t)
        cells.push(
          String(t.n).padEnd(5),
          fmt(t.median).padEnd(9),
          range(t.band68).padEnd(14),
          range(t.band95),
        );
      return cells.join(" ").trimEnd();
    });
    const note = toys
      ? [
          "Delta chi2 and Z from the Asimov data set; median q and its 68% and 95% bands over the toys (Asimov: their median).",
        ]
      : [];
    return [head, ...rows, ...note].join("\n");
  }
  const byMass = "massEv" in (lines[0] ?? {});
  const head = `scale  days     ${byMass ? "M (eV)     " : ""}90% CL     95% CL     (${couplingOf(lines[0])})`;
  const resonant = lines.filter((l) => l.resonance === true);
  const ratio = resonant.find((l) => typeof l.widthOverMass === "number")?.widthOverMass;
  return [
    head,
    ...lines.map((l) =>
      [
        fmt(l.exposureScale).padEnd(6),
        fmt(l.exposureDays).padEnd(8),
        ...(byMass ? [`${fmt(l.massEv)}${l.resonance === true ? "*" : ""}`.padEnd(10)] : []),
        fmt(l.limit90).padEnd(10),
        fmt(l.limit95),
      ].join(" "),
    ),
    ...(resonant.length
      ? [
          `* resonance: the mediator's pole lies in the scan; the limit holds for its assumed width Gamma = ${fmt(ratio ?? NaN)} M (widthEv in --json) and changes with it.`,
        ]
      : []),
  ].join("\n");
}

const HELP = `
Definitions (docs/statistics.md):
  Data are the scenario's Asimov set (its expected counts) at each exposure scale.
  ordering, nature: Delta chi2 = min D(alternative) - min D(scenario), D the Poisson deviance
    2 sum_k [mu_k - n_k + n_k ln(n_k/mu_k)]; by default (no --float) minimised over the
    alternative's lightestMassEv alone, no systematics (every other parameter as in the scenario).
  mlightest: the alternative is lightestMassEv = 0 (nothing floated by default).
  Z = sqrt(Delta chi2); days(3 sigma), days(5 sigma): the scan's total exposure where Z = 3, 5.
  bsm:<family>[@massEv]: expected upper limits on the coupling at 90% and 95% CL (Delta chi2 =
    2.71, 3.84), data with the coupling at 0; a mass grid for the mediators unless @massEv,
    with 20 masses per decade added where the mediator's pole lies in the scan. There the
    limit holds for an assumed width Gamma = 1e-3 M: such lines are marked * in the table,
    resonance: true in --json, and drawn apart (dotted, open markers) in the plot.
  --float p1,p2 floats those parameters (with their systematics' constraints) in every fit.
  --toys N: q over N Poisson toys of the scenario (median, 68% and 95% bands) beside the
    asymptotic expectation (median Delta chi2, 68% band Delta chi2 +- 2 sqrt(Delta chi2)).
`;

export function registerSensitivity(program: Command): void {
  program
    .command("sensitivity")
    .description(
      "median (Asimov) sensitivity to the ordering, the nature, a non-zero lightest mass or a BSM coupling",
    )
    .argument("<scenario>", "scenario file or built-in generator name")
    .requiredOption(
      "--test <test>",
      "ordering | nature | mlightest | bsm:<family>[@massEv] (vector, scalarS, scalarP, magnetic, electric, nonUnitarity)",
    )
    .option("--exposure-scale <s1,s2,...>", "exposure multipliers of the scan", "1")
    .option(
      "--float <p1,p2,...>",
      "parameters floated in the fits (default: lightestMassEv for ordering/nature, none otherwise)",
    )
    .option("--mass-grid <from:to:n>", `mediator masses, log-spaced (default ${DEFAULT_MASS_GRID})`)
    .option(
      "--toys <N>",
      `also the toy distribution of the test statistic (at most ${MAX_SENSITIVITY_TOYS})`,
      parseCount("--toys", 1, MAX_SENSITIVITY_TOYS),
    )
    .option(
      "--exact",
      "toy fits by the exact integrals, not the fast path's mass tables (docs/fitting.md)",
      false,
    )
    .option("--json", "one JSON object per line instead of a table", false)
    .option("--out <file>", "plot (.svg or .png) or the JSON lines (.jsonl)")
    .option("--force", "replace an existing output file", false)
    .addHelpText("after", HELP)
    .action(async (scenarioArg: string, opts: CliSensitivityOptions) => {
      if (opts.out && !OUT_KINDS.includes(extname(opts.out).toLowerCase()))
        throw new UsageError(
          `--out = ${JSON.stringify(opts.out)}: the file name must end in ${OUT_KINDS.join(", ")}`,
        );
      // Before the (possibly long) computation: an existing output is an error without --force.
      if (opts.out && existsSync(opts.out) && !opts.force) throw new OutputExistsError(opts.out);
      // In a worker: the main thread stays free to end the command on a signal.
      const { lines, plotTitle, test } = await abortable((signal) =>
        computeSensitivityOffThread(scenarioArg, { ...opts, signal }),
      );
      const text = lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
      if (opts.out) {
        const kind = extname(opts.out).toLowerCase();
        const bytes =
          kind === ".jsonl"
            ? text
            : kind === ".png"
              ? svgToPng(await renderSvg(sensitivityLinesSpec(lines, plotTitle)))
              : await renderSvg(sensitivityLinesSpec(lines, plotTitle));
        await writeOutputUnlessInterrupted(opts.out, bytes, opts.force ?? false);
        process.stderr.write(`renp: wrote ${opts.out}\n`);
      }
      process.stdout.write(opts.json ? text : `${sensitivityTable(lines, test)}\n`);
    });
}
