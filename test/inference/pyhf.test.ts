/**
 * renp export --format pyhf (src/inference/pyhf.ts, src/export.ts): the workspace validates
 * against renp's own transcription of pyhf's workspace format 1.0.0
 * (test/fixtures/pyhf-workspace-1.0.0.schema.json; the authoritative check is `pyhf inspect`, see
 * docs/statistics.md#export-to-pyhf), its samples are expected.arrow's columns, and the systematics
 * map as docs/statistics.md says.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { REPO_DIR } from "../helpers/fixtures.js";
import { SYSTEMATICS_CHANGES, scenarioFile, tempDir } from "../helpers/runs.js";
import { runCli } from "../helpers/cli.js";
import { readExpected, readToyCounts } from "../../src/io/read.js";

const SCHEMA_FILE = join(REPO_DIR, "test", "fixtures", "pyhf-workspace-1.0.0.schema.json");
/** The workspace schema (draft-07, one file) compiled by ajv in strict mode. */
const validate = new Ajv({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(SCHEMA_FILE, "utf8")),
);

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

describe("renp export --format pyhf", () => {
  /** The smallest valid workspace: one channel, one sample, one observation, one measurement. */
  const minimal = () => ({
    channels: [
      {
        name: "c",
        samples: [
          {
            name: "s",
            data: [1, 2],
            modifiers: [
              { name: "mu", type: "normfactor", data: null },
              { name: "k", type: "normsys", data: { hi: 1.1, lo: 0.9 } },
            ] as any[],
          },
        ],
      },
    ] as any[],
    measurements: [{ name: "m", config: { poi: "mu", parameters: [] } }] as any[],
    observations: [{ name: "c", data: [1, 2] }] as any[],
    version: "1.0.0",
  });

  it("the schema accepts a minimal workspace and every modifier kind in its own data shape", () => {
    expect(validate(minimal()), JSON.stringify(validate.errors)).toBe(true);
    const ws = minimal();
    ws.channels[0].samples[0].modifiers.push(
      { name: "lumi", type: "lumi", data: null },
      { name: "sf", type: "shapefactor", data: null },
      { name: "h", type: "histosys", data: { hi_data: [1.1, 2.2], lo_data: [0.9, 1.8] } },
      { name: "st", type: "staterror", data: [0.1, 0.2] },
      { name: "ss", type: "shapesys", data: [0.1, 0.2] },
    );
    ws.measurements[0].config.parameters.push({
      name: "lumi",
      inits: [1],
      bounds: [[0.5, 1.5]],
      auxdata: [1],
      sigmas: [0.02],
      fixed: false,
    });
    expect(validate(ws), JSON.stringify(validate.errors)).toBe(true);
  });

  it("the schema constrains (negative controls): each broken workspace fails", () => {
    const broken: [string, (ws: ReturnType<typeof minimal>) => void][] = [
      ["empty channel list", (ws) => void (ws.channels = [])],
      ["missing required key: observations", (ws) => delete (ws as any).observations],
      ["missing required key: sample data", (ws) => delete ws.channels[0].samples[0].data],
      ["missing required key: config.poi", (ws) => delete ws.measurements[0].config.poi],
      ["unknown top-level key", (ws) => ((ws as any).extra = 1)],
      ["wrong version", (ws) => (ws.version = "1.1.0")],
      [
        "unknown modifier type",
        (ws) =>
          ws.channels[0].samples[0].modifiers.push({ name: "x", type: "gaussian", data: null }),
      ],
      ["normsys without hi/lo", (ws) => (ws.channels[0].samples[0].modifiers[1].data = {})],
      ["normsys without lo", (ws) => delete ws.channels[0].samples[0].modifiers[1].data.lo],
      ["normsys hi not a number", (ws) => (ws.channels[0].samples[0].modifiers[1].data.hi = "1.1")],
      ["normfactor with data", (ws) => (ws.channels[0].samples[0].modifiers[0].data = [1])],
      [
        "lumi not named lumi",
        (ws) => ws.channels[0].samples[0].modifiers.push({ name: "L", type: "lumi", data: null }),
      ],
      [
        "histosys without lo_data",
        (ws) =>
          ws.channels[0].samples[0].modifiers.push({
            name: "h",
            type: "histosys",
            data: { hi_data: [1, 2] },
          }),
      ],
      [
        "staterror data not an array",
        (ws) =>
          ws.channels[0].samples[0].modifiers.push({ name: "st", type: "staterror", data: 0.1 }),
      ],
      ["observation data of strings", (ws) => (ws.observations[0].data = ["1", "2"])],
      ["observation data a number", (ws) => (ws.observations[0].data = 3)],
      ["observation data empty", (ws) => (ws.observations[0].data = [])],
      [
        "bounds not pairs",
        (ws) => ws.measurements[0].config.parameters.push({ name: "mu", bounds: [[0, 1, 2]] }),
      ],
      [
        "unknown parameter setting",
        (ws) => ws.measurements[0].config.parameters.push({ name: "mu", init: [1] }),
      ],
    ];
    for (const [what, breakIt] of broken) {
      const ws = minimal();
      breakIt(ws);
      expect(validate(ws), what).toBe(false);
    }
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
