/**
 * Paired superradiance, e -> g + 2 gamma (docs/physics/experiment.md). Macro-coherent momentum conservation
 * puts it at omega = E_eg/2 exactly; it reaches the RENP region only through its line shape.
 * rate(omega) = peak * profile(omega), profile(centre) = 1:
 *   Lorentzian 1/(1 + (2 (omega - c)/FWHM)^2), Gaussian exp(-4 ln2 (omega - c)^2 / FWHM^2).
 */
import type { BackgroundContext, BackgroundModel } from "./types.js";

export interface PsrSpec {
  name: string;
  peakRatePerS: number;
  fwhmEv: number;
  profile: "lorentzian" | "gaussian";
  centerEv?: number | undefined;
  applyEfficiency: boolean;
}

export function psrBackground(spec: PsrSpec, ctx: BackgroundContext): BackgroundModel {
  const centerEv = spec.centerEv ?? ctx.atom.eegEv / 2;
  const halfWidthEv = spec.fwhmEv / 2;
  const shape =
    spec.profile === "lorentzian"
      ? (w: number) => 1 / (1 + ((w - centerEv) / halfWidthEv) ** 2)
      : (w: number) => Math.exp(-4 * Math.LN2 * ((w - centerEv) / spec.fwhmEv) ** 2);
  // The peak and its half-maximum points, plus a few widths out, guide the adaptive integrator.
  const breakpointsEv = [0, 0.5, 1, 3, 10, 30].flatMap((k) => [
    centerEv - k * spec.fwhmEv,
    centerEv + k * spec.fwhmEv,
  ]);
  return {
    name: spec.name,
    applyEfficiency: spec.applyEfficiency,
    ratePerS: (w) => spec.peakRatePerS * shape(w),
    supportEv: [0, Infinity],
    breakpointsEv,
  };
}
