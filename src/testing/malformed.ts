/**
 * arbMalformedScenario: invalid scenarios, each with the field path its error message must name
 * (docs/testing.md). Built on the reference scenario (generators/yb-majorana-normal.json): one of
 * the named malformations below, a wrong-typed value at a leaf, an unknown key, a top-level value
 * that is not an object, or text that is not JSON.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GENERATORS_DIR } from "../paths.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

/** An invalid scenario and the path ("experiment.scan.bins", "backgrounds[0].kind") its error names. */
export interface MalformedScenario {
  /**
   * A JSON value (write it with JSON.stringify), or, when a string, the text of a scenario file
   * that is not valid JSON (write it as it is: malformedScenarioText does both).
   */
  scenario: unknown;
  /**
   * What the error message must contain: the field path, "(scenario)" for a document that is not
   * an object, "not valid JSON" for text that is not JSON.
   */
  path: string;
  /** What is wrong, in words. */
  what: string;
  /** Which kind of malformation (see arbMalformedScenario). */
  kind: MalformationKind;
}

export type MalformationKind = "named" | "wrongType" | "unknownKey" | "notAnObject" | "notJson";

/** The text of the scenario file: the string itself, or the JSON value serialized. */
export const malformedScenarioText = (m: MalformedScenario): string =>
  typeof m.scenario === "string" ? m.scenario : JSON.stringify(m.scenario, null, 2);

/** The path renp names for the scenario as a whole (a document that is not an object). */
export const WHOLE_SCENARIO_PATH = "(scenario)";
/** What renp's error says of file text that is not JSON (followed by the line and column). */
export const NOT_JSON = "not valid JSON";

/** The reference scenario's JSON (a fresh copy each call). */
export function referenceScenarioJson(): Obj {
  return JSON.parse(readFileSync(join(GENERATORS_DIR, "yb-majorana-normal.json"), "utf8")) as Obj;
}

/** The object at a dotted path of `s` (which must exist). */
function at(s: Obj, path: string): Obj {
  let node: Obj = s;
  for (const key of path.split(".")) node = node[key] as Obj;
  return node;
}

const hermitianZero = (): number[][] => [
  [0, 0, 0],
  [0, 0, 0],
  [0, 0, 0],
];
const diagonal = (x: number): number[][] => [
  [x, 0, 0],
  [0, 0, 0],
  [0, 0, 0],
];

export interface Malformation {
  what: string;
  /** The dotted path the error message must name. */
  path: string;
  /** Breaks a copy of the reference scenario in place. */
  mutate: (s: Obj) => void;
}

