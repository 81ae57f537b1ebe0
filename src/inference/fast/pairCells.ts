/**
 * The signal's per-pair bin integrals as functions of the lightest mass m0, tabulated lazily on
 * cells of m0 and interpolated (docs/fitting.md, "The fast path"). What the fit evaluates at every
 * step of a floated `lightestMassEv` costs a few dot products instead of ~600 adaptive integrals.
 *
 * For a top-hat bin [lo, hi] (ideal laser) and an unordered pair of threshold omega(m0) (falling
 * as m0 grows), the bin integral P(m0) = int_lo^min(hi, omega) f dw / (hi - lo) is analytic in m0
 * except where omega(m0) crosses lo or hi: the phase-space factor Delta_ij ~ sqrt(omega - w)
 * (docs/physics/standard-model.md section 2) makes A(e) = int_e^omega f dw behave as X^(3/2) S(m0)
 * with X = omega - e and S analytic (substitute w = omega - X s: A = X^(3/2) int_0^1 sqrt(s)
 * g(X s) ds, g smooth; docs/physics/experiment.md section 4 uses the same edge). With m_hi and
 * m_lo the m0 where omega reaches hi and lo, and L = m_lo - m_hi, each (pair, bin) term has its
 * own cells:
 * - [m_lo, ...): closed, 0;
 * - [m_hi, m_lo): partial, P = X_lo^(3/2) S, S interpolated;
 * - [m_hi - L, m_hi): open near the hi crossing, P = B - X_hi^(3/2) S_hi with B = P + A(hi)
 *   (= A(lo), analytic across the hi crossing) and S_hi interpolated;
 * - below: open, P interpolated on cells graded towards m_hi ([m_hi - 2^(j+1) L, m_hi - 2^j L]:
 *   each is at least its own length away from the singularity).
 * Interpolation is barycentric Chebyshev on NODES first-kind nodes (Trefethen, Approximation
 * Theory and Approximation Practice, ch. 5). Every node value is the exact path's own integral
 * (expectation.ts `pairWindowRate`, the physics' own pair values): nothing here restates a
 * spectral formula. A cell is checked at two points against exact (adaptive) integrals when
 * built; where a term misses CHECK_TOLERANCE the cell is rebuilt with adaptive node integrals
 * if the one-rule integral is what misses, else halved; after MAX_DEPTH halvings it is evaluated
 * exactly.
 */
import { pairWindowRate } from "../../expectation.js";
import type { Window } from "../../experiment/linewidth.js";
import { massesEv, type MixingParameters, type Ordering } from "../../physics/neutrino.js";
import { thresholdEv } from "../../physics/spectrum/kinematics.js";
import { createSpectralModel, type SpectralModel } from "../../physics/spectrum/sm.js";
import type { Complex } from "../../physics/spectrum/types.js";
import {
  CHEBYSHEV_NODES,
  CHEBYSHEV_X,
  chebyshevBasis,
  series,
  differentiate,
  toCoefficients,
} from "../../numerics/chebyshev.js";
import type { QuadratureOptions } from "../../numerics/quadrature.js";
import type { PhysicsModel } from "../../scenario/model.js";
import { Cell, CLOSED, OPEN, OPEN_NEAR, PARTIAL, TermCells, type CellData } from "./cell.js";
import { PairThresholds, UNORDERED_PAIRS } from "./thresholds.js";

const PAIRS = UNORDERED_PAIRS.length;
// `evaluate` writes the OPEN terms' series out for eight coefficients.
if (CHEBYSHEV_NODES !== 8) throw new Error("pairCells.ts evaluate expects 8 Chebyshev nodes");

/** Interpolation nodes per cell. */
const NODES = CHEBYSHEV_NODES;
const X = CHEBYSHEV_X;
/** A term's interpolation error allowed at the check points, relative to the term. */
const CHECK_TOLERANCE = 1e-8;
/** Halvings of a cell before it is evaluated exactly. */
const MAX_DEPTH = 12;
/**
 * Node integrals: one 20-point rule (the integrand is smooth in t on a bin, the checks compare
 * with adaptive integrals); a cell whose check fails is rebuilt once with adaptive nodes at 10x
 * below the check tolerance before it is halved.
 */
const NODE_QUADRATURE = { singleRule: true };
const ADAPTIVE_QUADRATURE = { relTol: 1e-10 };
/** The checks' integrals: as the exact path (expectation.ts). */
const CHECK_QUADRATURE = { relTol: 1e-12 };

