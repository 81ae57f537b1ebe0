/** The scenario schema: built-ins valid, the exported JSON Schema current, bad input rejected clearly. */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATORS_DIR } from "../../src/paths.js";
import {
  builtinGeneratorNames,
  loadScenario,
  ScenarioError,
  validateScenario,
} from "../../src/scenario/load.js";
import { scenarioJsonSchemaText } from "../../src/scenario/jsonSchema.js";
import { readJson } from "../helpers/fixtures.js";

const valid = readJson(join(GENERATORS_DIR, "yb-majorana-normal.json"));

describe("built-in generators", () => {
  it("there are at least the four core ones", () => {
    expect(builtinGeneratorNames()).toEqual(
      expect.arrayContaining([
        "yb-majorana-normal",
        "yb-dirac-inverted",
        "xe-majorana-normal",
        "yb-backgrounds",
      ]),
    );
  });
  it.each(builtinGeneratorNames())(
    "%s validates, names its file, has a description and the $schema line",
    (name) => {
      const json = readJson(join(GENERATORS_DIR, `${name}.json`));
      expect(Object.keys(json)[0]).toBe("$schema");
      expect(json.$schema).toBe("./scenario.schema.json");
      expect(json.name).toBe(name);
      expect(typeof json.description).toBe("string");
      expect(loadScenario(name).name).toBe(name);
    },
  );
});

describe("generators/scenario.schema.json", () => {
  it("is the current export of the zod schema (regenerate with npm run schema)", () => {
    expect(readFileSync(join(GENERATORS_DIR, "scenario.schema.json"), "utf8")).toBe(
      scenarioJsonSchemaText(),
    );
  });
});

type Json = any;
const clone = (x: Json): Json => JSON.parse(JSON.stringify(x));

