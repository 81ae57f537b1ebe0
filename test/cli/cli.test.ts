/** The CLI contract: exit codes 0/1/2, messages, outputs only when complete, --force. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { GENERATORS_DIR } from "../../src/paths.js";

const scratch = () => mkdtempSync(join(tmpdir(), "renp-cli-"));

describe("renp list / validate / schema", () => {
  it("list prints every built-in with its one-line description", async () => {
    const { code, stdout } = await runCli(["list"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^yb-majorana-normal +Yb, Majorana neutrinos, normal ordering/m);
    expect(stdout.trim().split("\n").length).toBeGreaterThanOrEqual(4);
  });

  it("validate prints the resolved scenario: presets expanded, defaults filled", async () => {
    const { code, stdout } = await runCli(["validate", "yb-majorana-normal"]);
    expect(code).toBe(0);
    const resolved = JSON.parse(stdout);
    expect(resolved.target).toMatchObject({ name: "Yb", eegEv: 2.14349, epgEv: 2.23072 });
    expect(resolved.neutrino.mixing).toMatchObject({
      name: "nufit-6.0",
      theta12Deg: 33.68,
      dm3lEv2: 2.513e-3,
    });
    expect(resolved.experiment.laserLinewidthEv).toBe(0);
  });

  it("a resolved scenario is itself valid and resolves to itself", async () => {
    const dir = scratch();
    const first = (await runCli(["validate", "yb-backgrounds"])).stdout;
    writeFileSync(join(dir, "resolved.json"), first);
    expect((await runCli(["validate", join(dir, "resolved.json")])).stdout).toBe(first);
  });

  it("schema prints the committed JSON Schema", async () => {
    const { code, stdout } = await runCli(["schema"]);
    expect(code).toBe(0);
    expect(stdout).toBe(readFileSync(join(GENERATORS_DIR, "scenario.schema.json"), "utf8"));
  });

  it("bad usage exits 2: unknown command, missing argument, bad option value", async () => {
    expect((await runCli(["frobnicate"])).code).toBe(2);
    expect((await runCli(["validate"])).code).toBe(2);
    const bad = await runCli(["generate", "yb-majorana-normal", "--toys", "-5"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--toys");
  });

  it("--help works on every command and exits 0", async () => {
    for (const command of [
      "generate",
      "spectrum",
      "validate",
      "list",
      "schema",
      "plot",
      "inspect",
    ]) {
      const { code, stdout } = await runCli([command, "--help"]);
      expect(code, command).toBe(0);
      expect(stdout).toContain(`Usage: renp ${command}`);
    }
  });

  it("renp --help lists every command by its summary", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const command of [
      "generate",
      "merge",
      "spectrum",
      "validate",
      "list",
      "plot",
      "inspect",
      "fit",
      "report",
      "schema",
    ])
      expect(stdout).toMatch(new RegExp(`^  ${command} `, "m"));
  });
});

describe("invalid scenarios: exit 2, a message naming field and value, no output", () => {
  it.each([
    ["malformed JSON", "{ not json", "not valid JSON at line 1, column 3"],
    [
      "negative density",
      JSON.stringify({
        ...JSON.parse(readFileSync(join(GENERATORS_DIR, "yb-majorana-normal.json"), "utf8")),
        experiment: {
          numberDensityPerCm3: -1,
          volumeCm3: 1,
          scan: { omegaMinEv: 1, omegaMaxEv: 1.07, bins: 3, exposurePerBinS: 1 },
        },
      }),
      "experiment.numberDensityPerCm3 = -1",
    ],
  ])("%s", async (_what, text, message) => {
    const dir = scratch();
    writeFileSync(join(dir, "s.json"), text);
    for (const args of [
      ["validate", join(dir, "s.json")],
      ["spectrum", join(dir, "s.json"), "--out", join(dir, "x.arrow")],
      ["generate", join(dir, "s.json"), "--out", join(dir, "run")],
    ]) {
      const { code, stderr } = await runCli(args);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
    }
    expect(readdirSync(dir)).toEqual(["s.json"]);
  });

  it("a bin whose total mean would overflow int32 counts is a scenario error (exit 2), with or without --truth", async () => {
    const dir = scratch();
    const s = JSON.parse(readFileSync(join(GENERATORS_DIR, "yb-backgrounds.json"), "utf8"));
    s.experiment.scan.exposurePerBinS = 1e16;
    writeFileSync(join(dir, "s.json"), JSON.stringify(s));
    for (const extra of [[], ["--truth"], ["--asimov"]]) {
      const { code, stderr } = await runCli([
        "generate",
        join(dir, "s.json"),
        "--toys",
        "2",
        "--workers",
        "1",
        "--out",
        join(dir, "run"),
        ...extra,
      ]);
      expect(code).toBe(2);
      expect(stderr).toContain("more than the 1000000000 a bin can hold");
    }
    expect(readdirSync(dir)).toEqual(["s.json"]);
  });

  it("a density so large that Gamma_0 overflows is named (exit 2), not an internal error", async () => {
    const dir = scratch();
    const s = JSON.parse(readFileSync(join(GENERATORS_DIR, "yb-majorana-normal.json"), "utf8"));
    s.experiment.numberDensityPerCm3 = 1e120;
    writeFileSync(join(dir, "s.json"), JSON.stringify(s));
    const { code, stderr } = await runCli(["spectrum", join(dir, "s.json")]);
    expect(code).toBe(2);
    expect(stderr).toContain("experiment.numberDensityPerCm3 = 1e+120");
  });

  it("a missing scenario names the built-ins", async () => {
    const { code, stderr } = await runCli(["validate", "no-such-generator"]);
    expect(code).toBe(2);
    expect(stderr).toContain("yb-majorana-normal");
  });
});

describe("renp spectrum", () => {
  it("writes Arrow with the contract's columns and metadata, and refuses to overwrite without --force", async () => {
    const dir = scratch();
    const out = join(dir, "spectrum.arrow");
    expect((await runCli(["spectrum", "yb-backgrounds", "--out", out])).code).toBe(0);
    const table = tableFromIPC(readFileSync(out));
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      "bin",
      "omega_lo_ev",
      "omega_ev",
      "omega_hi_ev",
      "exposure_s",
      "efficiency",
      "mu_signal",
      "mu_bkg_dark",
      "mu_bkg_psr",
      "mu_bkg_qed3gamma",
      "mu_bkg_stray",
      "mu_total",
    ]);
    const meta = table.schema.metadata;
    expect(JSON.parse(meta.get("renp.scenario")!).name).toBe("yb-backgrounds");
    expect(meta.get("renp.seed")).toBe("20231108");
    for (const key of ["renp.version", "renp.toys", "renp.shard"]) expect(meta.has(key)).toBe(true);
    const before = readFileSync(out);
    const again = await runCli(["spectrum", "yb-majorana-normal", "--out", out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("--force");
    expect(readFileSync(out)).toEqual(before);
    expect((await runCli(["spectrum", "yb-majorana-normal", "--out", out, "--force"])).code).toBe(
      0,
    );
    expect(readdirSync(dir)).toEqual(["spectrum.arrow"]);
  });

  it("is byte-identical when run twice (no timestamps)", async () => {
    const dir = scratch();
    await runCli(["spectrum", "xe-majorana-normal", "--out", join(dir, "a.arrow")]);
    await runCli(["spectrum", "xe-majorana-normal", "--out", join(dir, "b.arrow")]);
    expect(readFileSync(join(dir, "a.arrow"))).toEqual(readFileSync(join(dir, "b.arrow")));
  });

  it("writes CSV by extension and prints CSV without --out", async () => {
    const dir = scratch();
    expect(
      (await runCli(["spectrum", "yb-majorana-normal", "--out", join(dir, "s.csv")])).code,
    ).toBe(0);
    const csv = readFileSync(join(dir, "s.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe(
      "bin,omega_lo_ev,omega_ev,omega_hi_ev,exposure_s,efficiency,mu_signal,mu_total",
    );
    expect(csv).toHaveLength(67);
    expect((await runCli(["spectrum", "yb-majorana-normal"])).stdout.trim().split("\n")).toEqual(
      csv,
    );
  });
});
