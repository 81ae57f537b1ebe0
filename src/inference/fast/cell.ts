/**
 * The cells of the fast path's tables (pairCells.ts): one interval of the lightest mass per
 * (pair, bin) term, its kind and its Chebyshev tables.
 */

/** A cell's kind (pairCells.ts module comment): the term is 0 there. */
export const CLOSED = 0;
/** The threshold inside the bin: P = X_lo^(3/2) S, S interpolated. */
export const PARTIAL = 1;
/** The threshold above the bin: P interpolated. */
export const OPEN = 2;
/** Just above the bin: P = B - X_hi^(3/2) S_hi, B and S_hi interpolated. */
export const OPEN_NEAR = 3;

/** A built cell as plain data (pairCells.ts `buildShare`, `importCells`). */
export interface CellData {
  a: number;
  b: number;
  kind: number;
  depth: number;
  adaptive: boolean;
  exact: boolean;
  values: Float64Array | undefined;
}

/** One cell of a term: [a, b] in m0, its kind and tables (a class: one shape for V8's caches). */
export class Cell {
  /**
   * [basis][slot][order][k]: Chebyshev coefficients (in x on [-1, 1]) of slot 0 the main function,
   * slot 1 S_hi, and of their first and second derivatives; undefined until built.
   */
  values: Float64Array | undefined = undefined;
  /** Node integrals adaptive (after a failed check) rather than one rule. */
  adaptive: boolean;
  exact = false;
  /**
   * An OPEN cell's main series and its two derivatives combined over the bases with the weights
   * of `weightsVersion` ([order][k]): a fit with fixed phases evaluates one series, not one a basis.
   */
  combined: Float64Array | undefined = undefined;
  weightsVersion = -1;
  constructor(
    readonly a: number,
    readonly b: number,
    readonly kind: number,
    readonly depth: number,
    adaptive = false,
  ) {
    this.adaptive = adaptive;
  }

  /** The cell as plain data. */
  data(): CellData {
    const { a, b, kind, depth, adaptive, exact, values } = this;
    return { a, b, kind, depth, adaptive, exact, values };
  }

  /** A cell from `data()` (of any thread). */
  static from(d: CellData): Cell {
    const cell = new Cell(d.a, d.b, d.kind, d.depth, d.adaptive);
    cell.exact = d.exact;
    cell.values = d.values;
    return cell;
  }
}

/** One (pair, bin) term's cells, ascending in m0. */
export class TermCells {
  /** The cell of the last lookup: a fit moves m0 little between evaluations. */
  last = 0;
  constructor(
    readonly pair: number,
    readonly bin: number,
    readonly cells: Cell[],
  ) {}
}