/** Malformations of a valid scenario: [what, the dotted path the message must name, mutate]. */
const MUTATIONS: [string, string, (s: Json) => void][] = [
  ["unknown top-level key", "colour", (s) => (s.colour = "blue")],
  ["unknown nested key", "experiment.scan.binz", (s) => (s.experiment.scan.binz = 3)],
  ["missing neutrino", "neutrino", (s) => delete s.neutrino],
  ["missing nature", "neutrino.nature", (s) => delete s.neutrino.nature],
  ["wrong nature", "neutrino.nature", (s) => (s.neutrino.nature = "weyl")],
  ["negative lightest mass", "neutrino.lightestMassEv", (s) => (s.neutrino.lightestMassEv = -0.01)],
  ["string mass", "neutrino.lightestMassEv", (s) => (s.neutrino.lightestMassEv = "0.01")],
  [
    "negative exposure",
    "experiment.scan.exposurePerBinS",
    (s) => (s.experiment.scan.exposurePerBinS = -1),
  ],
  ["zero density", "experiment.numberDensityPerCm3", (s) => (s.experiment.numberDensityPerCm3 = 0)],
  ["negative volume", "experiment.volumeCm3", (s) => (s.experiment.volumeCm3 = -100)],
  ["efficiency above 1", "detector.efficiency", (s) => (s.detector.efficiency = 1.2)],
  ["efficiency below 0", "detector.efficiency", (s) => (s.detector.efficiency = -0.1)],
  [
    "omegaMin above omegaMax",
    "experiment.scan.omegaMinEv",
    (s) => (s.experiment.scan.omegaMinEv = 1.08),
  ],
  [
    "omegaMin equal to omegaMax",
    "experiment.scan.omegaMinEv",
    (s) => (s.experiment.scan.omegaMinEv = s.experiment.scan.omegaMaxEv),
  ],
  ["zero bins", "experiment.scan.bins", (s) => (s.experiment.scan.bins = 0)],
  ["fractional bins", "experiment.scan.bins", (s) => (s.experiment.scan.bins = 2.5)],
  ["unknown target", "target", (s) => (s.target = "Yx")],
  ["unknown mixing preset", "neutrino.mixing", (s) => (s.neutrino.mixing = "nufit-9")],
  [
    "scan point beyond E_eg",
    "experiment.scan.pointsEv[1]",
    (s) => (s.experiment.scan = { pointsEv: [1.07, 2.5], exposurePerBinS: 1 }),
  ],
  [
    "negative scan point",
    "experiment.scan.pointsEv[0]",
    (s) => (s.experiment.scan = { pointsEv: [-1], exposurePerBinS: 1 }),
  ],
  [
    "edges not increasing",
    "experiment.scan.edgesEv[2]",
    (s) => (s.experiment.scan = { edgesEv: [1.06, 1.07, 1.065], exposurePerBinS: 1 }),
  ],
  [
    "exposure array of the wrong length",
    "experiment.scan.exposurePerBinS",
    (s) => (s.experiment.scan.exposurePerBinS = [1, 2]),
  ],
  ["negative seed", "seed", (s) => (s.seed = -3)],
  [
    "bad background kind",
    "backgrounds[0].kind",
    (s) => (s.backgrounds = [{ kind: "cosmic", name: "x" }]),
  ],
  [
    "duplicate background names",
    "backgrounds[1].name",
    (s) =>
      (s.backgrounds = [
        { kind: "flat", name: "d", ratePerS: 1 },
        { kind: "flat", name: "d", ratePerS: 2 },
      ]),
  ],
  [
    "efficiency table short of the scan",
    "detector.efficiency.omegaEv",
    (s) => (s.detector.efficiency = { omegaEv: [1.069, 1.072], value: [0.5, 0.6] }),
  ],
  [
    "eta table short of the scan",
    "experiment.eta.omegaEv",
    (s) => (s.experiment.eta = { omegaEv: [1.06, 1.07], value: [0.5, 0.6] }),
  ],
  [
    "a Z' pole inside the scan without a width",
    "bsm.vectorMediator.widthEv",
    (s) =>
      (s.bsm = {
        vectorMediator: {
          massEv: 0.1,
          gE: 1e-13,
          gNuL: [
            [1e-13, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
          ],
        },
      }),
  ],
  [
    "a systematic on a background that does not exist",
    "systematics[0].background",
    (s) =>
      (s.systematics = [
        {
          name: "b",
          parameter: "backgroundNorm",
          background: "nope",
          prior: { distribution: "lognormal", sigma: 0.1 },
        },
      ]),
  ],
  [
    "two systematics of one name",
    "systematics[1].name",
    (s) =>
      (s.systematics = [
        { name: "n", parameter: "signalNorm", prior: { distribution: "gaussian", sigma: 0.1 } },
        {
          name: "n",
          parameter: "efficiencyScale",
          prior: { distribution: "gaussian", sigma: 0.1 },
        },
      ]),
  ],
  [
    "custom mixing with |dm3l| below dm21",
    "neutrino.mixing.dm3lEv2",
    (s) => (
      (s.neutrino.ordering = "inverted"),
      (s.neutrino.lightestMassEv = 0),
      (s.neutrino.mixing = {
        theta12Deg: 33,
        theta13Deg: 8,
        theta23Deg: 45,
        deltaDeg: 0,
        dm21Ev2: 7.5e-5,
        dm3lEv2: -1e-5,
      })
    ),
  ],
  [
    "a BSM matrix with a short row",
    "bsm.nonUnitarity.alpha[1]",
    (s) =>
      (s.bsm = {
        nonUnitarity: {
          alpha: [
            [0, 0, 0],
            [0, 0],
            [0, 0, 0],
          ],
        },
      }),
  ],
  [
    "a massless mediator between massless neutrinos up to E_eg/2",
    "bsm.vectorMediator.massEv",
    (s) => (
      (s.neutrino.lightestMassEv = 0),
      (s.bsm = {
        vectorMediator: {
          massEv: 0,
          gE: 1e-13,
          gNuL: [
            [1e-13, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
          ],
        },
      })
    ),
  ],
  [
    "bins narrower than double precision resolves",
    "experiment.scan.bins",
    (s) =>
      (s.experiment.scan = {
        omegaMinEv: 1.07,
        omegaMaxEv: 1.07 + 1e-13,
        bins: 1000,
        exposurePerBinS: 1,
      }),
  ],
  [
    "a target object with a field out of range",
    "target.gammaPgPerS",
    (s) =>
      (s.target = { name: "X", eegEv: 2.14349, epgEv: 2.23, gammaPgPerS: -1, jP: 1, cEp: 0.5 }),
  ],
  [
    "a mixing object with an angle out of range",
    "neutrino.mixing.theta12Deg",
    (s) =>
      (s.neutrino.mixing = {
        theta12Deg: 100,
        theta13Deg: 8,
        theta23Deg: 45,
        deltaDeg: 0,
        dm21Ev2: 7.5e-5,
        dm3lEv2: 2.5e-3,
      }),
  ],
  [
    "a PSR line centred beyond E_eg",
    "backgrounds[0].centerEv",
    (s) =>
      (s.backgrounds = [{ kind: "psr", name: "p", peakRatePerS: 1, fwhmEv: 1e-4, centerEv: 100 }]),
  ],
  [
    "eta table covering the scan but not its laser window",
    "experiment.eta.omegaEv",
    (s) => (
      (s.experiment.laserLinewidthEv = 1e-4),
      (s.experiment.eta = { omegaEv: [1.0685, 1.0718], value: [1, 1] })
    ),
  ],
  [
    "mixing sign against ordering",
    "neutrino.mixing.dm3lEv2",
    (s) =>
      (s.neutrino.mixing = {
        theta12Deg: 33,
        theta13Deg: 8,
        theta23Deg: 45,
        deltaDeg: 0,
        dm21Ev2: 7e-5,
        dm3lEv2: -2.5e-3,
      }),
  ],
];

describe("bad input: ScenarioError naming the field path and the value", () => {
  it.each(MUTATIONS)("%s -> %s", (_what, path, mutate) => {
    const s = clone(valid);
    mutate(s);
    let error: unknown;
    try {
      validateScenario(s);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).kind).toBe("invalid-input");
    expect((error as ScenarioError).field).toContain(path);
    expect((error as Error).message).toContain(path);
  });

  it("property: any stack of malformations is rejected, each message line naming a path and a value", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: MUTATIONS.length - 1 }), {
          minLength: 1,
          maxLength: 4,
        }),
        (picks) => {
          const s = clone(valid);
          for (const k of picks) {
            try {
              MUTATIONS[k][2](s);
            } catch {
              // a mutation whose parent an earlier one deleted: skip it
            }
          }
          expect(() => validateScenario(s)).toThrow(ScenarioError);
          try {
            validateScenario(s);
          } catch (e) {
            const lines = (e as Error).message.split("\n").slice(1);
            expect(lines.length).toBeGreaterThan(0);
            // "  path = value: what is allowed" or "  path: unknown key ..."
            for (const line of lines) expect(line).toMatch(/^ {2}\S+( = .+)?: .+/);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("property: random JSON values in place of a valid scenario's leaves never pass silently as another type", () => {
    const leaves: string[][] = [
      ["neutrino", "lightestMassEv"],
      ["experiment", "volumeCm3"],
      ["experiment", "scan", "bins"],
      ["detector", "efficiency"],
      ["toys"],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...leaves),
        fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer()), fc.object()),
        (path, value) => {
          const s = clone(valid);
          let node = s;
          for (const key of path.slice(0, -1)) node = node[key];
          node[path[path.length - 1]] = value;
          expect(() => validateScenario(s)).toThrow(ScenarioError);
        },
      ),
    );
  });
});
