/**
 * The physics conventions are stated where users meet them: in the JSON Schema's field descriptions
 * (editor tooltips) and in `renp validate`'s notes for the fields a scenario uses
 * (docs/physics/electromagnetic.md, docs/physics/scalar-mediator.md).
 */
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "../../src/scenario/jsonSchema.js";
import { runCli } from "../helpers/cli.js";

/** The description of the property at `path` (object keys), looked up in the JSON Schema. */
function describeAt(path: string[]): string {
  let node: any = scenarioJsonSchema();
  for (const key of path) {
    // Unwrap unions and defaults: the object alternative carries `properties`.
    const candidates = [node, ...(node.anyOf ?? []), ...(node.oneOf ?? [])];
    const owner = candidates.find((c: any) => c?.properties?.[key] !== undefined);
    if (!owner) throw new Error(`no property ${key} on the way to ${path.join(".")}`);
    node = owner.properties[key];
  }
  return String(node.description ?? "");
}

describe("conventions in the JSON Schema", () => {
  it("dipole moments: Giunti-Studenikin vertex form factors, Majorana 1/2 of Dirac per ordered pair", () => {
    for (const field of ["magneticMomentMuB", "electricDipoleMuB"]) {
      const d = describeAt(["bsm", "electromagnetic", field]);
      expect(d).toContain("vertex form factors");
      expect(d).toContain("Giunti-Studenikin");
      expect(d).toContain("-(1/4) nubar sigma^{ab} (mu + i eps gamma5) nu F_ab");
      expect(d).toMatch(/Majorana transition moment .* 1\/2 of the Dirac formula per ordered pair/);
    }
  });

  it("scalar couplings: the map onto Ge & Pasquini's eq. (29)", () => {
    for (const field of ["yE", "yNuS", "yNuP"]) {
      const d = describeAt(["bsm", "scalarMediator", field]);
      expect(d).toContain("eq. (29)");
      expect(d).toContain("y_S -> -i y_S^*, y_P -> -i y_P^*");
      expect(d).toContain("(1 - delta_M)");
    }
  });

  it("charge radius and anapole: only through the electron's magnetic coupling, ~1e-14", () => {
    for (const field of ["chargeRadiusCm2", "anapoleCm2"]) {
      const d = describeAt(["bsm", "electromagnetic", field]);
      expect(d).toContain("magnetic moment");
      expect(d).toContain("~1e-14");
    }
  });

  it("the muon-decay Fermi constant and the NuFIT analyses are described", () => {
    expect(describeAt(["bsm", "nonUnitarity", "fermiConstant"])).toContain(
      "(N N^dagger)_ee (N N^dagger)_mumu",
    );
    const mixing = describeAt(["neutrino", "mixing"]);
    expect(mixing).toContain("IC24 with SK atmospheric data");
    expect(mixing).toContain("IC19 without SK atmospheric data");
  });
});

describe("renp validate notes", () => {
  it("prints the conventions of the fields in use, on stderr (stdout stays the JSON)", async () => {
    const scalar = await runCli(["validate", "bsm-scalar-mediator"]);
    expect(scalar.code).toBe(0);
    expect(() => JSON.parse(scalar.stdout)).not.toThrow();
    expect(scalar.stderr).toMatch(/^notes:$/m);
    expect(scalar.stderr).toContain("y_S -> -i y_S^*");
    expect(scalar.stderr).not.toContain("Giunti-Studenikin");
    const dipole = await runCli(["validate", "bsm-magnetic-moment"]);
    expect(dipole.stderr).toContain("Giunti-Studenikin");
    expect(dipole.stderr).not.toContain("eq. (29)");
  });
});
