/**
 * renp sensitivity: the median (Asimov) sensitivity of a scenario to the mass ordering, the
 * neutrino nature, a non-zero lightest mass, or a BSM family's coupling; with --toys the toy
 * distribution of the test statistic. Computation: src/inference/sensitivity.ts; definitions:
 * docs/statistics.md "Sensitivity".
 */
import { existsSync } from "node:fs";
import { extname } from "node:path";
import type { Command } from "commander";
import { OutputExistsError } from "../errors.js";
import { writeOutputFile } from "../io/atomic.js";
import { logGrid } from "../numerics/grid.js";
import {
  computeSensitivity,
  DEFAULT_MASS_GRID,
  type SensitivityLine,
  type SensitivityOptions,
} from "../inference/sensitivity/run.js";
import type { SensitivityTest } from "../inference/sensitivity/tests.js";
import { renderSvg, svgToPng } from "../plot/render.js";
import { limitSpec, significanceSpec } from "../plot/sensitivity.js";
import { UsageError, parseCount } from "./errors.js";

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

/** A short table for the terminal. */
function table(lines: SensitivityLine[], test: SensitivityTest): string {
  if (test.kind !== "bsm") {
    const head = "scale  days     signal   Delta chi2  Z       days(3 sigma)  days(5 sigma)";
    return [
      head,
      ...lines.map((l) =>
        [
          fmt(l.exposureScale).padEnd(6),
          fmt(l.exposureDays).padEnd(8),
          fmt(l.signalEvents).padEnd(8),
          fmt(l.deltaChi2, 4).padEnd(11),
          fmt(l.z).padEnd(7),
          fmt(l.days3Sigma).padEnd(14),
          fmt(l.days5Sigma),
        ].join(" "),
      ),
    ].join("\n");
  }
  const head = `scale  days     ${"massEv" in (lines[0] ?? {}) ? "M (eV)    " : ""}90% CL     95% CL     (${couplingOf(lines[0])})`;
  return [
    head,
    ...lines.map((l) =>
      [
        fmt(l.exposureScale).padEnd(6),
        fmt(l.exposureDays).padEnd(8),
        ...("massEv" in l ? [fmt(l.massEv).padEnd(9)] : []),
        fmt(l.limit90).padEnd(10),
        fmt(l.limit95),
      ].join(" "),
    ),
  ].join("\n");
}

/**
 * Z(days) = sqrt(Delta chi2 x days / days_0) through the first line, from a third of the 3 sigma
 * exposure to three times the 5 sigma one, when nothing constrained floats (exact then:
 * docs/statistics.md "Exposure"); empty otherwise.
 */
function linearCurve(lines: SensitivityLine[]): { exposureDays: number; z: number }[] {
  const first = lines[0];
  if (!first || first.constrained === true) return [];
  const d0 = first.exposureDays as number;
  const chi2 = first.deltaChi2 as number;
  if (!(chi2 > 0)) return [];
  const days = lines.map((l) => l.exposureDays as number);
  const from = Math.min(...days, (9 / chi2) * d0) / 3;
  const to = Math.max(...days, (25 / chi2) * d0) * 3;
  return logGrid(from, to, 41).map((d) => ({ exposureDays: d, z: Math.sqrt((chi2 * d) / d0) }));
}

async function plotSvg(
  lines: SensitivityLine[],
  test: SensitivityTest,
  title: string,
): Promise<string> {
  if (test.kind !== "bsm") {
    return renderSvg(
      significanceSpec(
        title,
        lines.map((l) => {
          const toys = l.toys as { median: number; band68: [number, number] } | undefined;
          const root = (q: number) => Math.sqrt(Math.max(q, 0));
          return {
            exposureDays: l.exposureDays as number,
            z: l.z as number,
            toys: toys && {
              median: root(toys.median),
              lo68: root(toys.band68[0]),
              hi68: root(toys.band68[1]),
            },
          };
        }),
        linearCurve(lines),
      ),
    );
  }
  return renderSvg(
    limitSpec(
      title,
      couplingOf(lines[0]),
      lines.map((l) => ({
        exposureScale: l.exposureScale,
        exposureDays: l.exposureDays as number,
        massEv: l.massEv as number | undefined,
        limit90: l.limit90 as number,
        limit95: l.limit95 as number,
      })),
    ),
  );
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
    2.71, 3.84), data with the coupling at 0; a mass grid for the mediators unless @massEv.
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
    .option("--toys <N>", "also the toy distribution of the test statistic", parseCount("--toys"))
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
      const { lines, plotTitle, test } = computeSensitivity(scenarioArg, opts);
      const text = lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
      if (opts.out) {
        const kind = extname(opts.out).toLowerCase();
        const bytes =
          kind === ".jsonl"
            ? text
            : kind === ".png"
              ? svgToPng(await plotSvg(lines, test, plotTitle))
              : await plotSvg(lines, test, plotTitle);
        writeOutputFile(opts.out, bytes, opts.force ?? false);
        process.stderr.write(`renp: wrote ${opts.out}\n`);
      }
      process.stdout.write(opts.json ? text : `${table(lines, test)}\n`);
    });
}
