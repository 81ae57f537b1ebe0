/**
 * The window through which a scan bin sees a rate: <R>_k = integral R(w) W_k(w) dw
 * (docs/physics/experiment.md).
 * - bin, ideal laser: W = 1/(hi - lo) on [lo, hi] (bin average);
 * - bin, Gaussian laser line of sd sigma: W(w) = [Phi((hi - w)/sigma) - Phi((lo - w)/sigma)]/(hi - lo),
 *   the bin average of the rate convolved with the line;
 * - point, Gaussian line: W = the normal density N(w; omega_k, sigma);
 * - point, ideal laser: the rate at omega_k itself (no integral).
 */
import erfc from "@stdlib/math-base-special-erfc";

/** The Gaussian window is cut at this many sigma: the mass beyond is erfc(9/sqrt2) ~ 2e-19. */
export const GAUSS_CUT_SIGMAS = 9;

export type Window =
  | { kind: "point"; omegaEv: number }
  | {
      kind: "integral";
      fromEv: number;
      toEv: number;
      /** The window's weight, eV^-1. */
      weight: (omegaEv: number) => number;
      /** Where the weight is not smooth to rounding (bin edges: normalMass switches formula there). */
      breakpointsEv: readonly number[];
    };

/** Phi(hi) - Phi(lo) for the standard normal, written with erfc on the side that avoids cancellation. */
function normalMass(zLo: number, zHi: number): number {
  if (zLo >= 0) return 0.5 * (erfc(zLo / Math.SQRT2) - erfc(zHi / Math.SQRT2));
  if (zHi <= 0) return 0.5 * (erfc(-zHi / Math.SQRT2) - erfc(-zLo / Math.SQRT2));
  return 1 - 0.5 * (erfc(-zLo / Math.SQRT2) + erfc(zHi / Math.SQRT2));
}

export function scanWindow(
  mode: "bins" | "points",
  loEv: number,
  hiEv: number,
  linewidthEv: number,
): Window {
  const sigma = linewidthEv;
  if (mode === "points") {
    if (sigma === 0) return { kind: "point", omegaEv: loEv };
    const norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
    return {
      kind: "integral",
      fromEv: loEv - GAUSS_CUT_SIGMAS * sigma,
      toEv: loEv + GAUSS_CUT_SIGMAS * sigma,
      weight: (w) => norm * Math.exp(-0.5 * ((w - loEv) / sigma) ** 2),
      breakpointsEv: [loEv],
    };
  }
  const width = hiEv - loEv;
  if (sigma === 0)
    return {
      kind: "integral",
      fromEv: loEv,
      toEv: hiEv,
      weight: () => 1 / width,
      breakpointsEv: [],
    };
  return {
    kind: "integral",
    fromEv: loEv - GAUSS_CUT_SIGMAS * sigma,
    toEv: hiEv + GAUSS_CUT_SIGMAS * sigma,
    weight: (w) => normalMass((loEv - w) / sigma, (hiEv - w) / sigma) / width,
    breakpointsEv: [loEv, hiEv],
  };
}