/** Everything the tables hold fixed: the scenario's physics (at any m0) and its bins. */
export interface PairCellsSetup {
  ordering: Ordering;
  mixing: MixingParameters;
  /** The scenario's physics; its masses are replaced per node, the rest is read as is. */
  physics: PhysicsModel;
  /** eta, a number (the fast path needs a constant eta). */
  eta: number;
  windows: readonly Extract<Window, { kind: "integral" }>[];
  /** Top-hat edges per bin. */
  loEv: Float64Array;
  hiEv: Float64Array;
  /** The coefficient each basis puts on every pair: (1) or (1, i). */
  bases: readonly Complex[];
  /** m0 range of the tables. */
  m0Max: number;
}

/**
 * The most initial cells `buildShare` builds all of (about 60 MB of tables once halved and
 * built); past it cells are built as a fit reaches them.
 */
const PREBUILD_CELLS = 50_000;

/** Built cells of some terms, as plain data (structured-cloneable). */
export type CellShare = { term: number; cells: CellData[] }[];

/** Cells built so far and the deepest halving (for the bench and tests). */
export interface CellStats {
  builds: number;
  maxDepth: number;
}

/** Values per (basis, slot): the function and its two derivatives. */
const ORDERS = 3;
const slotBase = (basis: number, slot: number, order: number) =>
  ((basis * 2 + slot) * ORDERS + order) * NODES;

/** x^(3/2) for x >= 0 (faster than Math.pow). */
const threeHalves = (x: number): number => x * Math.sqrt(x);

/** The lazily built tables of one scenario's pair bin integrals over m0 in [0, m0Max]. */
export class PairCells {
  readonly bins: number;
  readonly basisCount: number;
  readonly stats: CellStats = { builds: 0, maxDepth: 0 };
  private readonly terms: TermCells[] = [];
  private readonly eegEv: number;
  private readonly omega = new Float64Array(PAIRS);
  /** A term's values for every basis, then their slopes and curvatures. */
  private readonly pairValues = new Float64Array(6);
  private readonly weights: Float64Array;
  private readonly basisModels: PhysicsModel[];
  private weightsVersion = 0;
  /** T_k at the cell coordinate of the term being evaluated (`value`). */
  private readonly basis = new Float64Array(NODES);
  private readonly dOmega = new Float64Array(PAIRS);
  private readonly d2Omega = new Float64Array(PAIRS);
  private readonly geometry: PairThresholds;
  /** Per-basis scratch of `build` and `checks` (which `build` calls after its own use). */
  private readonly checkScratch: Float64Array[];

  constructor(private readonly setup: PairCellsSetup) {
    this.bins = setup.loEv.length;
    this.basisCount = setup.bases.length;
    this.weights = new Float64Array(this.basisCount * PAIRS).fill(Number.NaN);
    this.eegEv = setup.physics.atom.eegEv;
    this.checkScratch = Array.from({ length: 5 }, () => new Float64Array(this.basisCount));
    this.geometry = new PairThresholds(setup, this.eegEv);
    // One physics model a basis: the coefficient a on every pair (the masses come with each pair).
    this.basisModels = setup.bases.map((coefficient) => {
      const spectrum: SpectralModel = createSpectralModel({
        ...setup.physics.spectrum.input,
        coefficients: [0, 1, 2].map(() => [coefficient, coefficient, coefficient]),
      });
      return { ...setup.physics, spectrum };
    });
    for (let p = 0; p < PAIRS; p++) {
      for (let k = 0; k < this.bins; k++) {
        const mHi = this.geometry.crossing(p, setup.hiEv[k]);
        const mLo = this.geometry.crossing(p, setup.loEv[k]);
        this.terms.push(new TermCells(p, k, this.geometry.initialCells(mHi, mLo)));
      }
    }
  }

