/**
 * The hypotheses a test compares a scenario with (fit.ts `testAlternative`): the same scenario
 * under the other mass ordering or the other neutrino nature.
 */
import { MIXING_PRESETS } from "../physics/neutrino.js";
import type { ResolvedScenario } from "../scenario/load.js";
import type { Alternative } from "./model.js";

/**
 * The scenario under the other mass ordering (with the mixing preset of that ordering; a
 * hand-written mixing flips the sign of dm3l) or the other neutrino nature.
 */
export function alternativeScenario(
  scenario: ResolvedScenario,
  alternative: Alternative,
): ResolvedScenario {
  const nu = scenario.neutrino;
  if (alternative === "nature")
    return {
      ...scenario,
      neutrino: { ...nu, nature: nu.nature === "majorana" ? "dirac" : "majorana" },
    };
  const ordering = nu.ordering === "normal" ? "inverted" : "normal";
  // A preset's other ordering has its own global-fit values; a hand-written mixing flips the sign
  // of dm3l (Delta m^2_31 -> Delta m^2_32 of equal size).
  const preset = nu.mixing.name === undefined ? undefined : MIXING_PRESETS[nu.mixing.name];
  const mixing = preset
    ? { name: nu.mixing.name, ...preset[ordering] }
    : { ...nu.mixing, dm3lEv2: -nu.mixing.dm3lEv2 };
  return { ...scenario, neutrino: { ...nu, ordering, mixing } };
}
