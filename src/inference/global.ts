/**
 * The global strategy of a fit whose likelihood is multimodal (docs/fitting.md, "Global
 * strategy"): the thresholds make D multimodal in the masses, the Majorana phases enter through
 * cosines, and a BSM coupling whose rate is (nearly) even in it has minima at +-c. A single
 * descent from the start stops in the first minimum it meets, so for these parameters the fit
 * first searches their range and then runs the local minimiser (minimize.ts) from the best
 * candidates; the result is the lowest minimum found, in the sense of the degeneracy searches of
 * GLoBES (P. Huber, M. Lindner, W. Winter, Comput. Phys. Commun. 167 (2005) 195).
 *
 * - `lightestMassEv`: a grid, 0 and GRID_POINTS log-spaced masses from 1e-4 eV to 0.3 eV (or 3x the
 *   nominal value);
 * - `majoranaPhasesDeg.*`: a grid of 8 values, one every 45 deg over the period;
 * - `bsm.<family>`: the two signs, +-|start| (+-the coupling's scale at a start of 0).
 *
 * Each grid value is scored by D minimised over the floated parameters that enter linearly (the
 * normalisations, the efficiency scale: one expectation per value, then a cheap fit), the other
 * floated parameters at the current point. The parameters are searched one after the other, each
 * from the best CANDIDATES points of the previous one (the local minima of the score along its
 * grid); the local minimiser then runs from the start and from the final candidates whose score
 * is within MARGIN (10 in D) of the best one, except those whose grid bracket already holds a
 * minimum as low as their score (docs/fitting.md).
 */
import { PoissonLikelihood } from "./likelihood.js";
import { minimize, minimizeScalar, type MinimizeResult } from "./minimize.js";
import type { FitModel, ModelParameter } from "./model.js";

/** Log-spaced masses of the lightestMassEv grid (plus 0). */
export const GRID_POINTS = 24;
/** Candidate points kept from each parameter's search. */
const CANDIDATES = 3;
/** Candidates whose score exceeds the best one's by more than this (in D) are not descended. */
const MARGIN = 10;
/** Newton decrement at which a grid score's linear fit stops (in D). */
const SCORE_TOLERANCE = 1e-6;
/** Minima whose D differ by less than this are the same minimum (rounding). */
const TIE = 1e-9;
/** Two minima closer than this in every parameter (relative to its scale) are one. */
const SAME_POINT = 1e-6;

/** The outcome of `globalMinimize`: the best local minimum and how many local minimisations ran. */
export interface GlobalMinimum {
  best: MinimizeResult;
  /** Local minimisations run (1 without a multimodal parameter). */
  starts: number;
  /** Every local minimum found, best first. */
  minima: MinimizeResult[];
}

/** A normalisation: mu is linear in it (the efficiency scale is only piecewise linear). */
const isNormalisation = (p: ModelParameter): boolean =>
  p.name === "signalNorm" || p.name.startsWith("backgroundNorm:");

/** Whether a model parameter gets a global strategy (a grid or the two signs). */
export function isMultimodal(p: ModelParameter): boolean {
  return (
    p.name === "lightestMassEv" ||
    p.name.startsWith("majoranaPhasesDeg.") ||
    p.name.startsWith("bsm.")
  );
}

/** The values searched for a multimodal parameter at the current value v. */
function searchValues(p: ModelParameter, v: number): number[] {
  if (p.name === "lightestMassEv") {
    const top = Math.max(0.3, 3 * p.nominal);
    const grid = [0];
    for (let k = 0; k < GRID_POINTS; k++)
      grid.push(1e-4 * Math.pow(top / 1e-4, k / (GRID_POINTS - 1)));
    return grid.filter((m) => m >= p.lower && m <= p.upper);
  }
  if (p.name.startsWith("majoranaPhasesDeg."))
    return Array.from({ length: 8 }, (_, k) => p.lower + 45 * (k + 1));
  const c = v !== 0 ? Math.abs(v) : p.stepScale;
  return [c, -c];
}

