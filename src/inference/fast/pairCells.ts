/**
 * The signal's per-pair bin integrals as functions of the lightest mass m0, tabulated lazily on
 * cells of m0 and interpolated (docs/fitting.md, "The fast path"). What the fit evaluates at every
 * step of a floated `lightestMassEv` costs a few dot products instead of ~600 adaptive integrals.
 *
 * For a top-hat bin [lo, hi] (ideal laser) and an unordered pair p of threshold omega_p(m0), the
 * bin integral P(m0) = int_lo^min(hi, omega_p) f dw / (hi - lo) is analytic in m0 except where
 * omega_p(m0) crosses lo or hi: the integrand's phase-space factor Delta_ij ~ sqrt(omega_p - w)
 * (docs/physics/standard-model.md section 2) makes A(e) = int_e^omega_p f dw behave as
 * X^(3/2) S(m0) with X = omega_p - e and S analytic (substitute w = omega_p - X s: A = X^(3/2)
 * int_0^1 sqrt(s) g(X s) ds, g smooth; docs/physics/experiment.md section 4 uses the same edge).
 * So the cells' boundaries are every crossing m0 of every pair and edge, and on a cell each
 * (pair, bin) is one of
 * - closed (omega_p <= lo): 0;
 * - partial (lo < omega_p < hi): P = X_lo^(3/2) S, S interpolated;
 * - open, its hi crossing far (>= NEAR cell lengths away): P interpolated;
 * - open, hi crossing near: P = B - X_hi^(3/2) S_hi, with B = P + A(hi) (analytic across the
 *   hi crossing) and S_hi interpolated.
 * Interpolation is barycentric Chebyshev on NODES first-kind nodes (Trefethen, Approximation
 * Theory and Approximation Practice, ch. 5). Every node value is the exact path's own integral
 * (expectation.ts `pairWindowRate`, the physics' own pair values): nothing here restates a
 * spectral formula. A cell is checked at two points against exact integrals when built; where a
 * term misses CHECK_TOLERANCE of its bin the cell is halved, and after MAX_DEPTH halvings it is
 * evaluated exactly.
 */
import { pairWindowRate } from "../../expectation.js";
import type { Window } from "../../experiment/linewidth.js";
import { massesEv, type MixingParameters, type Ordering } from "../../physics/neutrino.js";
import { thresholdEv } from "../../physics/spectrum/kinematics.js";
import { createSpectralModel, type PairChannel } from "../../physics/spectrum/sm.js";
import type { Complex } from "../../physics/spectrum/types.js";
import type { PhysicsModel } from "../../scenario/model.js";

/** The six unordered pairs (i <= j); (j, i) has the same masses and threshold. */
export const UNORDERED_PAIRS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 1],
  [0, 2],
  [1, 1],
  [1, 2],
  [2, 2],
];
const PAIRS = UNORDERED_PAIRS.length;

/** Interpolation nodes per cell. */
const NODES = 10;
/** A hi crossing nearer than this many cell lengths is split off (X^(3/2) S). */
const NEAR = 2;
/** A term's interpolation error allowed at the check points, relative to its bin's scale. */
const CHECK_TOLERANCE = 1e-9;
/** Halvings of a cell before it is evaluated exactly. */
const MAX_DEPTH = 12;
/** Node integrals: 10x below the check tolerance. */
const NODE_QUADRATURE = { relTol: 1e-11 };

const CLOSED = 0;
const PARTIAL = 1;
const OPEN = 2;
const OPEN_NEAR = 3;

