/**
 * What a fits file says, for `renp inspect`, `renp plot` and the report: status counts, the
 * pulls of every floated parameter (mean and width with their standard errors, warnings when
 * they are off), and per tested alternative the distribution of q (median, quantiles, the
 * fraction below 0, which a minimiser that found the global minima never gives).
 */
import type { FitsFile } from "../io/fitsFile.js";
import {
  pullSummary,
  pullValues,
  pullWarnings,
  type PullInput,
  type PullSummary,
  type PullValues,
} from "./pulls.js";
import { quantileSorted } from "../numerics/quantile.js";

/** The distribution of one q_<test> column over the ok toys with a finite q. */
export interface QSummary {
  toys: number;
  median: number;
  /** The 68.27% and 95% central ranges (quantiles 0.1587, 0.8413 and 0.025, 0.975). */
  band68: [number, number];
  band95: [number, number];
  min: number;
  max: number;
  /** Share of the toys with q < 0 (the scenario's own fit worse than the alternative's). */
  fractionNegative: number;
}

export interface FitsSummary extends PullSummary {
  warnings: string[];
  q: Record<string, QSummary>;
  /** nuisance.arrow when it gave the truth of constrained parameters. */
  nuisanceFile?: string | undefined;
}

/** The pull input of a fits file (truths from its fit configuration and nuisance.arrow). */
export function pullInputOf(fits: FitsFile): PullInput {
  return {
    scenario: fits.scenario,
    float: fits.config.float,
    fix: fits.config.fix,
    status: fits.status,
    toy: fits.toy,
    values: fits.values,
    errors: fits.errors,
    nuisance: fits.nuisance,
  };
}

/** The q values of the ok toys, finite ones only. */
export function okValues(values: ArrayLike<number>, status: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++)
    if (status[i] === "ok" && Number.isFinite(values[i])) out.push(values[i]);
  return out;
}

/** Median, central bands (quantile definition 7 of Hyndman & Fan 1996) and the negative share. */
export function qSummary(values: readonly number[]): QSummary {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const at = (p: number) => (n > 0 ? quantileSorted(sorted, p) : NaN);
  return {
    toys: n,
    median: at(0.5),
    band68: [at(0.158655), at(0.841345)],
    band95: [at(0.025), at(0.975)],
    min: n > 0 ? sorted[0] : NaN,
    max: n > 0 ? sorted[n - 1] : NaN,
    fractionNegative: n > 0 ? sorted.filter((v) => v < 0).length / n : NaN,
  };
}

export function fitsSummary(fits: FitsFile): FitsSummary {
  const pulls = pullSummary(pullInputOf(fits));
  return {
    ...pulls,
    warnings: pullWarnings(pulls),
    q: Object.fromEntries(
      Object.entries(fits.q).map(([test, v]) => [test, qSummary(okValues(v, fits.status))]),
    ),
    ...(fits.nuisance ? { nuisanceFile: fits.nuisance.path } : {}),
  };
}

/** Per floated parameter, the ok toys' fitted values, truths and pulls. */
export const fitsPullValues = (fits: FitsFile): Record<string, PullValues> =>
  pullValues(pullInputOf(fits));