/**
 * Whether `value` lies in the grid bracket of `at` for parameter p: between the grid values
 * either side of `at` (searchValues at `at`; the ends of the grid open), or, for a coupling's two
 * signs, on the same side of 0.
 */
function inBracket(p: ModelParameter, value: number, at: number): boolean {
  if (p.name.startsWith("bsm.")) return Math.sign(value) === Math.sign(at);
  const grid = searchValues(p, at);
  let below = -Infinity;
  let above = Infinity;
  for (const g of grid) {
    if (g < at && g > below) below = g;
    if (g > at && g < above) above = g;
  }
  return value >= below && value <= above;
}

/**
 * The best local minimum over the candidates of the global strategy. `floated` are model
 * parameter indices, `fixed` the full parameter vector of the others, `start` the floated
 * parameters' start. Without a multimodal parameter floated it is one local minimisation from
 * the start.
 */
export function globalMinimize(
  model: FitModel,
  counts: ArrayLike<number>,
  floated: readonly number[],
  fixed: Float64Array,
  start: Float64Array,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): GlobalMinimum {
  const like = new PoissonLikelihood(model, counts, floated, fixed);
  const multimodal = floated
    .map((i, j) => ({ j, p: model.parameters[i] }))
    .filter(({ p }) => isMultimodal(p));
  if (multimodal.length === 0) {
    const best = minimize(like, start, lower, upper);
    return { best, starts: 1, minima: [best] };
  }
  const score = linearScore(model, counts, floated, fixed, lower, upper);
  let candidates: { x: Float64Array; f: number }[] = [score(start)];
  for (const { j, p } of multimodal) {
    const next: { x: Float64Array; f: number }[] = [];
    for (const c of candidates) {
      const values = searchValues(p, c.x[j]);
      const points = values.map((v) => {
        const x = Float64Array.from(c.x);
        x[j] = v;
        return score(x);
      });
      next.push(...localMinima(points, values.length > 2));
    }
    candidates = dedupe([...candidates, ...next].sort((a, b) => a.f - b.f)).slice(0, CANDIDATES);
  }
  // The local minimiser runs from the start (its descent is the plain local fit), then from the
  // candidates whose score is within MARGIN of the best one (the score bounds the local minimum
  // from above, and with only linear parameters beside a grid parameter it is the profile along
  // that grid), best first, except where a minimum found so far lies in the candidate's grid
  // bracket (between its neighbours on every searched grid, the same sign of a coupling) and is
  // no higher than the candidate's score: the grid cannot tell two minima in one bracket apart,
  // and that one is at least as good as the candidate's descent is known to reach.
  const lowest = candidates[0].f;
  const runs = [minimize(like, start, lower, upper)];
  for (const c of candidates) {
    if (c.f > lowest + MARGIN) continue;
    if (
      runs.some((r) => r.f <= c.f && multimodal.every(({ j, p }) => inBracket(p, r.x[j], c.x[j])))
    )
      continue;
    runs.push(minimize(like, c.x, lower, upper));
  }
  // Minima equal to rounding (TIE in D) are one: the first in start order (the start's own
  // descent) is kept, so a fit the global search cannot improve is the plain local fit.
  const lowestF = runs.reduce((m, r) => (r.f < m ? r.f : m), Infinity);
  const best = runs.find((r) => r.f <= lowestF + TIE) ?? runs[0];
  const minima = [best, ...runs.filter((r) => r !== best).sort((a, b) => (a.f < b.f ? -1 : 1))];
  return { best, starts: runs.length, minima };

  /** The local minima of the scores along a grid (both signs of a pair). */
  function localMinima(
    points: { x: Float64Array; f: number }[],
    grid: boolean,
  ): { x: Float64Array; f: number }[] {
    if (!grid) return points.filter((q) => Number.isFinite(q.f));
    return points.filter(
      (q, k) =>
        Number.isFinite(q.f) &&
        (k === 0 || !(points[k - 1].f < q.f)) &&
        (k === points.length - 1 || !(points[k + 1].f < q.f)),
    );
  }

  function dedupe(list: { x: Float64Array; f: number }[]): { x: Float64Array; f: number }[] {
    const out: { x: Float64Array; f: number }[] = [];
    for (const q of list) {
      const same = out.some((o) =>
        o.x.every((v, a) => {
          const scale = Math.max(model.parameters[floated[a]].stepScale, Math.abs(v));
          return Math.abs(v - q.x[a]) <= SAME_POINT * scale;
        }),
      );
      if (!same) out.push(q);
    }
    return out;
  }
}