/** Everything the tables hold fixed: the scenario's physics at some m0 and its bins. */
export interface PairCellsSetup {
  ordering: Ordering;
  mixing: MixingParameters;
  /** The physics at m0 (only its mass-independent parts and spectrum input are read). */
  physicsAt: (m0: number) => PhysicsModel;
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

interface Cell {
  a: number;
  b: number;
  depth: number;
  /** Per (pair, bin): CLOSED, PARTIAL, OPEN, OPEN_NEAR; undefined until built. */
  kind?: Int8Array | undefined;
  /** [basis][pair][bin][slot][node]: slot 0 the main function, slot 1 S_hi. */
  values?: Float64Array | undefined;
  exact?: boolean | undefined;
}

/** First-kind Chebyshev nodes on [-1, 1] and their barycentric weights. */
const X = Float64Array.from({ length: NODES }, (_, j) =>
  Math.cos(((2 * j + 1) * Math.PI) / (2 * NODES)),
);
const W = Float64Array.from(
  { length: NODES },
  (_, j) => (j % 2 ? -1 : 1) * Math.sin(((2 * j + 1) * Math.PI) / (2 * NODES)),
);

/** The lazily built tables of one scenario's pair bin integrals over m0 in [0, m0Max]. */
export class PairCells {
  readonly bins: number;
  readonly basisCount: number;
  private readonly crossLo: Float64Array;
  private readonly crossHi: Float64Array;
  private cells: Cell[];
  private readonly thresholds = new Float64Array(PAIRS);
  private readonly coefficients = new Float64Array(NODES);
  private readonly eegEv: number;
  /** Cells built so far and the deepest halving (for the bench and tests). */
  readonly stats = { builds: 0, maxDepth: 0 };

  constructor(private readonly setup: PairCellsSetup) {
    this.bins = setup.loEv.length;
    this.basisCount = setup.bases.length;
    this.eegEv = setup.physicsAt(0).atom.eegEv;
    const K = this.bins;
    this.crossLo = new Float64Array(PAIRS * K);
    this.crossHi = new Float64Array(PAIRS * K);
    const points = new Set<number>([0, setup.m0Max]);
    for (let p = 0; p < PAIRS; p++) {
      for (let k = 0; k < K; k++) {
        this.crossLo[p * K + k] = this.crossing(p, setup.loEv[k]);
        this.crossHi[p * K + k] = this.crossing(p, setup.hiEv[k]);
        for (const c of [this.crossLo[p * K + k], this.crossHi[p * K + k]])
          if (c > 0 && c < setup.m0Max) points.add(c);
      }
    }
    const sorted = [...points].sort((x, y) => x - y);
    this.cells = sorted.slice(1).map((b, c) => ({ a: sorted[c], b, depth: 0 }));
  }

  /** Threshold omega_p of each unordered pair at m0 (the physics' own functions). */
  private fillThresholds(m0: number): void {
    const m = massesEv(this.setup.ordering, m0, this.setup.mixing);
    UNORDERED_PAIRS.forEach(([i, j], p) => {
      this.thresholds[p] = thresholdEv(this.eegEv, m[i], m[j]);
    });
  }

  /** The m0 where pair p's threshold reaches omega (it falls as m0 grows); Infinity if none. */
  private crossing(p: number, omegaEv: number): number {
    const [i, j] = UNORDERED_PAIRS[p];
    const omegaAt = (m0: number) => {
      const m = massesEv(this.setup.ordering, m0, this.setup.mixing);
      return thresholdEv(this.eegEv, m[i], m[j]);
    };
    if (omegaAt(0) <= omegaEv) return 0;
    let lo = 0;
    let hi = this.setup.m0Max;
    if (omegaAt(hi) > omegaEv) return Infinity;
    // Bisection to the last double: the crossing is a cell boundary.
    for (let it = 0; it < 200 && hi - lo > 0; it++) {
      const mid = (lo + hi) / 2;
      if (mid === lo || mid === hi) break;
      if (omegaAt(mid) > omegaEv) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  /**
   * The bin integrals at m0 (rate per bin, s^-1, window-averaged, Gamma_0 and eta included), into
   * out[(basis * PAIRS + pair) * bins + bin].
   */
  evaluate(m0: number, out: Float64Array): void {
    if (!(m0 >= 0 && m0 <= this.setup.m0Max))
      throw new RangeError(`lightestMassEv ${m0} outside the tables' [0, ${this.setup.m0Max}]`);
    const cell = this.cellAt(m0);
    if (cell.exact) {
      this.exactTerms(m0, cell.kind!, out);
      return;
    }
    this.interpolate(cell, m0, out);
  }

  private cellAt(m0: number): Cell {
    for (;;) {
      let lo = 0;
      let hi = this.cells.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cells[mid].b < m0) lo = mid + 1;
        else hi = mid;
      }
      const cell = this.cells[lo];
      if (cell.kind) return cell;
      const halves = this.build(cell);
      if (halves) this.cells.splice(lo, 1, ...halves);
    }
  }