/** Malformations of the reference scenario, each with the path its error must name. */
export const MALFORMATIONS: readonly Malformation[] = [
  { what: "unknown top-level key", path: "colour", mutate: (s) => void (s.colour = "blue") },
  {
    what: "unknown nested key",
    path: "experiment.scan.binz",
    mutate: (s) => void (at(s, "experiment.scan").binz = 3),
  },
  { what: "missing neutrino", path: "neutrino", mutate: (s) => void delete s.neutrino },
  {
    what: "missing nature",
    path: "neutrino.nature",
    mutate: (s) => void delete at(s, "neutrino").nature,
  },
  {
    what: "wrong nature",
    path: "neutrino.nature",
    mutate: (s) => void (at(s, "neutrino").nature = "weyl"),
  },
  {
    what: "negative lightest mass",
    path: "neutrino.lightestMassEv",
    mutate: (s) => void (at(s, "neutrino").lightestMassEv = -0.01),
  },
  {
    what: "string mass",
    path: "neutrino.lightestMassEv",
    mutate: (s) => void (at(s, "neutrino").lightestMassEv = "0.01"),
  },
  {
    what: "negative exposure",
    path: "experiment.scan.exposurePerBinS",
    mutate: (s) => void (at(s, "experiment.scan").exposurePerBinS = -1),
  },
  {
    what: "zero density",
    path: "experiment.numberDensityPerCm3",
    mutate: (s) => void (at(s, "experiment").numberDensityPerCm3 = 0),
  },
  {
    what: "negative volume",
    path: "experiment.volumeCm3",
    mutate: (s) => void (at(s, "experiment").volumeCm3 = -100),
  },
  {
    what: "efficiency above 1",
    path: "detector.efficiency",
    mutate: (s) => void (at(s, "detector").efficiency = 1.2),
  },
  {
    what: "efficiency below 0",
    path: "detector.efficiency",
    mutate: (s) => void (at(s, "detector").efficiency = -0.1),
  },
  {
    what: "omegaMin above omegaMax",
    path: "experiment.scan.omegaMinEv",
    mutate: (s) => void (at(s, "experiment.scan").omegaMinEv = 1.08),
  },
  {
    what: "omegaMin equal to omegaMax",
    path: "experiment.scan.omegaMinEv",
    mutate: (s) => {
      const scan = at(s, "experiment.scan");
      scan.omegaMinEv = scan.omegaMaxEv;
    },
  },
  {
    what: "zero bins",
    path: "experiment.scan.bins",
    mutate: (s) => void (at(s, "experiment.scan").bins = 0),
  },
  {
    what: "fractional bins",
    path: "experiment.scan.bins",
    mutate: (s) => void (at(s, "experiment.scan").bins = 2.5),
  },
  { what: "unknown target", path: "target", mutate: (s) => void (s.target = "Yx") },
  {
    what: "unknown mixing preset",
    path: "neutrino.mixing",
    mutate: (s) => void (at(s, "neutrino").mixing = "nufit-9"),
  },
  {
    what: "scan point beyond E_eg",
    path: "experiment.scan.pointsEv[1]",
    mutate: (s) => void (at(s, "experiment").scan = { pointsEv: [1.07, 2.5], exposurePerBinS: 1 }),
  },
  {
    what: "negative scan point",
    path: "experiment.scan.pointsEv[0]",
    mutate: (s) => void (at(s, "experiment").scan = { pointsEv: [-1], exposurePerBinS: 1 }),
  },
  {
    what: "edges not increasing",
    path: "experiment.scan.edgesEv[2]",
    mutate: (s) =>
      void (at(s, "experiment").scan = { edgesEv: [1.06, 1.07, 1.065], exposurePerBinS: 1 }),
  },
  {
    what: "exposure array of the wrong length",
    path: "experiment.scan.exposurePerBinS",
    mutate: (s) => void (at(s, "experiment.scan").exposurePerBinS = [1, 2]),
  },
  { what: "negative seed", path: "seed", mutate: (s) => void (s.seed = -3) },
  {
    what: "bad background kind",
    path: "backgrounds[0].kind",
    mutate: (s) => void (s.backgrounds = [{ kind: "cosmic", name: "x" }]),
  },
  {
    what: "duplicate background names",
    path: "backgrounds[1].name",
    mutate: (s) =>
      void (s.backgrounds = [
        { kind: "flat", name: "d", ratePerS: 1 },
        { kind: "flat", name: "d", ratePerS: 2 },
      ]),
  },
  {
    what: "efficiency table short of the scan",
    path: "detector.efficiency.omegaEv",
    mutate: (s) =>
      void (at(s, "detector").efficiency = { omegaEv: [1.069, 1.072], value: [0.5, 0.6] }),
  },
  {
    what: "eta table short of the scan",
    path: "experiment.eta.omegaEv",
    mutate: (s) => void (at(s, "experiment").eta = { omegaEv: [1.06, 1.07], value: [0.5, 0.6] }),
  },
  {
    what: "a Z' pole inside the scan without a width",
    path: "bsm.vectorMediator.widthEv",
    mutate: (s) =>
      void (s.bsm = { vectorMediator: { massEv: 0.1, gE: 1e-13, gNuL: diagonal(1e-13) } }),
  },
  {
    what: "a systematic on a background that does not exist",
    path: "systematics[0].background",
    mutate: (s) =>
      void (s.systematics = [
        {
          name: "b",
          parameter: "backgroundNorm",
          background: "nope",
          prior: { distribution: "lognormal", sigma: 0.1 },
        },
      ]),
  },
  {
    what: "two systematics of one name",
    path: "systematics[1].name",
    mutate: (s) =>
      void (s.systematics = [
        { name: "n", parameter: "signalNorm", prior: { distribution: "gaussian", sigma: 0.1 } },
        {
          name: "n",
          parameter: "efficiencyScale",
          prior: { distribution: "gaussian", sigma: 0.1 },
        },
      ]),
  },
  {
    what: "custom mixing with |dm3l| below dm21",
    path: "neutrino.mixing.dm3lEv2",
    mutate: (s) => {
      const n = at(s, "neutrino");
      n.ordering = "inverted";
      n.lightestMassEv = 0;
      n.mixing = {
        theta12Deg: 33,
        theta13Deg: 8,
        theta23Deg: 45,
        deltaDeg: 0,
        dm21Ev2: 7.5e-5,
        dm3lEv2: -1e-5,
      };
    },
  },
  {
    what: "a BSM matrix with a short row",
    path: "bsm.nonUnitarity.alpha[1]",
    mutate: (s) =>
      void (s.bsm = {
        nonUnitarity: {
          alpha: [
            [0, 0, 0],
            [0, 0],
            [0, 0, 0],
          ],
        },
      }),
  },
  {
    what: "a massless mediator between massless neutrinos up to E_eg/2",
    path: "bsm.vectorMediator.massEv",
    mutate: (s) => {
      at(s, "neutrino").lightestMassEv = 0;
      s.bsm = { vectorMediator: { massEv: 0, gE: 1e-13, gNuL: diagonal(1e-13) } };
    },
  },
  {
    what: "bins narrower than double precision resolves",
    path: "experiment.scan.bins",
    mutate: (s) =>
      void (at(s, "experiment").scan = {
        omegaMinEv: 1.07,
        omegaMaxEv: 1.07 + 1e-13,
        bins: 1000,
        exposurePerBinS: 1,
      }),
  },
  {
    what: "a target object with a field out of range",
    path: "target.gammaPgPerS",
    mutate: (s) =>
      void (s.target = {
        name: "X",
        eegEv: 2.14349,
        epgEv: 2.23,
        gammaPgPerS: -1,
        jP: 1,
        cEp: 0.5,
      }),
  },
  {
    what: "a mixing object with an angle out of range",
    path: "neutrino.mixing.theta12Deg",
    mutate: (s) =>
      void (at(s, "neutrino").mixing = {
        theta12Deg: 100,
        theta13Deg: 8,
        theta23Deg: 45,
        deltaDeg: 0,
        dm21Ev2: 7.5e-5,
        dm3lEv2: 2.5e-3,
      }),
  },
  {
    what: "a PSR line centred beyond E_eg",
    path: "backgrounds[0].centerEv",
    mutate: (s) =>
      void (s.backgrounds = [
        { kind: "psr", name: "p", peakRatePerS: 1, fwhmEv: 1e-4, centerEv: 100 },
      ]),
  },
  {
    what: "eta table covering the scan but not its laser window",
    path: "experiment.eta.omegaEv",
    mutate: (s) => {
      const e = at(s, "experiment");
      e.laserLinewidthEv = 1e-4;
      e.eta = { omegaEv: [1.0685, 1.0718], value: [1, 1] };
    },
  },
  {
    what: "mixing sign against ordering",
    path: "neutrino.mixing.dm3lEv2",
    mutate: (s) =>
      void (at(s, "neutrino").mixing = {
        theta12Deg: 33,
        theta13Deg: 8,
        theta23Deg: 45,
        deltaDeg: 0,
        dm21Ev2: 7e-5,
        dm3lEv2: -2.5e-3,
      }),
  },
  {
    what: "a non-hermitian coupling matrix",
    path: "bsm.scalarMediator.yNuS[1][0]",
    mutate: (s) => {
      const y = hermitianZero();
      y[0][1] = 1e-7;
      s.bsm = { scalarMediator: { massEv: 1, yE: 1e-12, yNuS: y } };
    },
  },
];