/**
 * score(x): D minimised over the floated parameters that enter linearly, the others at x; the
 * point returned carries those fitted values. Without linear parameters, D at x.
 */
function linearScore(
  model: FitModel,
  counts: ArrayLike<number>,
  floated: readonly number[],
  fixed: Float64Array,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): (x: Float64Array) => { x: Float64Array; f: number } {
  const linear = floated.flatMap((i, j) => (model.parameters[i].linear ? [j] : []));
  const sub = linear.map((j) => floated[j]);
  const linearMu = sub.length > 0 && sub.every((i) => isNormalisation(model.parameters[i]));
  // One likelihood for every point scored, moved to each (likelihood.ts `moveTo`).
  const like = new PoissonLikelihood(model, counts, sub, fixed, { linear: linearMu });
  return (x) => {
    const full = Float64Array.from(fixed);
    floated.forEach((i, j) => (full[i] = x[j]));
    like.moveTo(full);
    if (linear.length === 0) return { x, f: like.value([]) };
    // A score ranks candidates and starts descents: D to 1e-6 is plenty (MARGIN is 10).
    if (linear.length === 1) {
      const j = linear[0];
      const r = minimizeScalar(like, x[j], lower[j], upper[j], { tolerance: SCORE_TOLERANCE });
      const out = Float64Array.from(x);
      out[j] = r.x;
      return { x: out, f: r.f };
    }
    const r = minimize(
      like,
      linear.map((j) => x[j]),
      linear.map((j) => lower[j]),
      linear.map((j) => upper[j]),
      { tolerance: SCORE_TOLERANCE },
    );
    const out = Float64Array.from(x);
    linear.forEach((j, a) => (out[j] = r.x[a]));
    return { x: out, f: r.f };
  };
}

/** What `pairedFits` needs of a fitter (fit.ts `Fitter`), kept structural to avoid a cycle. */
interface PairFitter<R extends { deviance: number; names: string[]; values: Float64Array }> {
  names: string[];
  fit(
    counts: ArrayLike<number>,
    start?: ArrayLike<number>,
    options?: { errors?: boolean; local?: boolean },
  ): R;
}

/**
 * The fits of a hypothesis and its alternative with q = D_alt - D_own, where a negative q is
 * checked: the own hypothesis is refitted from the alternative's minimum (the parameters they
 * share at the alternative's values) and the better of the two fits kept. A q that stays negative
 * is a real preference of the data for the alternative (the ordering and nature tests are not
 * nested), not a local minimum of the own fit. Returns both hypotheses' fits and q; with
 * `alternativeErrors` false the alternative's fit has no errors (NaN: toy fits keep only its D).
 */
export function pairedFits<R extends { deviance: number; names: string[]; values: Float64Array }>(
  own: PairFitter<R>,
  alternative: PairFitter<R>,
  counts: ArrayLike<number>,
  alternativeErrors = true,
): { fit: R; alternativeFit: R; q: number; refitted: boolean } {
  let fit = own.fit(counts);
  const alternativeFit = alternative.fit(counts, undefined, { errors: alternativeErrors });
  let refitted = false;
  if (alternativeFit.deviance < fit.deviance) {
    const start = fit.names.map((name, j) => {
      const k = alternativeFit.names.indexOf(name);
      return k >= 0 ? alternativeFit.values[k] : fit.values[j];
    });
    // A local fit from there: the global search from another start scores the same grid (the
    // linear parameters are refitted at every grid point) and descends from the same candidates.
    const again = own.fit(counts, start, { local: true });
    refitted = true;
    if (again.deviance < fit.deviance) fit = again;
  }
  return { fit, alternativeFit, q: alternativeFit.deviance - fit.deviance, refitted };
}
