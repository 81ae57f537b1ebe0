/**
 * Expected upper limits on a BSM family's coupling at 90% and 95% CL (docs/statistics.md
 * "Sensitivity", docs/physics/sensitivity.md "Solve"): the smallest |c| of each sign where
 * Delta chi2(c) reaches the chi2(1 dof) quantile, data the Asimov set of the scenario with that
 * coupling at 0.
 */
import { checkFinite } from "../../arguments.js";
import { InputError, NoSolutionError, ScenarioError } from "../../errors.js";
import { illinois } from "../../numerics/roots.js";
import { compensatedSum } from "../../numerics/sum.js";
import type { ResolvedScenario } from "../../scenario/load.js";
import type { FamilyKind, SensitivityFamily } from "../families.js";
import { fitModel, type FitModel } from "../model.js";
import { poleWindowEv } from "../poleGrid.js";
import { asimovCounts, minDeviance, scaledScenario, SECONDS_PER_DAY } from "./asimov.js";
import { CHI2_1DOF_90, CHI2_1DOF_95 } from "./tests.js";

/** The mediator masses whose pole lies in the scan of `model` (poleGrid.ts). */
export function poleWindowOf(model: FitModel): [number, number] {
  let omegaMinEv = Infinity;
  for (const lo of model.table.scan.loEv) omegaMinEv = Math.min(omegaMinEv, lo);
  return poleWindowEv(model.table.physics.massesEv, model.scenario.target.eegEv, omegaMinEv);
}

/** Pole of a mediator of mass M inside the scan: 2 m_lightest < M < sqrt(q^2_max), q^2_max = E_eg (E_eg - 2 omega_min). */
export function poleInside(model: FitModel, massEv: number): boolean {
  const [lo, hi] = poleWindowOf(model);
  return massEv > lo && massEv < hi;
}

/** Width of a mediator whose pole lies in the scan (docs/physics/sensitivity.md, Table 2). */
export const POLE_WIDTH_OVER_MASS = 1e-3;

/**
 * The family a `bsm:<kind>[@massEv]` test means: a mediator of that mass (with Gamma =
 * POLE_WIDTH_OVER_MASS M when its pole lies in the scan of `model`), transition moments on all
 * three pairs, or alpha_ee.
 */
export function familyOf(
  family: FamilyKind,
  massEv: number | undefined,
  model?: FitModel,
): SensitivityFamily {
  switch (family) {
    case "vector":
    case "scalarS":
    case "scalarP": {
      if (massEv === undefined)
        throw new InputError(`${family} needs a mediator mass`, {
          field: "massEv",
          value: massEv,
          allowed: "a positive mass in eV",
        });
      if (!model || !poleInside(model, massEv)) return { kind: family, massEv };
      return { kind: family, massEv, widthEv: POLE_WIDTH_OVER_MASS * massEv };
    }
    case "magnetic":
    case "electric":
      return { kind: family };
    case "nonUnitarity":
      return { kind: "nonUnitarity", i: 0, j: 0 };
  }
}

/** Options of a limit search. */
export interface LimitOptions {
  float?: readonly string[] | undefined;
  exposureScale?: number | undefined;
  /** Relative accuracy of each limit. */
  relTol?: number | undefined;
}

/** The expected limits on one family's coupling at one exposure scale. */
export interface ExpectedLimits {
  family: SensitivityFamily;
  exposureScale: number;
  exposureDays: number;
  signalEvents: number;
  /** Per sign of c, the smallest |c| with Delta chi2 >= the quantile (Infinity if none below 1e6). */
  plus90: number;
  minus90: number;
  plus95: number;
  minus95: number;
  /** The limit on |c|: the larger of the two signs (every |c| above it is excluded for both). */
  limit90: number;
  limit95: number;
  evaluations: number;
}

