/** Piecewise-linear interpolation on strictly increasing nodes. */

export type Outside = "clamp" | "zero";

/** f(x) by linear interpolation; outside the nodes either the end value ("clamp") or 0 ("zero"). */
export function linearInterpolator(
  nodes: readonly number[],
  values: readonly number[],
  outside: Outside,
): (x: number) => number {
  const last = nodes.length - 1;
  return (x: number): number => {
    if (x <= nodes[0]) return outside === "clamp" || x === nodes[0] ? values[0] : 0;
    if (x >= nodes[last]) return outside === "clamp" || x === nodes[last] ? values[last] : 0;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (nodes[mid] <= x) lo = mid;
      else hi = mid;
    }
    const f = (x - nodes[lo]) / (nodes[hi] - nodes[lo]);
    return values[lo] + f * (values[hi] - values[lo]);
  };
}

/** A constant or a table {omegaEv, value} as a function of omega (tables clamp at their ends). */
export function numberOrTable(spec: number | { omegaEv: number[]; value: number[] }): {
  at: (omegaEv: number) => number;
  nodesEv: readonly number[];
} {
  if (typeof spec === "number") return { at: () => spec, nodesEv: [] };
  return { at: linearInterpolator(spec.omegaEv, spec.value, "clamp"), nodesEv: spec.omegaEv };
}
