/**
 * renp fit: fits.arrow's contract, the same bytes for any worker count, non-converged toys
 * flagged, and bad input refused (exit 2, the culprit named, no output).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import { computeExpectation } from "../../src/expectation.js";
import { columnSchema, metadataMap, recordBatch } from "../../src/io/arrow.js";
import { loadScenario } from "../../src/scenario/load.js";
import { runCli } from "../helpers/cli.js";
import { column, filesIn, readTable, scenarioFile, tempDir } from "../helpers/runs.js";

const BACKGROUND = { backgrounds: [{ kind: "flat", name: "flat", ratePerS: 1e-4 }] };
let run: string;

beforeAll(async () => {
  run = tempDir();
  const scenario = scenarioFile(BACKGROUND);
  const r = await runCli(["generate", scenario, "--toys", "300", "--out", run, "--workers", "1"]);
  expect(r.code, r.stderr).toBe(0);
});

describe("renp fit", () => {
  it("writes one row per toy with the contract's columns, the same bytes with 1 and 2 workers", async () => {
    const outs = [join(run, "fits-1.arrow"), join(run, "fits-2.arrow")];
    for (const [i, out] of outs.entries()) {
      const r = await runCli([
        "fit",
        run,
        "--float",
        "signalNorm,backgroundNorm:flat",
        "--workers",
        String(i + 1),
        "--out",
        out,
        "--test",
        "nature",
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/fitted 300 toys/);
    }
    expect(Buffer.compare(readFileSync(outs[0]), readFileSync(outs[1]))).toBe(0);
    const table = readTable(outs[0]);
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      "toy:Int32",
      "status:Utf8",
      "nll:Float64",
      "signalNorm:Float64",
      "signalNorm_err:Float64",
      "backgroundNorm:flat:Float64",
      "backgroundNorm:flat_err:Float64",
      "q_nature:Float64",
    ]);
    expect([...column(table, "toy")]).toEqual(Array.from({ length: 300 }, (_, i) => i));
    const status = table.getChild("status")!.toArray() as string[];
    // The signal (0.75 error on its norm here) sits at its bound 0 in some toys: flagged, not failed.
    expect(new Set(status)).toEqual(new Set(["ok", "at-bound"]));
    const signal = column(table, "signalNorm");
    status.forEach((s, i) => expect(s === "at-bound").toBe(signal[i] === 0));
    const meta = table.schema.metadata;
    expect(JSON.parse(meta.get("renp.fit")!).float).toEqual(["signalNorm", "backgroundNorm:flat"]);
    expect(JSON.parse(meta.get("renp.scenario")!).backgrounds[0].name).toBe("flat");
    // nll >= 0: -ln(L / L_saturated) cannot be negative.
    expect([...column(table, "nll")].every((v) => v >= 0)).toBe(true);
  });

  it("reads the wide layout: the same fits as from the long one", async () => {
    const wide = tempDir();
    const gen = await runCli([
      "generate",
      scenarioFile(BACKGROUND),
      "--toys",
      "300",
      "--out",
      wide,
      "--layout",
      "wide",
      "--workers",
      "1",
    ]);
    expect(gen.code, gen.stderr).toBe(0);
    for (const dir of [run, wide]) {
      const r = await runCli([
        "fit",
        dir,
        "--float",
        "signalNorm",
        "--toys",
        "0..49",
        "--out",
        join(dir, "f.arrow"),
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(
      Buffer.compare(readFileSync(join(run, "f.arrow")), readFileSync(join(wide, "f.arrow"))),
    ).toBe(0);
  });

  it("fits a range of toys (--toys A..B) into the default fits.arrow beside the toys", async () => {
    const r = await runCli([
      "fit",
      run,
      "--float",
      "signalNorm",
      "--toys",
      "10..19",
      "--workers",
      "1",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const table = readTable(join(run, "fits.arrow"));
    expect([...column(table, "toy")]).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
    const again = await runCli(["fit", run, "--float", "signalNorm", "--toys", "10..19"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/fits\.arrow exists; pass --force/);
  });

  it("--exact fits by the exact integrals: the fast path's fits agree to 1e-3 of their errors", async () => {
    const paths = ["fast", "exact"].map((name) => join(run, `mass-${name}.arrow`));
    for (const [i, out] of paths.entries()) {
      const r = await runCli([
        "fit",
        run,
        "--float",
        "signalNorm,lightestMassEv",
        "--toys",
        "0..3",
        "--workers",
        "1",
        "--out",
        out,
        ...(i ? ["--exact"] : []),
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    const [fast, exact] = paths.map(readTable);
    expect(JSON.parse(exact.schema.metadata.get("renp.fit")!).exact).toBe(true);
    expect(JSON.parse(fast.schema.metadata.get("renp.fit")!).exact).toBeUndefined();
    for (const name of ["signalNorm", "lightestMassEv"]) {
      const error = column(exact, `${name}_err`);
      const a = column(fast, name);
      const b = column(exact, name);
      for (let t = 0; t < 4; t++)
        expect(Math.abs(a[t] - b[t])).toBeLessThanOrEqual(1e-3 * error[t]);
    }
  });

  it("renp inspect summarises fits.arrow: statuses, pulls against the toys' own nuisance draws", async () => {
    const dir = tempDir();
    const scenario = scenarioFile({
      ...BACKGROUND,
      experiment: {
        ...JSON.parse(readFileSync(scenarioFile(), "utf8")).experiment,
        scan: { omegaMinEv: 1.0685, omegaMaxEv: 1.0718, bins: 66, exposurePerBinS: 864000 },
      },
      systematics: [
        {
          name: "flat_norm",
          parameter: "backgroundNorm",
          background: "flat",
          prior: { distribution: "lognormal", sigma: 0.2 },
        },
      ],
    });
    const gen = await runCli([
      "generate",
      scenario,
      "--toys",
      "400",
      "--out",
      dir,
      "--workers",
      "1",
    ]);
    expect(gen.code, gen.stderr).toBe(0);
    const fit = await runCli([
      "fit",
      dir,
      "--float",
      "signalNorm,backgroundNorm:flat",
      "--workers",
      "1",
    ]);
    expect(fit.code, fit.stderr).toBe(0);
    const r = await runCli(["inspect", join(dir, "fits.arrow"), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const fits = JSON.parse(r.stdout).fits;
    expect(Object.values(fits.statusCounts).reduce((a: number, b) => a + (b as number), 0)).toBe(
      400,
    );
    const bkg = fits.parameters["backgroundNorm:flat"];
    expect(bkg.truth).toBe("nuisance.arrow");
    expect(fits.parameters.signalNorm.truth).toBe("nominal");
    // Ten days a bin: both norms far from their bounds; 400 toys put a pull mean within 0.25 of 0
    // (5 standard errors) and the width within 0.2 of 1 (5.7 standard errors).
    for (const p of [bkg, fits.parameters.signalNorm]) {
      expect(p.toys).toBe(400);
      expect(Math.abs(p.mean)).toBeLessThan(0.25);
      expect(Math.abs(p.width - 1)).toBeLessThan(0.2);
    }
    const text = await runCli(["inspect", join(dir, "fits.arrow")]);
    expect(text.stdout).toMatch(/fits: +400 ok/);
  });

  it("flags a toy that cannot converge: counts where the model expects none", async () => {
    // The reference scenario without background expects 0 counts in its last bins (above every
    // threshold): a toy with counts there has -2 ln L = +Infinity for every parameter value.
    // The literature's isotropic projection: its rounded expectations are a toy a fit converges on.
    const transverse = loadScenario("yb-majorana-normal");
    const scenario = {
      ...transverse,
      experiment: { ...transverse.experiment, spinProjection: "isotropic" as const },
    };
    const table = computeExpectation(scenario);
    const bins = table.muTotal.length;
    const good = Int32Array.from(table.muTotal, (m) => Math.round(m));
    const bad = Int32Array.from(good);
    expect(table.muTotal[bins - 1]).toBe(0);
    bad[bins - 1] = 3;
    const columns: [string, Int32Array][] = [
      ["toy", Int32Array.from({ length: 2 * bins }, (_, i) => (i < bins ? 0 : 1))],
      ["bin", Int32Array.from({ length: 2 * bins }, (_, i) => i % bins)],
      ["n_obs", Int32Array.from([...good, ...bad])],
    ];
    const schema = columnSchema(
      columns,
      metadataMap({ scenario, toys: { first: 0, count: 2 }, shard: "1/1" }),
    );
    const dir = tempDir();
    const path = join(dir, "toys.arrow");
    writeFileSync(
      path,
      arrow.tableToIPC(
        new arrow.Table([
          recordBatch(
            schema,
            columns.map(([, c]) => c),
          ),
        ]),
        "file",
      ),
    );
    const r = await runCli(["fit", path, "--float", "signalNorm", "--workers", "1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 ok, 1 not-converged/);
    const status = readTable(join(dir, "fits.arrow")).getChild("status")!.toArray() as string[];
    expect(status).toEqual(["ok", "not-converged"]);
  });

  it.each([
    [["--float", "signalNorm,massOfTheSun"], /unknown fit parameter "massOfTheSun"/],
    [
      ["--float", "backgroundNorm:nope"],
      /unknown fit parameter "backgroundNorm:nope".*backgrounds flat/,
    ],
    [["--float", "signalNorm", "--fix", "signalNorm=2"], /"signalNorm" is both floated and fixed/],
    [["--float", "signalNorm", "--test", "mass"], /--test = "mass": expected ordering or nature/],
    [["--float", "signalNorm", "--toys", "5..400"], /--toys 5..400: the input holds toys 0..299/],
  ])("refuses %j (exit 2, named, no output)", async (args, message) => {
    const out = join(tempDir(), "fits.arrow");
    const r = await runCli(["fit", run, ...args, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a file that is not renp toys (exit 2, named, no output)", async () => {
    const out = join(tempDir(), "fits.arrow");
    const expected = join(run, "expected.arrow");
    const r = await runCli(["fit", expected, "--float", "signalNorm", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${expected} is not a renp toys file`);
    const text = join(tempDir(), "toys.arrow");
    writeFileSync(text, "not arrow at all");
    const r2 = await runCli(["fit", text, "--float", "signalNorm", "--out", out]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(`${text} is not a renp toys file`);
    expect(existsSync(out)).toBe(false);
    expect(filesIn(run).some((f) => f.endsWith(".tmp"))).toBe(false);
  });
});
