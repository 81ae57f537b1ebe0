/**
 * What `renp validate` tells a user beside the resolved scenario: the conventions of the physics
 * fields the scenario uses (src/scenario/conventions.ts) and which oscillation analysis a preset is.
 */
import type { ResolvedScenario } from "./load.js";
import { CONVENTIONS } from "./conventions.js";
import type { Bsm } from "./bsm.js";
import { MIXING_PRESET_LABELS } from "../physics/neutrino.js";

export function scenarioNotes(s: ResolvedScenario): string[] {
  const notes: string[] = [];
  const name = s.neutrino.mixing.name;
  if (name && MIXING_PRESET_LABELS[name])
    notes.push(`neutrino.mixing "${name}": ${MIXING_PRESET_LABELS[name]}`);
  if (s.experiment.spinProjection === "transverse")
    notes.push(
      'experiment.spinProjection "transverse": the J = 0 -> 1 -> 0 amplitude eps^*.j with eps transverse to the trigger axis: the SM keeps only its transverse part (a few per cent of the isotropic rate near the end point), the scalar mediator drops out, the electromagnetic terms grow by 3/2 (docs/physics/standard-model.md section 2.4)',
    );
  if (s.target.transition === "E1xE1")
    notes.push(
      `target.transition "E1xE1": the pair couples to the electron's vector current through |<p|r|e>| = ${s.target.dipoleEpBohr} a_0 (singlet levels; velocity form of the current, one intermediate level); the axial Z' and the pseudo-scalar mediator do not couple, the charge radius and anapole shift the vector coupling, the dipole moments interfere with it (docs/physics/e1e1.md)`,
    );
  notes.push(...conventionNotes(s.bsm));
  return notes;
}

/** Which conventions a scenario's `bsm` object touches, each as one note. */
function conventionNotes(bsm: Bsm): string[] {
  const notes: string[] = [];
  const em = bsm.electromagnetic;
  if (em?.magneticMomentMuB !== undefined || em?.electricDipoleMuB !== undefined)
    notes.push(`bsm.electromagnetic magneticMomentMuB / electricDipoleMuB: ${CONVENTIONS.dipole}`);
  if (em?.chargeRadiusCm2 !== undefined || em?.anapoleCm2 !== undefined)
    notes.push(`bsm.electromagnetic chargeRadiusCm2 / anapoleCm2: ${CONVENTIONS.radiusAnapole}`);
  if (bsm.scalarMediator !== undefined) notes.push(`bsm.scalarMediator: ${CONVENTIONS.scalar}`);
  return notes;
}