  /**
   * sum over pairs and bases of weights[basis * 6 + pair] x the pair's bin integral at m0 (rate
   * per bin, s^-1, window-averaged, Gamma_0 and eta included) per bin into out, pairs in
   * UNORDERED_PAIRS order; with `slope` and `curvature` also the first and second derivatives in
   * m0 (per eV, per eV^2). Returns false when a term was evaluated exactly (no derivative there:
   * the caller differentiates).
   */
  evaluate(
    m0: number,
    weights: Float64Array,
    out: Float64Array,
    slope?: Float64Array,
    curvature?: Float64Array,
  ): boolean {
    if (!(m0 >= 0 && m0 <= this.setup.m0Max))
      throw new RangeError(`lightestMassEv ${m0} outside the tables' [0, ${this.setup.m0Max}]`);
    this.useWeights(weights);
    const omega = this.omega;
    this.geometry.thresholds(m0, omega);
    if (slope) this.geometry.derivatives(m0, omega, this.dOmega, this.d2Omega);
    out.fill(0);
    slope?.fill(0);
    curvature?.fill(0);
    const v = this.pairValues;
    let analytic = true;
    const B = this.basisCount;
    for (const term of this.terms) {
      const cell = this.cellAt(term, m0);
      const k = term.bin;
      if (cell.kind === CLOSED) continue;
      if (cell.kind === OPEN && !cell.exact) {
        // The common case inline (most of the ~400 terms; `value` does the same per basis): the
        // interpolant P and its derivatives in m0, the bases combined once per set of weights.
        // T_2..T_7 at x by the recurrence and the three series written out (NODES = 8, checked
        // at load): 2.5x faster than chebyshevBasis + series (measured), and ~300 terms
        // run per evaluation.
        const c = this.combinedSeries(cell, term.pair);
        const scale = 2 / (cell.b - cell.a);
        const x = scale * (m0 - cell.a) - 1;
        const x2 = 2 * x;
        const t2 = x2 * x - 1;
        const t3 = x2 * t2 - x;
        const t4 = x2 * t3 - t2;
        const t5 = x2 * t4 - t3;
        const t6 = x2 * t5 - t4;
        const t7 = x2 * t6 - t5;
        out[k] +=
          c[0] + c[1] * x + c[2] * t2 + c[3] * t3 + c[4] * t4 + c[5] * t5 + c[6] * t6 + c[7] * t7;
        if (slope)
          slope[k] +=
            (c[8] +
              c[9] * x +
              c[10] * t2 +
              c[11] * t3 +
              c[12] * t4 +
              c[13] * t5 +
              c[14] * t6 +
              c[15] * t7) *
            scale;
        if (curvature)
          curvature[k] +=
            (c[16] +
              c[17] * x +
              c[18] * t2 +
              c[19] * t3 +
              c[20] * t4 +
              c[21] * t5 +
              c[22] * t6 +
              c[23] * t7) *
            scale *
            scale;
        continue;
      }
      if (cell.exact) analytic = false;
      const p = term.pair;
      this.value(term, cell, m0, omega[p], v, slope !== undefined, this.dOmega[p], this.d2Omega[p]);
      for (let b = 0; b < B; b++) {
        const w = weights[b * PAIRS + p];
        out[k] += w * v[b];
        if (slope) slope[k] += w * v[B + b];
        if (curvature) curvature[k] += w * v[2 * B + b];
      }
    }
    return analytic;
  }

  /** Keeps `weights`; a change moves the version the cells' combined series are checked against. */
  private useWeights(weights: Float64Array): void {
    if (weights.every((w, i) => w === this.weights[i])) return;
    this.weights.set(weights);
    this.weightsVersion++;
  }

  /** An OPEN cell's main series and derivatives summed over the bases with the current weights. */
  private combinedSeries(cell: Cell, pair: number): Float64Array {
    if (cell.weightsVersion === this.weightsVersion && cell.combined) return cell.combined;
    const combined = (cell.combined ??= new Float64Array(ORDERS * NODES));
    combined.fill(0);
    const c = cell.values!;
    for (let b = 0; b < this.basisCount; b++) {
      const w = this.weights[b * PAIRS + pair];
      for (let order = 0; order < ORDERS; order++) {
        const from = slotBase(b, 0, order);
        for (let n = 0; n < NODES; n++) combined[order * NODES + n] += w * c[from + n];
      }
    }
    cell.weightsVersion = this.weightsVersion;
    return combined;
  }

  /**
   * Builds every cell of the terms t = share, share + shares, ... over [0, m0Max] (what a fit
   * would build lazily, all at once: a cell's tables depend only on the cell, so a share built by
   * another thread equals the one this thread would build) and returns them as plain data for
   * `importCells`. Undefined when the tables would exceed PREBUILD_CELLS initial cells.
   */
  buildShare(share: number, shares: number): CellShare | undefined {
    const initial = this.terms.reduce((n, t) => n + t.cells.length, 0);
    if (initial > PREBUILD_CELLS) return undefined;
    const out: CellShare = [];
    for (let at = share; at < this.terms.length; at += shares) {
      const term = this.terms[at];
      for (let c = 0; c < term.cells.length;) {
        const cell = term.cells[c];
        if (cell.kind === CLOSED || cell.values || cell.exact) c++;
        else {
          const halves = this.build(term, cell);
          if (halves) term.cells.splice(c, 1, ...halves);
        }
      }
      out.push({ term: at, cells: term.cells.map((cell) => cell.data()) });
    }
    return out;
  }