  /** The kinds of a cell's (pair, bin) terms, from its midpoint. */
  private kinds(cell: Cell): Int8Array {
    const K = this.bins;
    const kind = new Int8Array(PAIRS * K);
    this.fillThresholds((cell.a + cell.b) / 2);
    const length = cell.b - cell.a;
    for (let p = 0; p < PAIRS; p++) {
      const omega = this.thresholds[p];
      for (let k = 0; k < K; k++) {
        const at = p * K + k;
        if (omega <= this.setup.loEv[k]) kind[at] = CLOSED;
        else if (omega < this.setup.hiEv[k]) kind[at] = PARTIAL;
        else kind[at] = this.crossHi[at] - cell.b < NEAR * length ? OPEN_NEAR : OPEN;
      }
    }
    return kind;
  }

  /**
   * Builds a cell's tables, or returns its two halves when the check fails (or marks it exact
   * past MAX_DEPTH).
   */
  private build(cell: Cell): Cell[] | undefined {
    this.stats.builds++;
    this.stats.maxDepth = Math.max(this.stats.maxDepth, cell.depth);
    const kind = this.kinds(cell);
    if (kind.every((k) => k === CLOSED)) {
      cell.kind = kind;
      cell.values = new Float64Array(0);
      return undefined;
    }
    const K = this.bins;
    const B = this.basisCount;
    const values = new Float64Array(B * PAIRS * K * 2 * NODES);
    const terms = new Float64Array(B * PAIRS * K);
    const tails = new Float64Array(B * PAIRS * K);
    const half = (cell.b - cell.a) / 2;
    const centre = (cell.a + cell.b) / 2;
    for (let n = 0; n < NODES; n++) {
      const m0 = centre + half * X[n];
      this.exactTerms(m0, kind, terms, tails);
      this.eachTerm(m0, kind, (t, which, xLo, xHi) => {
        const base = t * 2 * NODES;
        if (which === PARTIAL) values[base + n] = terms[t] / xLo ** 1.5;
        else if (which === OPEN) values[base + n] = terms[t];
        else {
          values[base + n] = terms[t] + tails[t];
          values[base + NODES + n] = tails[t] / xHi ** 1.5;
        }
      });
    }
    cell.kind = kind;
    cell.values = values;
    if (this.checks(cell)) return undefined;
    if (cell.depth >= MAX_DEPTH) {
      cell.exact = true;
      cell.values = undefined;
      return undefined;
    }
    cell.kind = undefined;
    cell.values = undefined;
    const mid = (cell.a + cell.b) / 2;
    return [
      { a: cell.a, b: mid, depth: cell.depth + 1 },
      { a: mid, b: cell.b, depth: cell.depth + 1 },
    ];
  }

  /** Interpolated against exact at two points off the nodes: every term within tolerance of its bin. */
  private checks(cell: Cell): boolean {
    const K = this.bins;
    const size = this.basisCount * PAIRS * K;
    const exact = new Float64Array(size);
    const interpolated = new Float64Array(size);
    for (const x of [-0.5, 0.5]) {
      const m0 = (cell.a + cell.b) / 2 + ((cell.b - cell.a) / 2) * x;
      this.exactTerms(m0, cell.kind!, exact);
      this.interpolate(cell, m0, interpolated);
      const scale = new Float64Array(K);
      for (let t = 0; t < size; t++) scale[t % K] += Math.abs(exact[t]);
      // A bin whose terms all vanish is held to 1e-12 of the largest bin (rounding at a threshold).
      const floor = 1e-12 * Math.max(...scale);
      for (let k = 0; k < K; k++) scale[k] = Math.max(scale[k], floor);
      for (let t = 0; t < size; t++) {
        if (!(Math.abs(interpolated[t] - exact[t]) <= CHECK_TOLERANCE * scale[t % K])) return false;
      }
    }
    return true;
  }

