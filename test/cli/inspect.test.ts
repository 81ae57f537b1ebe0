/** renp inspect prints what it promises; renp list too. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tableFromIPC } from "apache-arrow";
import { inspectFile } from "../../src/inspect.js";
import { formatInspect } from "../../src/inspectText.js";
import { listGenerators } from "../../src/cli/list.js";
import { GENERATORS_DIR } from "../../src/paths.js";
import { builtinGeneratorNames } from "../../src/scenario/load.js";
import { runCli } from "../helpers/cli.js";
import { referenceRun, referenceTable, toysIpc, writeTemp } from "../plot/fixtures.js";

describe("renp inspect", () => {
  it("expected.arrow: schema, metadata with the scenario pretty-printed, rows, totals per component", async () => {
    const { expected } = referenceRun(4);
    const { scenario, table } = referenceTable();
    const r = inspectFile(expected);
    expect(r).toMatchObject({ kind: "expected", rows: 66, batches: 1, bins: 66 });
    expect(r.schema.map((f) => `${f.name}:${f.type}`)).toEqual([
      "bin:Int32",
      "omega_lo_ev:Float64",
      "omega_ev:Float64",
      "omega_hi_ev:Float64",
      "exposure_s:Float64",
      "efficiency:Float64",
      "mu_signal:Float64",
      "mu_total:Float64",
    ]);
    expect(r.metadata).toMatchObject({
      seed: scenario.seed,
      toys: { first: 0, count: 4 },
      shard: "1/1",
      scenario,
    });
    expect(r.metadata.other["renp.masses_ev"]).toBeDefined();
    const total = table.muTotal.reduce((s, v) => s + v, 0);
    expect(r.totals!.mu_total).toBeCloseTo(total, 10);
    expect(r.totals!.mu_signal).toBeCloseTo(total, 10);

    const text = formatInspect(r);
    expect(text).toMatch(/^rows: +66 in 1 record batch$/m);
    expect(text).toMatch(/^ {2}mu_signal +Float64$/m);
    expect(text).toMatch(/^ {2}renp\.seed +20231108$/m);
    expect(text).toMatch(/^ {2}renp\.toys +first 0, count 4$/m);
    expect(text).toContain(`    ${JSON.stringify(scenario, null, 2).split("\n").join("\n    ")}`);
    expect(text).toMatch(new RegExp(`^ {2}mu_total +${Number(total.toPrecision(6))}$`, "m"));

    // --json against the file itself, read with apache-arrow (not with renp's reader).
    const { code, stdout } = await runCli(["inspect", expected, "--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    const file = tableFromIPC(readFileSync(expected));
    expect(json).toMatchObject({ kind: "expected", rows: file.numRows, bins: file.numRows });
    expect(json.schema.map((f: { name: string }) => f.name)).toEqual(
      file.schema.fields.map((f) => f.name),
    );
    const meta = file.schema.metadata;
    expect(json.metadata.seed).toBe(Number(meta.get("renp.seed")));
    expect(json.metadata.scenario).toEqual(JSON.parse(meta.get("renp.scenario")!));
    expect(json.metadata.toys).toEqual(JSON.parse(meta.get("renp.toys")!));
    const sum = (name: string) =>
      (file.getChild(name)!.toArray() as Float64Array).reduce((s, v) => s + v, 0);
    expect(json.totals.mu_total).toBeCloseTo(sum("mu_total"), 10);
    expect(json.totals.mu_signal).toBeCloseTo(sum("mu_signal"), 10);
  });

  it("toys.arrow: toy count, means per bin against expected.arrow beside it, chi-square summary", async () => {
    const { toys } = referenceRun(200);
    const r = inspectFile(toys);
    expect(r.kind).toBe("toys");
    expect(r.toys).toMatchObject({
      count: 200,
      first: 0,
      last: 199,
      bins: 66,
      sortedByToyThenBin: true,
      everyToyHasEveryBin: true,
    });
    const c = r.toys!.comparison!;
    expect(c.perBin).toHaveLength(66);
    // The reference spectrum is zero above the highest threshold: those bins take no part in the chi-square.
    const zeroBins = referenceTable().table.muTotal.filter((m) => m === 0).length;
    expect(c.ndf).toBe(66 - zeroBins);
    expect(c.impossibleBins).toEqual([]);
    // Poisson toys drawn with the expected means: a fair chi-square and unit dispersion.
    expect(c.pValue).toBeGreaterThan(1e-4);
    expect(c.chi2 / c.ndf).toBeGreaterThan(0.4);
    expect(c.chi2 / c.ndf).toBeLessThan(2);
    expect(c.meanDispersion).toBeGreaterThan(0.8);
    expect(c.meanDispersion).toBeLessThan(1.2);
    expect(r.toys!.meanTotalPerToy.n_obs).toBeCloseTo(c.expectedTotal, -1);

    const { code, stdout } = await runCli(["inspect", toys]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^toys: +200 \(toy 0 \.\. 199\), 66 bins per toy$/m);
    expect(stdout).toMatch(/sorted by toy then bin: yes; every toy has every bin: yes/);
    expect(stdout).toMatch(/^ {2}chi2 = sum of pulls\^2.*: [\d.]+ for \d+ bins \(p = [\d.e-]+\)$/m);
    expect(
      stdout.split("\n").filter((l) => /^ +\d+ +1\.0\d+ +[\d.]+ +[\d.e-]+ +(-?[\d.]+|-)$/.test(l)),
    ).toHaveLength(66);
  });

  it("a toys file alone (no expected.arrow beside it) and a mis-sorted one are reported as such", () => {
    const { scenario, table } = referenceTable();
    const path = writeTemp(
      "toys-1-of-1.arrow",
      toysIpc(scenario, table.muTotal, { toys: 3, unsorted: true }),
    );
    const r = inspectFile(path);
    expect(r.toys!.expectedFile).toBeUndefined();
    const text = formatInspect(r);
    expect(text).toContain("sorted by toy then bin: NO");
    expect(text).toContain("no expected.arrow beside this file");
  });

  it("a file that is not Arrow exits 1 with a message", async () => {
    const { code, stderr } = await runCli(["inspect", writeTemp("bad.arrow", "not arrow")]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/not an Arrow IPC file/);
  });
});

describe("renp list", () => {
  it("listGenerators gives every built-in generator with its description", () => {
    const rows = listGenerators();
    expect(rows.map((r) => r.name)).toEqual(builtinGeneratorNames());
    for (const r of rows) {
      const json = JSON.parse(readFileSync(join(GENERATORS_DIR, `${r.name}.json`), "utf8"));
      expect(r.description).toBe(json.description ?? "");
      expect(json.name).toBe(r.name);
    }
  });

  it("prints one line per generator: name, then the first line of its description", async () => {
    const { code, stdout } = await runCli(["list"]);
    expect(code).toBe(0);
    const lines = stdout.split("\n").filter(Boolean);
    const rows = listGenerators();
    expect(lines).toHaveLength(rows.length);
    rows.forEach((r, i) =>
      expect(lines[i]).toMatch(
        new RegExp(
          `^${r.name} +${r.description.split("\n")[0].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
        ),
      ),
    );
  });
});
