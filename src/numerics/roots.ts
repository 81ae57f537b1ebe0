/**
 * Root finding on a bracket: the Illinois variant of regula falsi (M. Dowell, P. Jarratt, BIT 11
 * (1971) 168). Each step takes the secant point of the bracket; when the same end moves twice in
 * a row, the function value kept at the other end is halved, which restores superlinear
 * convergence where plain regula falsi stalls on one side.
 */

/** A bracket of a root: f(a) < 0 <= f(b); a and b in either order. */
export interface Bracket {
  a: number;
  fa: number;
  b: number;
  fb: number;
}

export interface IllinoisOptions {
  /** Stop when the bracket is at most this wide. */
  xTolerance: number;
  /** Stop at a point where |f| is below this. */
  yTolerance: number;
  /** At most this many evaluations (default: no limit but the tolerances). */
  maxIterations?: number | undefined;
  /**
   * Keep each new point at least this fraction of the bracket's width away from its ends
   * (default 0): a bisection-like guard when f is far from linear near an end.
   */
  margin?: number | undefined;
  /** What to return when the bracket is narrow enough: its secant point (default) or midpoint. */
  finish?: "secant" | "midpoint" | undefined;
}

/** The secant point of a bracket, or its midpoint where an end's value is not finite. */
function nextPoint(r: Bracket, margin: number): number {
  const secant = Number.isFinite(r.fa) && Number.isFinite(r.fb) && r.fb > r.fa;
  const x = secant ? r.a - (r.fa * (r.b - r.a)) / (r.fb - r.fa) : 0.5 * (r.a + r.b);
  const lo = Math.min(r.a, r.b);
  const hi = Math.max(r.a, r.b);
  const guard = margin * (hi - lo);
  return Math.min(Math.max(x, lo + guard), hi - guard);
}

/**
 * A root of f inside `bracket` (f(a) < 0 <= f(b)): a point where |f| < yTolerance, or the
 * secant point (or midpoint) of a bracket at most xTolerance wide.
 */
export function illinois(
  f: (x: number) => number,
  bracket: Bracket,
  options: IllinoisOptions,
): number {
  const r = { ...bracket };
  const margin = options.margin ?? 0;
  const maxIterations = options.maxIterations ?? Infinity;
  let side = 0; // +1: b moved last, -1: a moved last
  for (let i = 0; i < maxIterations && Math.abs(r.b - r.a) > options.xTolerance; i++) {
    const x = nextPoint(r, margin);
    const y = f(x);
    if (Math.abs(y) < options.yTolerance) return x;
    if (y >= 0) {
      r.b = x;
      r.fb = y;
      if (side === 1) r.fa /= 2;
      side = 1;
    } else {
      r.a = x;
      r.fa = y;
      if (side === -1) r.fb /= 2;
      side = -1;
    }
  }
  return options.finish === "midpoint" ? 0.5 * (r.a + r.b) : nextPoint(r, 0);
}