  /** Takes the cells of `buildShare` (of this scenario's tables, from any thread). */
  importCells(share: CellShare): void {
    for (const { term, cells } of share) {
      const target = this.terms[term];
      target.cells.splice(0, target.cells.length, ...cells.map((d) => Cell.from(d)));
      target.last = 0;
    }
  }

  private cellAt(term: TermCells, m0: number): Cell {
    const last = term.cells[term.last];
    if (last && m0 >= last.a && m0 <= last.b && (last.kind === CLOSED || last.values || last.exact))
      return last;
    for (;;) {
      const cells = term.cells;
      let lo = 0;
      let hi = cells.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cells[mid].b < m0) lo = mid + 1;
        else hi = mid;
      }
      const cell = cells[lo];
      term.last = lo;
      if (cell.kind === CLOSED || cell.values || cell.exact) return cell;
      const halves = this.build(term, cell);
      if (halves) cells.splice(lo, 1, ...halves);
    }
  }

  /**
   * The term's value at m0 for every basis into out[basis]; with `derivatives`, also its slope and
   * curvature into out[B + basis], out[2B + basis] from the threshold's derivatives d1 = omega',
   * d2 = omega''. Allocates nothing: it runs ~400 times an evaluation.
   */
  private value(
    term: TermCells,
    cell: Cell,
    m0: number,
    omega: number,
    out: Float64Array,
    derivatives = false,
    d1 = 0,
    d2 = 0,
  ): void {
    const B = this.basisCount;
    if (cell.kind === CLOSED) {
      out.fill(0);
      return;
    }
    if (cell.exact) {
      out.fill(0);
      this.exact(term, cell.kind, m0, CHECK_QUADRATURE, out);
      return;
    }
    const scale = 2 / (cell.b - cell.a);
    const scale2 = scale * scale;
    const t = this.basis;
    chebyshevBasis(scale * (m0 - cell.a) - 1, t);
    const c = cell.values!;
    const partial = cell.kind === PARTIAL;
    const edge = partial ? this.setup.loEv[term.bin] : this.setup.hiEv[term.bin];
    const X = Math.max(0, omega - edge);
    const root = Math.sqrt(X);
    const sign = partial ? 1 : -1;
    for (let b = 0; b < B; b++) {
      // The interpolated part: P (open), B (open near the hi crossing), nothing (partial).
      const open = partial ? 0 : series(c, slotBase(b, 0, 0), t);
      const open1 = partial || !derivatives ? 0 : series(c, slotBase(b, 0, 1), t) * scale;
      const open2 = partial || !derivatives ? 0 : series(c, slotBase(b, 0, 2), t) * scale2;
      if (cell.kind === OPEN) {
        out[b] = open;
        out[B + b] = open1;
        out[2 * B + b] = open2;
        continue;
      }
      // X^(3/2) S and its derivatives in m0 (X' = omega', X'' = omega'').
      const slot = partial ? 0 : 1;
      const S = series(c, slotBase(b, slot, 0), t);
      out[b] = open + sign * X * root * S;
      if (!derivatives) continue;
      const S1 = series(c, slotBase(b, slot, 1), t) * scale;
      const S2 = series(c, slotBase(b, slot, 2), t) * scale2;
      const slope = 1.5 * root * d1 * S + X * root * S1;
      const curvature =
        (root > 0 ? (0.75 * d1 * d1 * S) / root : 0) +
        1.5 * root * d2 * S +
        3 * root * d1 * S1 +
        X * root * S2;
      out[B + b] = open1 + sign * slope;
      out[2 * B + b] = open2 + sign * curvature;
    }
  }

  /**
   * Builds a cell's tables, or returns its two halves when the check fails (or marks it exact
   * past MAX_DEPTH).
   */
  private build(term: TermCells, cell: Cell): Cell[] | undefined {
    this.stats.builds++;
    this.stats.maxDepth = Math.max(this.stats.maxDepth, cell.depth);
    const values = new Float64Array(this.basisCount * 2 * ORDERS * NODES);
    const [main, tail] = this.checkScratch;
    const lo = this.setup.loEv[term.bin];
    const hi = this.setup.hiEv[term.bin];
    for (let n = 0; n < NODES; n++) {
      const m0 = (cell.a + cell.b) / 2 + ((cell.b - cell.a) / 2) * X[n];
      const quadrature = cell.adaptive ? ADAPTIVE_QUADRATURE : NODE_QUADRATURE;
      const omega = this.exact(term, cell.kind, m0, quadrature, main, tail);
      for (let b = 0; b < this.basisCount; b++) {
        const main0 = slotBase(b, 0, 0);
        if (cell.kind === PARTIAL) values[main0 + n] = main[b] / threeHalves(omega - lo);
        else if (cell.kind === OPEN) values[main0 + n] = main[b];
        else {
          values[main0 + n] = main[b] + tail[b];
          values[slotBase(b, 1, 0) + n] = tail[b] / threeHalves(omega - hi);
        }
      }
    }
    for (let b = 0; b < this.basisCount; b++) {
      for (let slot = 0; slot < 2; slot++) {
        toCoefficients(values, slotBase(b, slot, 0));
        differentiate(values, slotBase(b, slot, 0), slotBase(b, slot, 1));
        differentiate(values, slotBase(b, slot, 1), slotBase(b, slot, 2));
      }
    }
    cell.values = values;
    const verdict = this.checks(term, cell);
    if (verdict === "ok") return undefined;
    cell.values = undefined;
    if (verdict === "quadrature" && !cell.adaptive) {
      cell.adaptive = true;
      return this.build(term, cell);
    }
    if (cell.depth >= MAX_DEPTH) {
      cell.exact = true;
      return undefined;
    }
    const mid = (cell.a + cell.b) / 2;
    return [
      new Cell(cell.a, mid, cell.kind, cell.depth + 1, cell.adaptive),
      new Cell(mid, cell.b, cell.kind, cell.depth + 1, cell.adaptive),
    ];
  }

  /**
   * Interpolated against exact at two points off the nodes, each basis within tolerance: "ok";
   * else whether the one-rule node integrals are to blame ("quadrature": the rule misses the
   * adaptive integral there by a tenth of the tolerance) or the interpolation ("interpolation").
   */
  private checks(term: TermCells, cell: Cell): "ok" | "quadrature" | "interpolation" {
    const B = this.basisCount;
    const [exact, exactTail, rule, ruleTail, interpolated] = this.checkScratch;
    for (const x of [-0.5, 0.5]) {
      const m0 = (cell.a + cell.b) / 2 + ((cell.b - cell.a) / 2) * x;
      const omega = this.exact(term, cell.kind, m0, CHECK_QUADRATURE, exact, exactTail);
      this.value(term, cell, m0, omega, interpolated);
      const scale = exact.reduce((s, v) => s + Math.abs(v), 0);
      let missed = false;
      for (let b = 0; b < B; b++)
        if (!(Math.abs(interpolated[b] - exact[b]) <= CHECK_TOLERANCE * scale)) missed = true;
      if (!missed) continue;
      if (cell.adaptive) return "interpolation";
      this.exact(term, cell.kind, m0, NODE_QUADRATURE, rule, ruleTail);
      for (let b = 0; b < B; b++) {
        const off = Math.abs(rule[b] - exact[b]) + Math.abs(ruleTail[b] - exactTail[b]);
        if (!(off <= 0.1 * CHECK_TOLERANCE * scale)) return "quadrature";
      }
      return "interpolation";
    }
    return "ok";
  }

  /**
   * The term's exact bin integral at m0 for every basis (into `out`) and, for an OPEN_NEAR cell,
   * the integral from hi to the threshold with the bin's weight (into `tail`, 0 for other kinds);
   * returns the pair's threshold at m0.
   */
  private exact(
    term: TermCells,
    kind: number,
    m0: number,
    quadrature: QuadratureOptions,
    out: Float64Array,
    tail?: Float64Array,
  ): number {
    const masses = massesEv(this.setup.ordering, m0, this.setup.mixing);
    const [i, j] = UNORDERED_PAIRS[term.pair];
    const window = this.setup.windows[term.bin];
    const eta = this.setup.eta;
    // The pair at m0: its masses and threshold are all the spectrum reads of it (sm.ts
    // `pairValueBelowThreshold`), so one model a basis serves every m0.
    const pair = {
      i,
      j,
      miEv: masses[i],
      mjEv: masses[j],
      thresholdEv: thresholdEv(this.eegEv, masses[i], masses[j]),
    };
    const etaOf = () => eta;
    const beyond =
      kind === OPEN_NEAR && tail ? { ...window, fromEv: window.toEv, toEv: Infinity } : undefined;
    for (let b = 0; b < this.basisModels.length; b++) {
      const model = this.basisModels[b];
      out[b] = pairWindowRate(model, etaOf, [], pair, window, quadrature);
      if (tail) tail[b] = beyond ? pairWindowRate(model, etaOf, [], pair, beyond, quadrature) : 0;
    }
    const omega = pair.thresholdEv;
    return omega;
  }
}