/** Number leaves of the reference scenario: a value of another type there must be rejected. */
const NUMBER_LEAVES = [
  "neutrino.lightestMassEv",
  "experiment.volumeCm3",
  "experiment.numberDensityPerCm3",
  "experiment.scan.bins",
  "experiment.scan.omegaMaxEv",
  "detector.efficiency",
  "toys",
  "seed",
];

/** Objects of the reference scenario that admit no other keys than the schema's. */
const STRICT_OBJECTS = [
  "",
  "neutrino",
  "neutrino.majoranaPhasesDeg",
  "experiment",
  "experiment.scan",
  "detector",
];

const notANumber: fc.Arbitrary<Json> = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
);

/**
 * Invalid scenarios with the path their error must name. Kinds: the named MALFORMATIONS (shrinking
 * to the first), a value of the wrong type at a number field, an unknown key, a document that is
 * not an object, and text that is not valid JSON (the reference file cut short).
 */
export function arbMalformedScenario(): fc.Arbitrary<MalformedScenario> {
  const named = fc.constantFrom(...MALFORMATIONS).map((m): MalformedScenario => {
    const s = referenceScenarioJson();
    m.mutate(s);
    return { scenario: s, path: m.path, what: m.what, kind: "named" };
  });
  const wrongType = fc
    .tuple(fc.constantFrom(...NUMBER_LEAVES), notANumber)
    .map(([path, value]): MalformedScenario => {
      const s = referenceScenarioJson();
      const keys = path.split(".");
      const parent = keys.length > 1 ? at(s, keys.slice(0, -1).join(".")) : s;
      parent[keys[keys.length - 1]] = value;
      return {
        scenario: s,
        path,
        what: `${path} replaced by ${JSON.stringify(value)}`,
        kind: "wrongType",
      };
    });
  const unknownKey = fc
    .tuple(fc.constantFrom(...STRICT_OBJECTS), fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/))
    .map(([object, suffix]): MalformedScenario => {
      const s = referenceScenarioJson();
      const key = `unknown${suffix}`;
      (object === "" ? s : at(s, object))[key] = 1;
      const path = object === "" ? key : `${object}.${key}`;
      return { scenario: s, path, what: `unknown key ${path}`, kind: "unknownKey" };
    });
  const notAnObject = fc
    .oneof(
      fc.constant<Json>(null),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.string().map((text) => JSON.stringify(text)), // a JSON string, as file text
    )
    .map((value): MalformedScenario => ({
      scenario: value,
      path: WHOLE_SCENARIO_PATH,
      what: `a document that is not an object: ${JSON.stringify(value)}`,
      kind: "notAnObject",
    }));
  const notJson = fc
    .double({ min: 0, max: 1, maxExcluded: true, noNaN: true })
    .map((fraction): MalformedScenario => {
      // A prefix of an object's JSON text never closes the object: never valid JSON.
      const text = JSON.stringify(referenceScenarioJson(), null, 2);
      const cut = 1 + Math.floor(fraction * (text.length - 1));
      return {
        scenario: text.slice(0, cut),
        path: NOT_JSON,
        what: `text cut at ${cut}`,
        kind: "notJson",
      };
    });
  return fc.oneof(named, wrongType, unknownKey, notAnObject, notJson);
}