/** Expected 90% and 95% CL upper limits on a family's coupling (data: the coupling at 0). */
export function expectedLimits(
  scenario: ResolvedScenario,
  family: SensitivityFamily,
  options: LimitOptions = {},
): ExpectedLimits {
  const s = checkFinite("exposureScale", options.exposureScale ?? 1, { above: 0, max: 1e12 });
  const float = [...(options.float ?? [])];
  const relTol = options.relTol ?? 1e-4;
  const model = fitModel(scaledScenario(scenario, s), { families: [family] });
  const name = `bsm.${family.kind}`;
  if (float.includes(name))
    throw new ScenarioError(
      `floated parameter ${name}: the tested coupling is scanned, not floated`,
      {
        field: "float",
        value: name,
        allowed: `parameters other than ${name}`,
      },
    );
  const counts = asimovCounts(model);
  const base = minDeviance(model, counts, float).deviance;
  let evaluations = 0;
  const deltaChi2 = (c: number) => {
    evaluations++;
    return minDeviance(model, counts, float, { [name]: c }).deviance - base;
  };
  // The first search starts far below any reach; the others start at a found limit (the search
  // steps down first when that is already above the target), which saves the decade steps.
  const plus90 = firstCrossing(deltaChi2, 1, CHI2_1DOF_90, 1e-30, relTol);
  const minus90 = firstCrossing(deltaChi2, -1, CHI2_1DOF_90, finiteOr(plus90, 1e-30), relTol);
  const plus95 = firstCrossing(deltaChi2, 1, CHI2_1DOF_95, finiteOr(plus90, 1e-30), relTol);
  const minus95 = firstCrossing(deltaChi2, -1, CHI2_1DOF_95, finiteOr(minus90, 1e-30), relTol);
  return {
    family,
    exposureScale: s,
    exposureDays: compensatedSum(model.table.scan.exposureS) / SECONDS_PER_DAY,
    signalEvents: compensatedSum(model.table.muSignal),
    plus90,
    minus90,
    plus95,
    minus95,
    limit90: Math.max(plus90, minus90),
    limit95: Math.max(plus95, minus95),
    evaluations,
  };
}

const finiteOr = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback);
const MAX_COUPLING = 1e6;

/**
 * The smallest |c| (sign `sign`) where f first reaches `target`: decade steps from `start` (down
 * first if f is already above) bracket the crossing, then the Illinois variant of regula falsi
 * (M. Dowell, P. Jarratt, BIT 11 (1971) 168) on y = ln(f / target) against x = ln |c|, where f is
 * close to a power law (c^2 with interference, c^4 for squared terms), to relTol in |c|. f rises
 * from 0 like c^2 or c^4 and a dip back below the target needs the BSM amplitude to undo the SM
 * one, far beyond the limits sought, so the first decade that reaches the target holds the first
 * crossing (docs/physics/sensitivity.md, "Solve").
 */
export function firstCrossing(
  f: (c: number) => number,
  sign: 1 | -1,
  target: number,
  start: number,
  relTol: number,
): number {
  let lo = start;
  let fLo = f(sign * lo);
  for (let k = 0; fLo >= target; k++) {
    if (k > 60)
      throw new NoSolutionError(`limit search: Delta chi2 >= ${target} even at |c| = ${lo}`, {
        field: "coupling",
        value: lo,
      });
    lo /= 10;
    fLo = f(sign * lo);
  }
  let hi = lo * 10;
  let fHi = f(sign * hi);
  while (!(fHi >= target)) {
    if (Number.isNaN(fHi))
      throw new NoSolutionError(`limit search: Delta chi2 = NaN at |c| = ${hi}`, {
        field: "coupling",
        value: hi,
      });
    if (hi > MAX_COUPLING) return Infinity;
    lo = hi;
    fLo = fHi;
    hi *= 10;
    fHi = f(sign * hi);
  }
  // Bracket [lo, hi] with f(lo) < target <= f(hi). Regula falsi in (ln c, ln f/target) while both
  // ends have f > 0 and finite, bisection in ln c otherwise; converged in y as well when f is
  // within relTol of the target (that moves c by less than relTol).
  const y = (x: number) => {
    const fx = f(sign * Math.exp(x));
    return fx > 0 ? Math.log(fx / target) : -Infinity;
  };
  const x = illinois(
    y,
    {
      a: Math.log(lo),
      fa: fLo > 0 ? Math.log(fLo / target) : -Infinity,
      b: Math.log(hi),
      fb: Number.isFinite(fHi) ? Math.log(fHi / target) : Infinity,
    },
    {
      xTolerance: Math.log1p(relTol),
      yTolerance: relTol,
      maxIterations: 200,
      margin: 0.01,
      finish: "midpoint",
    },
  );
  return Math.exp(x);
}
