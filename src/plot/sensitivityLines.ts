/**
 * The figure of `renp sensitivity` lines (one JSON object per exposure scale or mediator mass,
 * as `--json` prints and `--out x.jsonl` writes): the significance against the exposure for the
 * discrete tests, the expected limits for the BSM families (plot/sensitivity.ts draws them).
 */
import type { TopLevelSpec } from "vega-lite";
import { logGrid } from "../numerics/grid.js";
import { limitSpec, significanceSpec, type SignificancePoint } from "./sensitivity.js";

/** One sensitivity line as read back from JSON: the fields the figures use. */
export type SensitivityRecord = Record<string, unknown> & { test: string; exposureScale: number };

const num = (v: unknown): number => (typeof v === "number" ? v : NaN);

/**
 * Z(days) = sqrt(Delta chi2 x days / days_0) through the first line, from a third of the 3 sigma
 * exposure to three times the 5 sigma one, when nothing constrained floats (exact then:
 * docs/statistics.md "Exposure"); empty otherwise.
 */
export function linearCurve(
  lines: readonly SensitivityRecord[],
): { exposureDays: number; z: number }[] {
  const first = lines[0];
  if (!first || first.constrained === true) return [];
  const d0 = num(first.exposureDays);
  const chi2 = num(first.deltaChi2);
  if (!(chi2 > 0) || !(d0 > 0)) return [];
  const days = lines.map((l) => num(l.exposureDays));
  const from = Math.min(...days, (9 / chi2) * d0) / 3;
  const to = Math.max(...days, (25 / chi2) * d0) * 3;
  return logGrid(from, to, 41).map((d) => ({ exposureDays: d, z: Math.sqrt((chi2 * d) / d0) }));
}

/** The significance points of discrete-test lines, the toys' q quantiles as sqrt(q). */
export function significancePoints(lines: readonly SensitivityRecord[]): SignificancePoint[] {
  const root = (q: number) => Math.sqrt(Math.max(q, 0));
  return lines.map((l) => {
    const toys = l.toys as
      | { n?: number; median: number; band68: [number, number]; band95?: [number, number] }
      | undefined;
    return {
      exposureDays: num(l.exposureDays),
      z: num(l.z),
      toys: toys && {
        median: root(toys.median),
        lo68: root(toys.band68[0]),
        hi68: root(toys.band68[1]),
        ...(toys.band95 ? { lo95: root(toys.band95[0]), hi95: root(toys.band95[1]) } : {}),
        ...(toys.n !== undefined ? { n: toys.n } : {}),
      },
    };
  });
}

/** The figure of one test's lines: significance (discrete tests) or expected limits (bsm). */
export function sensitivityLinesSpec(
  lines: readonly SensitivityRecord[],
  title: string,
): TopLevelSpec {
  if (!lines[0]?.test.startsWith("bsm:"))
    return significanceSpec(title, significancePoints(lines), linearCurve(lines));
  const coupling = typeof lines[0].coupling === "string" ? lines[0].coupling : "the coupling";
  return limitSpec(
    title,
    coupling,
    lines.map((l) => ({
      exposureScale: l.exposureScale,
      exposureDays: num(l.exposureDays),
      massEv: typeof l.massEv === "number" ? l.massEv : undefined,
      limit90: num(l.limit90),
      limit95: num(l.limit95),
      // A width is assumed only for a mediator whose pole lies in the scan (inference/sensitivity.ts).
      resonance: l.resonance === true || typeof l.widthEv === "number",
      widthEv: typeof l.widthEv === "number" ? l.widthEv : undefined,
    })),
  );
}