  private interpolate(cell: Cell, m0: number, out: Float64Array): void {
    const kind = cell.kind!;
    const values = cell.values!;
    out.fill(0);
    if (values.length === 0) return;
    const x = (2 * m0 - cell.a - cell.b) / (cell.b - cell.a);
    const c = this.coefficients;
    let sum = 0;
    let node = -1;
    for (let j = 0; j < NODES; j++) {
      if (x === X[j]) node = j;
      c[j] = W[j] / (x - X[j]);
      sum += c[j];
    }
    for (let j = 0; j < NODES; j++) c[j] = node < 0 ? c[j] / sum : j === node ? 1 : 0;
    const dot = (base: number) => {
      let s = 0;
      for (let j = 0; j < NODES; j++) s += c[j] * values[base + j];
      return s;
    };
    this.eachTerm(m0, kind, (t, which, xLo, xHi) => {
      const base = t * 2 * NODES;
      if (which === PARTIAL) out[t] = Math.max(0, xLo) ** 1.5 * dot(base);
      else if (which === OPEN) out[t] = dot(base);
      else out[t] = dot(base) - Math.max(0, xHi) ** 1.5 * dot(base + NODES);
    });
  }

  /**
   * Visits every (basis, pair, bin) term of a cell that is not closed at m0, with its index, its
   * kind and the threshold's distances above the bin's edges, X_lo and X_hi.
   */
  private eachTerm(
    m0: number,
    kind: Int8Array,
    visit: (term: number, which: number, xLo: number, xHi: number) => void,
  ): void {
    const K = this.bins;
    this.fillThresholds(m0);
    for (let b = 0; b < this.basisCount; b++) {
      for (let p = 0; p < PAIRS; p++) {
        const omega = this.thresholds[p];
        for (let k = 0; k < K; k++) {
          const which = kind[p * K + k];
          if (which !== CLOSED)
            visit(
              (b * PAIRS + p) * K + k,
              which,
              omega - this.setup.loEv[k],
              omega - this.setup.hiEv[k],
            );
        }
      }
    }
  }

  /**
   * The exact bin integral of every (basis, pair, bin) term that is not closed, and for OPEN_NEAR
   * terms the integral from hi to the threshold with the bin's weight (into `tails`).
   */
  private exactTerms(m0: number, kind: Int8Array, out: Float64Array, tails?: Float64Array): void {
    const K = this.bins;
    const physics = this.setup.physicsAt(m0);
    const eta = this.setup.eta;
    const etaAt = () => eta;
    out.fill(0);
    tails?.fill(0);
    this.setup.bases.forEach((coefficient, b) => {
      const matrix = [0, 1, 2].map(() => [coefficient, coefficient, coefficient]);
      const spectrum = createSpectralModel({ ...physics.spectrum.input, coefficients: matrix });
      const model: PhysicsModel = { ...physics, spectrum };
      UNORDERED_PAIRS.forEach(([i, j], p) => {
        const pair: PairChannel = spectrum.pairs[3 * i + j];
        for (let k = 0; k < K; k++) {
          const which = kind[p * K + k];
          if (which === CLOSED) continue;
          const t = (b * PAIRS + p) * K + k;
          const window = this.setup.windows[k];
          out[t] = pairWindowRate(model, etaAt, [], pair, window, NODE_QUADRATURE);
          if (which === OPEN_NEAR && tails) {
            const beyond = { ...window, fromEv: window.toEv, toEv: Infinity };
            tails[t] = pairWindowRate(model, etaAt, [], pair, beyond, NODE_QUADRATURE);
          }
        }
      });
    });
  }
}
