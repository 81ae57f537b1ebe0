/**
 * renp sensitivity as a library call: the options of a run checked, then the sensitivity lines
 * (asimov.ts, limits.ts, toys.ts) computed; docs/statistics.md "Sensitivity" defines them.
 */
import { InputError } from "../../errors.js";
import { logGrid } from "../../numerics/grid.js";
import { loadScenario, type ResolvedScenario } from "../../scenario/load.js";
import { couplingName } from "../families.js";
import { fitModel } from "../model.js";
import { compiledModule } from "../../parallel/compiledModule.js";
import { offThread } from "../../parallel/offThread.js";
import { discreteSensitivity, exposureFor, solveExposure } from "./asimov.js";
import { densifyNearPole } from "../poleGrid.js";
import { expectedLimits, familyOf, POLE_WIDTH_OVER_MASS, poleWindowOf } from "./limits.js";
import {
  CHI2_1DOF_90,
  CHI2_1DOF_95,
  hasMediatorMass,
  parseTest,
  testName,
  type SensitivityTest,
} from "./tests.js";
import { discreteToysAsync } from "./toys.js";

/** The options of `renp sensitivity` (cli/sensitivity.ts), as a library call takes them. */
export interface SensitivityOptions {
  /** "ordering" | "nature" | "mlightest" | "bsm:<family>[@massEv]" (tests.ts). */
  test: string;
  exposureScale?: string | undefined;
  float?: string | undefined;
  massGrid?: string | undefined;
  toys?: number | undefined;
  /** Stops a long toy run: the promise rejects with InterruptedError (interrupt.ts). */
  signal?: AbortSignal | undefined;
  /** Toy fits by the exact integrals instead of the fit's fast path (docs/fitting.md). */
  exact?: boolean | undefined;
}

/** One line of --json output. */
export type SensitivityLine = Record<string, unknown> & {
  test: string;
  exposureScale: number;
  signalEvents: number;
};

/** The mediator masses of a BSM test without @massEv: FROM:TO:N eV, log-spaced. */
export const DEFAULT_MASS_GRID = "1e-3:1e4:15";

/** The most exposure scales one call computes (each is a full Asimov fit or limit scan). */
export const MAX_EXPOSURE_SCALES = 100;
/**
 * The largest exposure scale: 1e12 times a scenario's exposure is already beyond any experiment,
 * and far larger ones overflow the expected counts to Infinity (no number to report).
 */
export const MAX_EXPOSURE_SCALE = 1e12;

function parseScales(text: string): number[] {
  const parts = text.split(",");
  if (parts.length > MAX_EXPOSURE_SCALES)
    throw new InputError(
      `--exposure-scale: ${parts.length} scales given; at most ${MAX_EXPOSURE_SCALES} a call`,
      { field: "exposureScale", value: parts.length, allowed: `at most ${MAX_EXPOSURE_SCALES}` },
    );
  const scales = parts.map((s) => Number(s.trim()));
  if (scales.some((s) => !(s > 0 && s <= MAX_EXPOSURE_SCALE)))
    throw new InputError(
      `--exposure-scale = ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)}: expected positive numbers up to ${MAX_EXPOSURE_SCALE}, separated by commas`,
      { field: "exposureScale", allowed: `0 < s <= ${MAX_EXPOSURE_SCALE}` },
    );
  return scales;
}

function parseMassGrid(text: string): number[] {
  const m = /^([^:]+):([^:]+):(\d+)$/.exec(text);
  const [a, b, n] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  if (!(a > 0 && b > a && n >= 1 && n <= 200))
    throw new InputError(
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

/**
 * The sensitivity of a scenario (path, built-in name) to a test, one line per exposure scale (and
 * mediator mass): Asimov Delta chi2, Z and the exposures of 3 and 5 sigma for a discrete test,
 * with the toy distribution when `toys` is given; expected 90% and 95% CL limits for a BSM
 * coupling. Writes nothing.
 * @throws InputError on a malformed test or option, ScenarioError on a bad scenario or parameter.
 */
export async function computeSensitivity(
  scenarioArg: string,
  opts: SensitivityOptions,
): Promise<{ lines: SensitivityLine[]; plotTitle: string; test: SensitivityTest }> {
  const test = parseTest(opts.test);
  const scales = parseScales(opts.exposureScale ?? "1");
  if (opts.toys !== undefined && test.kind === "bsm")
    throw new InputError("--toys: toys are thrown for the ordering, nature and mlightest tests");
  const masses =
    test.kind === "bsm" && hasMediatorMass(test.family)
      ? test.massEv !== undefined
        ? [test.massEv]
        : parseMassGrid(opts.massGrid ?? DEFAULT_MASS_GRID)
      : [undefined];
  if (opts.massGrid !== undefined && !(test.kind === "bsm" && hasMediatorMass(test.family)))
    throw new InputError("--mass-grid is for bsm:vector, bsm:scalarS and bsm:scalarP");
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
        const t = await discreteToysAsync(
          scenario,
          test.kind,
          { float, exposureScale: s, toys: opts.toys, exact: opts.exact },
          r,
          opts.signal,
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
    const kind = opts.toys === undefined ? "Asimov" : `Asimov and ${opts.toys} toys`;
    return { lines, plotTitle: `${scenario.name}: ${name} (${kind})`, test };
  }
  const probe = fitModel(scenario);
  // Inside the pole window the limit changes fast with M and depends on the width assumed:
  // the grid gets 20 masses per decade there (poleGrid.ts), and each such line says so.
  const grid =
    masses.length > 1 ? densifyNearPole(masses as number[], poleWindowOf(probe)) : masses;
  for (const s of scales) {
    for (const massEv of grid) {
      const family = familyOf(test.family, massEv, probe);
      const r = expectedLimits(scenario, family, { float, exposureScale: s });
      lines.push({
        test: name,
        exposureScale: s,
        exposureDays: r.exposureDays,
        signalEvents: r.signalEvents,
        ...(massEv === undefined
          ? {}
          : {
              massEv,
              widthEv: "widthEv" in r.family ? (r.family.widthEv ?? null) : null,
              // The pole in the scan: the limit holds for the width assumed, Gamma = 1e-3 M.
              resonance: "widthEv" in r.family && r.family.widthEv !== undefined,
              ...("widthEv" in r.family && r.family.widthEv !== undefined
                ? { widthOverMass: POLE_WIDTH_OVER_MASS }
                : {}),
            }),
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

/**
 * computeSensitivity in a worker thread (sensitivity/worker.ts): the same lines and errors, while
 * this thread stays free to handle a signal; `options.signal` aborting terminates the worker and
 * rejects with InterruptedError.
 */
export function computeSensitivityOffThread(
  scenarioArg: string,
  options: SensitivityOptions,
): ReturnType<typeof computeSensitivity> {
  const { signal, ...plain } = options;
  return offThread(
    compiledModule(import.meta.url, "inference/sensitivity", "worker.js"),
    { scenarioArg, options: plain },
    signal,
  );
}
