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
  if (s.experiment.spinProjection === "transverse") {
    notes.push(
      'experiment.spinProjection "transverse" (the default): the coherent amplitude eps^*.j of the collinear macro-coherent experiment, eps the trigger polarisation transverse to the axis: the pair carries helicity +-1 about the axis, so only the transverse part of the pair tensor enters; Gamma_0 is the coherent one (docs/physics/standard-model.md sections 2.4 and 3.1); the electromagnetic terms grow by 3/2 against the isotropic form',
    );
    if (s.target.name === "Xe")
      notes.push(
        'target "Xe" with spinProjection "transverse": the coherent Gamma_0 factor C_ep (instead of (2 J_p + 1) C_ep) is exact for J_e = 0; Xe\'s e level has J_e = 2, where it is 0 to 3 times that (1/2 to 3 for a linear trigger), depending on the prepared m_e and the trigger polarisation (docs/physics/standard-model.md section 3.1)',
      );
    if (s.bsm.scalarMediator !== undefined)
      notes.push(
        'bsm.scalarMediator has no effect with spinProjection "transverse": the pseudo-scalar electron density gives a spin amplitude along the trigger axis, which the transverse photon polarisation cannot pick up (docs/physics/scalar-mediator.md, docs/physics/standard-model.md section 2.4); name "isotropic" to reproduce Ge & Pasquini',
      );
  } else
    notes.push(
      'experiment.spinProjection "isotropic": the literature form (Dinh et al. 2013 I_ij, used by Ge & Pasquini): for reproducing published numbers; overstates the SM near the end point 30-2000x (pair function alone; 3x more with the coherent Gamma_0) and hides the Dirac/Majorana threshold difference (docs/physics/standard-model.md section 2.4)',
    );
  if (s.target.transition === "E1xE1")
    notes.push(
      `target.transition "E1xE1": the pair couples to the electron's vector current through |<p|r|e>| = ${s.target.dipoleEpBohr} a_0 (singlet levels; one intermediate level, both time orderings, gauge invariant), with g_V ${s.target.electronVectorCoupling === "pdg-effective" ? '"pdg-effective" (-0.0396, radiatively corrected)' : '"tree" (-0.0227; "pdg-effective" is the radiatively corrected choice)'}; the axial Z' and the pseudo-scalar mediator do not couple, the charge radius and anapole shift the vector coupling, the dipole moments interfere with it (docs/physics/e1e1.md)`,
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
