/**
 * renp export --format pyhf (src/inference/pyhf.ts, src/cli/export.ts): the workspace validates
 * against pyhf's published schema 1.0.0 (verbatim copies in test/fixtures/pyhf-schema-1.0.0/),
 * its samples are expected.arrow's columns, and the systematics map as docs/statistics.md says.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import { REPO_DIR } from "../helpers/fixtures.js";
import { SYSTEMATICS_CHANGES, scenarioFile, tempDir } from "../helpers/runs.js";
import { runCli } from "../helpers/cli.js";
import { readExpected, readToyCounts } from "../../src/io/read.js";

const SCHEMA_DIR = join(REPO_DIR, "test", "fixtures", "pyhf-schema-1.0.0");
const schema = (name: string) => JSON.parse(readFileSync(join(SCHEMA_DIR, name), "utf8"));

/** pyhf's workspace schema (draft-06, $ref into defs.json) compiled by ajv. */
function workspaceValidator() {
  // strict: false - defs.json puts minItems inside a number type (harmless, but ajv's strict mode refuses it).
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(createRequire(import.meta.url)("ajv/dist/refs/json-schema-draft-06.json"));
  ajv.addSchema(schema("defs.json"));
  return ajv.compile(schema("workspace.json"));
}
const validate = workspaceValidator();

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

describe("renp export --format pyhf", () => {
  it("the schema copy rejects what pyhf rejects (the validator can fail)", () => {
    expect(validate({ channels: [], measurements: [], observations: [], version: "1.0.0" })).toBe(
      false,
    );
    const ws = {
      channels: [{ name: "c", samples: [{ name: "s", data: [1], modifiers: [] }] }],
      measurements: [{ name: "m", config: { poi: "mu", parameters: [] } }],
      observations: [{ name: "c", data: [1] }],
      version: "1.0.0",
    };
    expect(validate(ws)).toBe(true);
    // lumi must be named "lumi"; a workspace has no other top-level keys.
    ws.channels[0].samples[0].modifiers.push({ name: "L", type: "lumi", data: null } as never);
    expect(validate(ws)).toBe(false);
  });

  it("a run folder with backgrounds and every systematic kind: valid, samples = expected.arrow, toy = toys.arrow", async () => {
    const dir = join(tempDir(), "run");
    const scenario = scenarioFile({ ...SYSTEMATICS_CHANGES, toys: 3 });
    expect((await runCli(["generate", scenario, "--out", dir, "--toys", "3"])).code).toBe(0);
    const out = join(dir, "ws.json");
    const r = await runCli(["export", dir, "--format", "pyhf", "--toy", "2", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const ws = JSON.parse(readFileSync(out, "utf8"));
    expect(validate(ws), JSON.stringify(validate.errors)).toBe(true);

    const expected = readExpected(join(dir, "expected.arrow"));
    const samples = new Map<string, any>(ws.channels[0].samples.map((s: any) => [s.name, s]));
    expect([...samples.keys()]).toEqual(["signal", "dark", "stray"]);
    // Bins with no expected events are left out; the sums over bins are the columns' sums.
    expect(sum(samples.get("signal").data)).toBeCloseTo(sum(expected.muSignal), 9);
    for (const b of expected.backgrounds)
      expect(sum(samples.get(b.name).data)).toBeCloseTo(sum(b.mu), 9);
    const kept = Array.from(expected.muTotal.keys()).filter((k) => expected.muTotal[k] > 0);
    expect(samples.get("signal").data).toEqual(kept.map((k) => expected.muSignal[k]));
    const toy = readToyCounts(join(dir, "toys.arrow"), 2, expected.muTotal.length)!;
    expect(ws.observations).toEqual([{ name: ws.channels[0].name, data: kept.map((k) => toy[k]) }]);

    // Systematics: gaussian signalNorm -> lumi; lognormal -> normsys exp(+-sigma); uniform
    // efficiencyScale -> a bounded normfactor on the signal and the efficiency-scaled background.
    const mods = (name: string) => samples.get(name).modifiers.map((m: any) => m.name);
    expect(mods("signal")).toEqual(["mu", "lumi", "eff"]);
    expect(mods("dark")).toEqual(["dark_norm"]);
    expect(mods("stray")).toEqual(["eff"]);
    expect(samples.get("dark").modifiers[0].data.hi).toBeCloseTo(Math.exp(0.2), 14);
    expect(samples.get("dark").modifiers[0].data.lo * Math.exp(0.2)).toBeCloseTo(1, 14);
    const params = new Map<string, any>(
      ws.measurements[0].config.parameters.map((p: any) => [p.name, p]),
    );
    expect(ws.measurements[0].config.poi).toBe("mu");
    expect(params.get("lumi")).toMatchObject({ auxdata: [1], sigmas: [0.1] });
    expect(params.get("eff").bounds).toEqual([[0.9, 1.3]]);
    // The omega offset has no HistFactory modifier: it is named on stderr, not exported.
    expect(r.stderr).toMatch(/systematic dw \(omegaOffsetEv\) not exported/);
    expect(JSON.stringify(ws)).not.toContain('"dw"');
  }, 60_000);

  it("a scenario gives the Asimov observation: the expected total per bin", async () => {
    const r = await runCli(["export", "yb-backgrounds", "--format", "pyhf"]);
    expect(r.code, r.stderr).toBe(0);
    const ws = JSON.parse(r.stdout);
    expect(validate(ws), JSON.stringify(validate.errors)).toBe(true);
    const samples = ws.channels[0].samples;
    const data: number[] = ws.observations[0].data;
    data.forEach((n, k) => {
      const total = samples.reduce((s: number, x: any) => s + x.data[k], 0);
      expect(n / total).toBeCloseTo(1, 12);
    });
  });

  it("bad input: exit 2, a message naming it, no output", async () => {
    const dir = tempDir();
    const out = join(dir, "ws.json");
    const cases: [string[], RegExp][] = [
      [["yb-majorana-normal", "--format", "hepdata"], /--format = "hepdata": allowed: pyhf/],
      [["yb-majorana-normal", "--format", "pyhf", "--toy", "1"], /has no toys/],
      [["yb-majorana-normal", "--format", "pyhf", "--toy", "1", "--asimov"], /exclude each other/],
      [["no-such-scenario", "--format", "pyhf"], /no-such-scenario/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(["export", ...args, "--out", out]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});
