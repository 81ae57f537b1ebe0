/**
 * The fast path's geometry in the lightest mass m0 (pairCells.ts module comment): the six pairs'
 * thresholds and their derivatives in m0, the m0 where a threshold crosses a bin edge, and the
 * initial cells of a (pair, bin) term laid out from its two crossings.
 */
import { massesEv, type MixingParameters, type Ordering } from "../../physics/neutrino.js";
import { thresholdEv } from "../../physics/spectrum/kinematics.js";
import { Cell, CLOSED, OPEN, OPEN_NEAR, PARTIAL } from "./cell.js";

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

/** The pairs' thresholds as functions of m0 for one ordering and mixing. */
export class PairThresholds {
  private readonly dA = new Float64Array(PAIRS);
  private readonly dB = new Float64Array(PAIRS);
  private readonly dC = new Float64Array(PAIRS);

  constructor(
    private readonly setup: { ordering: Ordering; mixing: MixingParameters; m0Max: number },
    private readonly eegEv: number,
  ) {}

  /** The thresholds of the six pairs at m0 (the physics' own functions). */
  thresholds(m0: number, out: Float64Array): void {
    const m = massesEv(this.setup.ordering, m0, this.setup.mixing);
    UNORDERED_PAIRS.forEach(([i, j], p) => (out[p] = thresholdEv(this.eegEv, m[i], m[j])));
  }

  /** The m0 where pair p's threshold reaches omega; 0 if below at m0 = 0, Infinity if never. */
  crossing(p: number, omegaEv: number): number {
    const scratch = new Float64Array(PAIRS);
    const at = (m0: number) => {
      this.thresholds(m0, scratch);
      return scratch[p];
    };
    if (at(0) <= omegaEv) return 0;
    let lo = 0;
    let hi = this.setup.m0Max;
    if (at(hi) > omegaEv) return Infinity;
    // Bisection to the last double: the crossing is a cell boundary.
    for (;;) {
      const mid = (lo + hi) / 2;
      if (mid === lo || mid === hi) return hi;
      if (at(mid) > omegaEv) lo = mid;
      else hi = mid;
    }
  }

  /** A term's cells over [0, m0Max] from its crossings (pairCells.ts module comment). */
  initialCells(mHi: number, mLo: number): Cell[] {
    const top = this.setup.m0Max;
    const cells: Cell[] = [];
    const add = (a: number, b: number, kind: number) => {
      if (b > a) cells.push(new Cell(a, b, kind, 0));
    };
    if (mHi === Infinity) {
      add(0, top, OPEN);
      return cells;
    }
    const span = Math.min(mLo, top) - mHi;
    if (mHi > 0) {
      const near = Math.max(0, mHi - span);
      const graded: number[] = [];
      for (let j = 0, at = near; at > 0; j++) {
        const next = Math.max(0, mHi - span * 2 ** (j + 1));
        graded.unshift(next);
        at = next;
      }
      graded.forEach((a, g) => add(a, g + 1 < graded.length ? graded[g + 1] : near, OPEN));
      add(near, mHi, OPEN_NEAR);
    }
    add(mHi, Math.min(mLo, top), PARTIAL);
    add(Math.min(mLo, top), top, CLOSED);
    return cells;
  }

  /**
   * d omega / d m0 and d^2 omega / d m0^2 of each pair by differences of the physics' threshold
   * (steps 1e-5 eV + 1e-3 m0: relative errors ~1e-6 from truncation and rounding alike; forward
   * differences within a step of m0 = 0).
   */
  derivatives(m0: number, omega: Float64Array, dOmega: Float64Array, d2Omega: Float64Array): void {
    const h = 1e-5 + 1e-3 * m0;
    const [a, b, c] = [this.dA, this.dB, this.dC];
    if (m0 >= h) {
      this.thresholds(m0 - h, a);
      this.thresholds(m0 + h, c);
      for (let p = 0; p < PAIRS; p++) {
        dOmega[p] = (c[p] - a[p]) / (2 * h);
        d2Omega[p] = (c[p] - 2 * omega[p] + a[p]) / (h * h);
      }
      return;
    }
    this.thresholds(m0 + h, b);
    this.thresholds(m0 + 2 * h, c);
    for (let p = 0; p < PAIRS; p++) {
      dOmega[p] = (-3 * omega[p] + 4 * b[p] - c[p]) / (2 * h);
      d2Omega[p] = (omega[p] - 2 * b[p] + c[p]) / (h * h);
    }
  }
}
