/**
 * Surprises that are not errors: a scenario that validates but will not show what it was
 * probably meant to. The library returns them; the command line prints them on stderr.
 */
import { maxOf, minOf } from "../numerics/extent.js";
import { GAUSS_CUT_SIGMAS } from "../experiment/linewidth.js";
import { scanPlan } from "../experiment/scan.js";
import type { ResolvedScenario } from "./load.js";
import { physicsModel } from "./model.js";

/** Whole sections a default fills, and what that default means. */
const DEFAULTED_SECTIONS: Record<string, string> = {
  detector: "efficiency 1 (every photon detected)",
};

const ev = (v: number) => Number(v.toPrecision(7));

/**
 * Warnings for a resolved scenario; `input` is the scenario as written (before defaults), when
 * known, to tell which sections a default filled.
 */
export function scenarioWarnings(scenario: ResolvedScenario, input?: unknown): string[] {
  const out: string[] = [];
  if (input !== null && typeof input === "object" && !Array.isArray(input)) {
    for (const [section, meaning] of Object.entries(DEFAULTED_SECTIONS))
      if (!(section in input)) out.push(`no "${section}" section: the default applies, ${meaning}`);
  }
  const plan = scanPlan(scenario.experiment);
  const reachEv = GAUSS_CUT_SIGMAS * plan.laserLinewidthEv;
  const loEv = minOf(plan.loEv) - reachEv;
  const hiEv = maxOf(plan.hiEv) + reachEv;
  const thresholds = physicsModel(scenario).spectrum.thresholdsEv;
  const highest = Math.max(...thresholds);
  const lowest = Math.min(...thresholds);
  const scanned = `the scan [${ev(loEv)}, ${ev(hiEv)}] eV`;
  const masses = `neutrino.lightestMassEv = ${scenario.neutrino.lightestMassEv} eV`;
  if (loEv >= highest) {
    // Every pair is closed above its threshold: nothing is emitted anywhere in the scan.
    out.push(
      `no signal: ${scanned} lies above every pair threshold (the highest, omega_11, is ${ev(highest)} eV), so the signal is zero in every bin; check ${masses} (eV, not meV) and the scan`,
    );
  } else if (!thresholds.some((t) => t >= loEv && t <= hiEv)) {
    out.push(
      `${scanned} holds none of the pair thresholds (${ev(lowest)} .. ${ev(highest)} eV): the spectrum shows no threshold; check ${masses} and the scan`,
    );
  }
  return out;
}
