/**
 * renp sensitivity: the median (Asimov) sensitivity of a scenario to the mass ordering, the
 * neutrino nature, a non-zero lightest mass, or a BSM family's coupling; with --toys the toy
 * distribution of the test statistic. Computation: src/inference/sensitivity.ts; definitions:
 * docs/statistics.md "Sensitivity".
 */
import { existsSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import type { Command } from "commander";
import { AtomicOutputs, OutputExistsError } from "../io/atomic.js";
import { couplingName } from "../inference/families.js";
import { fitModel } from "../inference/model.js";
import {
  CHI2_1DOF_90,
  CHI2_1DOF_95,
  discreteSensitivity,
  discreteToys,
  expectedLimits,
  exposureFor,
  familyOf,
  hasMediatorMass,
  logGrid,
  parseTest,
  solveExposure,
  testName,
  type SensitivityTest,
} from "../inference/sensitivity.js";
import { renderSvg, svgToPng } from "../plot/render.js";
import { limitSpec, significanceSpec } from "../plot/sensitivity.js";
import { loadScenario, type ResolvedScenario } from "../scenario/load.js";
import { UsageError, parseCount } from "./errors.js";

export interface SensitivityOptions {
  test: string;
  exposureScale?: string | undefined;
  float?: string | undefined;
  massGrid?: string | undefined;
  toys?: number | undefined;
  exact?: boolean | undefined;
  json?: boolean | undefined;
  out?: string | undefined;
  force?: boolean | undefined;
}

/** One line of --json output. */
export type SensitivityLine = Record<string, unknown> & {
  test: string;
  exposureScale: number;
  signalEvents: number;
};

const DEFAULT_MASS_GRID = "1e-3:1e4:15";
const OUT_KINDS = [".svg", ".png", ".jsonl"];

function parseScales(text: string): number[] {
  const scales = text.split(",").map((s) => Number(s.trim()));
  if (scales.length === 0 || scales.some((s) => !(s > 0) || !Number.isFinite(s)))
    throw new UsageError(
      `--exposure-scale = ${JSON.stringify(text)}: expected positive numbers separated by commas`,
    );
  return scales;
}

function parseMassGrid(text: string): number[] {
  const m = /^([^:]+):([^:]+):(\d+)$/.exec(text);
  const [a, b, n] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  if (!(a > 0 && b > a && n >= 1 && n <= 200))
    throw new UsageError(
      `--mass-grid = ${JSON.stringify(text)}: expected FROM:TO:N (eV, 0 < FROM < TO, 1 <= N <= 200)`,
    );
  return logGrid(a, b, n);
}

const parseFloat_ = (text: string | undefined): string[] | undefined =>
  text === undefined
    ? undefined
    : text
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "" && s !== "none");

/** Checks every floated name against the scenario's model before anything is computed. */
function checkFloat(scenario: ResolvedScenario, test: SensitivityTest, float: string[]): void {
  if (float.length === 0) return;
  const model = fitModel(
    scenario,
    test.kind === "bsm"
      ? { families: [familyOf(test.family, hasMediatorMass(test.family) ? 1 : undefined)] }
      : {},
  );
  for (const name of float) model.index(name);
}

