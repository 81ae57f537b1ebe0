/** arbScenario: every value validates, the options restrict what it draws, and it shrinks towards the reference scenario. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIXING_PRESETS } from "../../src/physics/neutrino.js";
import { validateScenario } from "../../src/scenario/load.js";
import { arbScenario, referenceScenarioJson } from "../../src/testing/index.js";

describe("arbScenario", () => {
  it("draws only valid scenarios (500 runs without BSM terms, 500 with)", () => {
    for (const bsm of [false, true]) {
      fc.assert(
        fc.property(arbScenario({ bsm }), (s) => {
          validateScenario(s);
        }),
        { numRuns: 500 },
      );
    }
  });

  it("covers every part: targets, natures, orderings, scans, tables, backgrounds, systematics, BSM terms", () => {
    const samples = fc.sample(arbScenario({ bsm: true }), { numRuns: 500, seed: 3 }) as any[];
    const seen = new Set<string>();
    for (const s of samples) {
      seen.add(typeof s.target === "string" ? `target ${s.target}` : "target custom");
      seen.add(`nature ${s.neutrino.nature}`).add(`ordering ${s.neutrino.ordering}`);
      seen.add(
        typeof s.neutrino.mixing === "string" ? `mixing ${s.neutrino.mixing}` : "mixing custom",
      );
      if (typeof s.target === "object" && s.target.transition)
        seen.add(`transition ${s.target.transition}`);
      if (s.experiment.spinProjection) seen.add(`spin ${s.experiment.spinProjection}`);
      if (s.bsm.nonUnitarity?.fermiConstant) seen.add(`G_F ${s.bsm.nonUnitarity.fermiConstant}`);
      if (s.neutrino.lightestMassEv === 0) seen.add("massless lightest");
      const scan = s.experiment.scan;
      seen.add(scan.bins ? "scan bins" : scan.edgesEv ? "scan edges" : "scan points");
      if (Array.isArray(scan.exposurePerBinS)) seen.add("exposure per bin");
      if (typeof s.experiment.eta === "object") seen.add("eta table");
      if (typeof s.detector.efficiency === "object") seen.add("efficiency table");
      if (s.experiment.laserLinewidthEv > 0) seen.add("laser line");
      for (const b of s.backgrounds) seen.add(`background ${b.kind}`);
      for (const y of s.systematics) seen.add(`systematic ${y.parameter} ${y.prior.distribution}`);
      for (const k of Object.keys(s.bsm)) seen.add(`bsm ${k}`);
    }
    const expected = [
      "target Yb",
      "target Xe",
      "target custom",
      "nature majorana",
      "nature dirac",
      "ordering normal",
      "ordering inverted",
      ...Object.keys(MIXING_PRESETS).map((m) => `mixing ${m}`),
      "mixing custom",
      "transition E1xM1",
      "transition E1xE1",
      "spin isotropic",
      "spin transverse",
      "G_F muon-decay",
      "G_F input",
      "massless lightest",
      "scan bins",
      "scan edges",
      "scan points",
      "exposure per bin",
      "eta table",
      "efficiency table",
      "laser line",
      ...["flat", "psr", "qed3gamma", "table"].map((k) => `background ${k}`),
      ...["signalNorm", "backgroundNorm", "efficiencyScale"].flatMap((p) =>
        ["gaussian", "lognormal", "uniform"].map((d) => `systematic ${p} ${d}`),
      ),
      "systematic omegaOffsetEv gaussian",
      "systematic omegaOffsetEv uniform",
      ...["vectorMediator", "scalarMediator", "electromagnetic", "nonUnitarity"].map(
        (k) => `bsm ${k}`,
      ),
    ];
    expect([...seen].sort()).toEqual(expect.arrayContaining(expected));
  });

  it("keeps to its options", () => {
    const options = {
      bins: { min: 3, max: 5 },
      scanModes: ["edges", "points"] as const,
      targets: ["custom"] as const,
      backgrounds: ["psr"] as const,
      maxBackgrounds: 2,
      systematics: false,
      bsm: ["vectorMediator"] as const,
      laserLinewidth: false,
      tables: false,
    };
    fc.assert(
      fc.property(arbScenario(options), (s: any) => {
        validateScenario(s);
        const scan = s.experiment.scan;
        const bins = scan.edgesEv ? scan.edgesEv.length - 1 : scan.pointsEv.length;
        expect(bins >= 3 && bins <= 5).toBe(true);
        expect(scan.bins).toBeUndefined();
        expect(typeof s.target).toBe("object");
        expect(s.backgrounds.length).toBeLessThanOrEqual(2);
        for (const b of s.backgrounds) expect(b.kind).toBe("psr");
        expect(s.systematics).toEqual([]);
        expect(Object.keys(s.bsm)).toEqual(["vectorMediator"]);
        expect(s.experiment.laserLinewidthEv).toBe(0);
        expect(typeof s.experiment.eta).toBe("number");
        expect(typeof s.detector.efficiency).toBe("number");
      }),
      { numRuns: 100 },
    );
    expect(() => arbScenario({ scanModes: [] })).toThrow(/scanModes/);
    expect(() => arbScenario({ bins: { min: 5, max: 2 } })).toThrow(/bins/);
  });

  it("shrinks a failing case towards the reference scenario", () => {
    const reference = referenceScenarioJson() as any;
    // A property that fails for every scenario: fast-check shrinks to the simplest one it can.
    const run = fc.check(
      fc.property(arbScenario({ bins: { max: 100 } }), () => false),
      { seed: 11 },
    );
    const [shrunk] = run.counterexample as [any];
    expect(shrunk.target).toBe(reference.target);
    expect(shrunk.neutrino).toEqual(reference.neutrino);
    // The shrunk scenario omits spinProjection (the default, "transverse", which the reference names).
    expect(reference.experiment.spinProjection).toBe("transverse");
    expect(shrunk.experiment).toEqual({
      ...reference.experiment,
      laserLinewidthEv: 0,
      spinProjection: undefined,
    });
    expect(shrunk.detector).toEqual(reference.detector);
    expect(shrunk.backgrounds).toEqual([]);
    expect(shrunk.systematics).toEqual([]);
    expect(shrunk.bsm).toEqual({});
  });
});
