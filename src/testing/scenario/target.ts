/** Targets (preset or custom atoms) and neutrino sectors for arbScenario. */
import fc from "fast-check";
import { TARGET_PRESETS } from "../../physics/atoms.js";
import { MIXING_PRESETS } from "../../physics/neutrino.js";
import {
  choice,
  compact,
  decades,
  firstFirst,
  near,
  optional,
  type Json,
  type Obj,
} from "./draw.js";

/** Preset targets (Yb, Xe, ...) or custom target objects. */
export type TargetChoice = "preset" | "custom";

/** The reference scenario's target. */
export const YB = TARGET_PRESETS.Yb;

/** A target: a preset name or a custom target object, from the kinds chosen. */
export function targetArb(choices: readonly TargetChoice[]): fc.Arbitrary<Json> {
  const presets = choice(
    Object.keys(TARGET_PRESETS).sort((a, b) => (a === "Yb" ? -1 : b === "Yb" ? 1 : 0)),
  );
  const custom = fc
    .record({
      eegEv: decades(YB.eegEv, 0.3, 0.6),
      gapFraction: decades(YB.epgEv / YB.eegEv - 1, 1, 0.8),
      gammaPgPerS: decades(YB.gammaPgPerS, 1, 3),
      jP: choice([1, 0, 0.5, 1.5, 2]),
      cEp: decades(YB.cEp, 0.5, 0.5),
      spinFactorXi: optional(decades(1, 0.5, 0.5)),
      // E1 x M1 (the default, like Yb and Xe) or E1 x E1 with its dipole matrix element.
      transition: optional(choice(["E1xM1", "E1xE1"] as const)),
      dipoleEpBohr: decades(1, 0.5, 0.5),
    })
    .map(({ gapFraction, dipoleEpBohr, ...t }) =>
      compact({
        name: "custom",
        ...t,
        epgEv: t.eegEv * (1 + gapFraction),
        dipoleEpBohr: t.transition === "E1xE1" ? dipoleEpBohr : undefined,
      }),
    );
  const arbs: fc.Arbitrary<Json>[] = [];
  if (choices.includes("preset")) arbs.push(presets);
  if (choices.includes("custom")) arbs.push(custom);
  if (arbs.length === 0) throw new RangeError("arbScenario: options.targets is empty");
  return firstFirst(...arbs);
}

/** E_eg of a drawn target, eV. */
export function eegOf(target: Json): number {
  return typeof target === "string"
    ? TARGET_PRESETS[target].eegEv
    : ((target as Obj).eegEv as number);
}

/** The neutrino sector: nature, ordering, masses and mixing. */
export const neutrinoArb = fc
  .record({
    nature: choice(["majorana", "dirac"] as const),
    ordering: choice(["normal", "inverted"] as const),
    lightestMassEv: firstFirst(decades(0.01, 3, 1.3), fc.constant(0)),
    preset: choice(Object.keys(MIXING_PRESETS)),
    custom: optional(
      fc.record({
        theta12Deg: near(33.68, 0, 90),
        theta13Deg: near(8.56, 0, 90),
        theta23Deg: near(43.3, 0, 90),
        deltaDeg: near(212, 0, 360),
        dm21Ev2: decades(7.49e-5, 0.3, 0.3),
        dm3lEv2Magnitude: decades(2.513e-3, 0.3, 0.3),
      }),
    ),
    majoranaPhasesDeg: fc.record({ alpha21: near(0, 0, 360), alpha31: near(0, 0, 360) }),
  })
  .map(({ preset, custom, ...n }): Obj => {
    let mixing: Json = preset;
    if (custom) {
      const { dm3lEv2Magnitude, ...angles } = custom;
      mixing = {
        ...angles,
        dm3lEv2: n.ordering === "normal" ? dm3lEv2Magnitude : -dm3lEv2Magnitude,
      };
    }
    return { ...n, mixing };
  });