/** Computes the sensitivity lines (and the plot's spec) without writing anything. */
export function computeSensitivity(
  scenarioArg: string,
  opts: SensitivityOptions,
): { lines: SensitivityLine[]; plotTitle: string; test: SensitivityTest } {
  const test = parseTest(opts.test);
  const scales = parseScales(opts.exposureScale ?? "1");
  if (opts.out && !OUT_KINDS.includes(extname(opts.out).toLowerCase()))
    throw new UsageError(
      `--out = ${JSON.stringify(opts.out)}: the file name must end in ${OUT_KINDS.join(", ")}`,
    );
  if (opts.toys !== undefined && test.kind === "bsm")
    throw new UsageError("--toys: toys are thrown for the ordering, nature and mlightest tests");
  const masses =
    test.kind === "bsm" && hasMediatorMass(test.family)
      ? test.massEv !== undefined
        ? [test.massEv]
        : parseMassGrid(opts.massGrid ?? DEFAULT_MASS_GRID)
      : [undefined];
  if (opts.massGrid !== undefined && !(test.kind === "bsm" && hasMediatorMass(test.family)))
    throw new UsageError("--mass-grid is for bsm:vector, bsm:scalarS and bsm:scalarP");
  const scenario = loadScenario(scenarioArg);
  const float = parseFloat_(opts.float);
  checkFloat(scenario, test, float ?? []);

  const lines: SensitivityLine[] = [];
  const name = testName(test);
  if (test.kind !== "bsm") {
    for (const s of scales) {
      const r = discreteSensitivity(scenario, test.kind, { float, exposureScale: s });
      const daysPerScale = r.exposureDays / s;
      const scaleFor = (z: number) => exposureFor(r, z) ?? solveExposure(scenario, r, z);
      const s3 = scaleFor(3);
      const s5 = scaleFor(5);
      const line: SensitivityLine = {
        test: name,
        exposureScale: s,
        exposureDays: r.exposureDays,
        signalEvents: r.signalEvents,
        totalEvents: r.totalEvents,
        deltaChi2: r.deltaChi2,
        z: r.z,
        float: r.float,
        constrained: r.constrained,
        alternative: r.alternative,
        days3Sigma: s3 === undefined ? null : s3 * daysPerScale,
        days5Sigma: s5 === undefined ? null : s5 * daysPerScale,
        signalEvents3Sigma: s3 === undefined ? null : (s3 * r.signalEvents) / s,
        signalEvents5Sigma: s5 === undefined ? null : (s5 * r.signalEvents) / s,
      };
      if (opts.toys !== undefined) {
        const t = discreteToys(
          scenario,
          test.kind,
          { float, exposureScale: s, toys: opts.toys, exact: opts.exact },
          r,
        );
        line.toys = {
          n: t.toys,
          median: t.median,
          band68: t.band68,
          band95: t.band95,
          asymptoticMedian: t.asimov,
          asymptotic68: t.asymptotic68,
          notConverged: t.notConverged,
        };
      }
      lines.push(line);
    }
    return { lines, plotTitle: `${scenario.name}: ${name} (Asimov)`, test };
  }
  const probe = fitModel(scenario);
  for (const s of scales) {
    for (const massEv of masses) {
      const family = familyOf(test.family, massEv, probe);
      const r = expectedLimits(scenario, family, { float, exposureScale: s });
      lines.push({
        test: name,
        exposureScale: s,
        exposureDays: r.exposureDays,
        signalEvents: r.signalEvents,
        ...(massEv === undefined
          ? {}
          : { massEv, widthEv: "widthEv" in r.family ? (r.family.widthEv ?? null) : null }),
        coupling: couplingName(r.family),
        float: float ?? [],
        limit90: r.limit90,
        limit95: r.limit95,
        plus90: r.plus90,
        minus90: r.minus90,
        plus95: r.plus95,
        minus95: r.minus95,
        deltaChi2At90: CHI2_1DOF_90,
        deltaChi2At95: CHI2_1DOF_95,
      });
    }
  }
  return { lines, plotTitle: `${scenario.name}: expected limits, ${name}`, test };
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
    .action(async (scenarioArg: string, opts: SensitivityOptions) => {
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
        const outputs = new AtomicOutputs(opts.force ?? false);
        try {
          writeFileSync(outputs.reserve(opts.out), bytes);
          outputs.commit();
        } catch (err) {
          outputs.abort();
          throw err;
        }
        process.stderr.write(`renp: wrote ${opts.out}\n`);
      }
      process.stdout.write(opts.json ? text : `${table(lines, test)}\n`);
    });
}
