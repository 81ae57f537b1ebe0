/**
 * What a new user ran into, each pinned by a test: warnings for scenarios that validate but show
 * nothing, --asimov with --toys, inspect of every file kind, plurals, JSON syntax errors with a
 * place, the allowed values of a missing union field, files a run does not own, labelled
 * thresholds in the metadata.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { cliMessage, exitCodeOf } from "../../src/cli/errors.js";
import { OutputExistsError, RenpError, RenpFileError, ScenarioError } from "../../src/errors.js";
import { validateScenario } from "../../src/scenario/load.js";
import { runCli } from "../helpers/cli.js";
import { readJson, REFERENCE_DIR } from "../helpers/fixtures.js";
import { REFERENCE_SCENARIO, scenarioFile, tempDir } from "../helpers/runs.js";

const reference = readJson(REFERENCE_SCENARIO);

describe("warnings for scenarios that validate but show nothing", () => {
  it("a lightest mass of 5 (eV, meant as meV) and no detector: two warnings, still valid (exit 0)", async () => {
    const { detector: _detector, ...withoutDetector } = reference;
    const path = join(tempDir(), "heavy.json");
    writeFileSync(
      path,
      JSON.stringify({
        ...withoutDetector,
        neutrino: { ...reference.neutrino, lightestMassEv: 5 },
      }),
    );
    const r = await runCli(["validate", path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: no signal: .* above every pair threshold/);
    expect(r.stderr).toMatch(/lightestMassEv = 5 eV/);
    expect(r.stderr).toMatch(/warning: no "detector" section: the default applies, efficiency 1/);
  });

  it("a scan below every threshold: no threshold in it (the signal is not zero there)", async () => {
    const scan = { omegaMinEv: 1.0, omegaMaxEv: 1.01, bins: 4, exposurePerBinS: 1 };
    const path = scenarioFile({ experiment: { ...reference.experiment, scan } });
    const r = await runCli(["validate", path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: the scan \[1, 1\.01\] eV holds none of the pair thresholds/);
    expect(r.stderr).not.toMatch(/no signal/);
  });

  it("the reference scenario: no warning", async () => {
    const r = await runCli(["validate", REFERENCE_SCENARIO]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/warning/);
  });
});

describe("generate and inspect", () => {
  it("--asimov --toys 10 says the toys are ignored; inspect of it prints no NaN", async () => {
    const dir = tempDir();
    const g = await runCli([
      "generate",
      REFERENCE_SCENARIO,
      "--asimov",
      "--toys",
      "10",
      "--out",
      dir,
    ]);
    expect(g.code).toBe(0);
    expect(g.stderr).toMatch(
      /warning: --asimov writes the expectation as the single toy 0; --toys 10 is ignored/,
    );
    expect(g.stderr).toMatch(/: 1 toy \(0\.\.0/);
    const i = await runCli(["inspect", join(dir, "toys.arrow")]);
    expect(i.code).toBe(0);
    expect(i.stdout).not.toMatch(/NaN/);
    expect(i.stdout).toMatch(/variance\/mean: needs at least 2 toys/);
  });

  it("inspect recognises nuisance.arrow and gives the wide layout its per-toy mean", async () => {
    const dir = tempDir();
    const path = scenarioFile({
      systematics: [
        { name: "sig", parameter: "signalNorm", prior: { distribution: "gaussian", sigma: 0.1 } },
      ],
    });
    const g = await runCli(["generate", path, "--toys", "40", "--layout", "wide", "--out", dir]);
    expect(g.code).toBe(0);
    const n = await runCli(["inspect", join(dir, "nuisance.arrow")]);
    expect(n.code).toBe(0);
    expect(n.stdout).toMatch(/^kind: +nuisance parameters, one row per toy \(nuisance\.arrow\)$/m);
    // 40 draws of a gaussian of sd 0.1 around 1: the mean within 5 sd of its error (1 - 6e-7).
    const m = /^ {2}sig +mean ([\d.e-]+), sd ([\d.e-]+)$/m.exec(n.stdout);
    expect(m).not.toBeNull();
    expect(Math.abs(Number(m![1]) - 1)).toBeLessThan((5 * 0.1) / Math.sqrt(40));
    const w = await runCli(["inspect", join(dir, "toys.arrow")]);
    expect(w.stdout).toMatch(/^kind: +toys \(wide layout\)$/m);
    // The per-toy mean equals the sum of the per-bin means the toys file holds, read here directly.
    const wide = tableFromIPC(readFileSync(join(dir, "toys.arrow")));
    const counts = wide.getChild("counts")!;
    let total = 0;
    for (let t = 0; t < wide.numRows; t++) for (const v of counts.get(t)!) total += Number(v);
    const line = /^ {2}mean n_obs per toy \(sum over bins\): ([\d.e-]+)$/m.exec(w.stdout);
    expect(line).not.toBeNull();
    expect(Number(line![1])).toBeCloseTo(total / wide.numRows, 4);
  });

  it("one toy, one worker: singular words", async () => {
    const g = await runCli([
      "generate",
      REFERENCE_SCENARIO,
      "--toys",
      "1",
      "--workers",
      "1",
      "--out",
      tempDir(),
    ]);
    expect(g.code).toBe(0);
    expect(g.stderr).toMatch(
      /: 1 toy \(0\.\.0, shard 1\/1\) x 66 bins, \d+ counts?, [\d.]+ s, 1 worker ->/,
    );
  });

  it("a file left by an earlier command in the run's folder is named as not this run's", async () => {
    const dir = tempDir();
    expect((await runCli(["generate", REFERENCE_SCENARIO, "--toys", "2", "--out", dir])).code).toBe(
      0,
    );
    writeFileSync(join(dir, "spectrum.svg"), "<svg/>");
    const again = await runCli([
      "generate",
      REFERENCE_SCENARIO,
      "--toys",
      "3",
      "--out",
      dir,
      "--force",
    ]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/warning: .* also holds spectrum\.svg, not written by this run/);
    const run = readJson(join(dir, "run.json"));
    expect(Object.values(run.files).map((f) => String(f).split("/").pop())).not.toContain(
      "spectrum.svg",
    );
  });

  it("expected.arrow labels each threshold with its pair (renp.thresholds), the old key kept", async () => {
    const dir = tempDir();
    expect((await runCli(["generate", REFERENCE_SCENARIO, "--toys", "1", "--out", dir])).code).toBe(
      0,
    );
    const md = tableFromIPC(readFileSync(join(dir, "expected.arrow"))).schema.metadata;
    const labelled = JSON.parse(md.get("renp.thresholds")!) as { pair: string; omegaEv: number }[];
    const ref = readJson(join(REFERENCE_DIR, "yb-majorana-normal.expected.json"));
    expect(labelled.map((t) => t.pair).sort()).toEqual(["11", "12", "13", "22", "23", "33"]);
    // Each label names the pair whose reference masses give the threshold:
    // omega_ij = E_eg/2 - (m_i + m_j)^2 / (2 E_eg) (docs/physics/standard-model.md section 1).
    const eeg: number = JSON.parse(md.get("renp.scenario")!).target.eegEv;
    labelled.forEach(({ pair, omegaEv }, k) => {
      expect(Math.abs(omegaEv - ref.thresholds_ev[k])).toBeLessThanOrEqual(1e-15);
      const s = ref.masses_ev[Number(pair[0]) - 1] + ref.masses_ev[Number(pair[1]) - 1];
      expect(Math.abs(eeg / 2 - (s * s) / (2 * eeg) - omegaEv)).toBeLessThan(1e-14);
    });
    expect(JSON.parse(md.get("renp.thresholds_ev")!)).toEqual(labelled.map((t) => t.omegaEv));
  });
});

describe("typed errors: the library says what, the CLI alone maps to exit codes and options", () => {
  it("a missing target: kind, field and allowed values on the error; no exit code on it", () => {
    const { target: _target, ...withoutTarget } = reference;
    let error: unknown;
    try {
      validateScenario(withoutTarget);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RenpError);
    const e = error as RenpError;
    expect(e).toMatchObject({ kind: "invalid-input", field: "target", value: undefined });
    expect(e.allowed).toMatch(/one of "Yb", "Xe", or an object/);
    expect("exitCode" in e).toBe(false);
  });

  it("kinds map to exit codes; only the CLI adds --force", () => {
    expect(exitCodeOf(new ScenarioError("x"))).toBe(2);
    expect(exitCodeOf(new OutputExistsError("/tmp/f"))).toBe(2);
    expect(exitCodeOf(new RenpFileError("x"))).toBe(1);
    expect(exitCodeOf(new RenpError("internal", "x"))).toBe(1);
    expect(exitCodeOf(new Error("x"))).toBe(1);
    expect(new OutputExistsError("/tmp/f").message).not.toMatch(/--force/);
    expect(cliMessage(new OutputExistsError("/tmp/f"))).toBe(
      "/tmp/f exists; pass --force to replace it",
    );
  });
});

describe("scenario messages", () => {
  it("a JSON syntax error names the line and the column", async () => {
    const path = join(tempDir(), "bad.json");
    writeFileSync(path, '{\n  "name": "x",\n  "seed": }\n');
    const r = await runCli(["validate", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid JSON at line 3, column 11/);
    writeFileSync(path, '{\n  "name": "x",\n}\n');
    expect((await runCli(["validate", path])).stderr).toMatch(/not valid JSON at line 3, column 1/);
  });

  it("a missing target names the field and the values allowed", async () => {
    const { target: _target, ...withoutTarget } = reference;
    const path = join(tempDir(), "notarget.json");
    writeFileSync(path, JSON.stringify(withoutTarget));
    const r = await runCli(["validate", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /target = missing: required; allowed: one of "Yb", "Xe", or an object \{ name, eegEv, epgEv, gammaPgPerS, jP, cEp, spinFactorXi\?[^}]*\}/,
    );
  });
});
