import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { emptyColumns, schemaOf, StreamingIpcFile, ToysBatcher } from "../../src/io/toys.js";
import { generateRun } from "../../src/run.js";
import { RNG_ALGORITHM } from "../../src/sampling/streams.js";
import {
  column,
  readTable,
  REFERENCE_SCENARIO,
  scenarioFile,
  SYSTEMATICS_CHANGES,
  tempDir,
} from "../helpers/runs.js";

describe("StreamingIpcFile", () => {
  it("writes a valid IPC file batch by batch (footer included), and an empty one", () => {
    const dir = tempDir();
    const batcher = new ToysBatcher("long", 3, ["n_signal"]);
    const schema = schemaOf(emptyColumns("long", 3, ["n_signal"]), new Map([["k", "v"]]));
    const file = new StreamingIpcFile(join(dir, "a.arrow"), schema);
    file.write(
      batcher
        .columns(0, 2, Int32Array.of(1, 2, 3, 4, 5, 6), [Int32Array.of(1, 2, 3, 4, 5, 6)])
        .map((c) => c.data),
    );
    file.write(
      batcher.columns(2, 1, Int32Array.of(7, 8, 9), [Int32Array.of(7, 8, 9)]).map((c) => c.data),
    );
    file.close();
    const bytes = readFileSync(join(dir, "a.arrow"));
    expect(bytes.subarray(0, 6).toString()).toBe("ARROW1");
    expect(bytes.subarray(bytes.length - 6).toString()).toBe("ARROW1");
    const table = tableFromIPC(bytes);
    expect(table.batches.length).toBe(2);
    expect(Array.from(column(table, "toy"))).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(Array.from(column(table, "bin"))).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(Array.from(column(table, "n_obs"))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(table.schema.metadata.get("k")).toBe("v");

    const empty = new StreamingIpcFile(join(dir, "b.arrow"), schema);
    empty.close();
    const emptyTable = readTable(join(dir, "b.arrow"));
    expect(emptyTable.numRows).toBe(0);
    expect(emptyTable.schema.fields.map((f) => f.name)).toEqual([
      "toy",
      "bin",
      "n_obs",
      "n_signal",
    ]);
  });
});

describe("generateRun files", () => {
  it("writes toys.arrow (long), nuisance.arrow and expected.arrow with the renp metadata", async () => {
    const dir = tempDir();
    const summary = await generateRun({
      scenario: scenarioFile(SYSTEMATICS_CHANGES),
      toys: 300,
      seed: 5,
      outDir: dir,
      workers: 2,
      truth: true,
      toysPerBatch: 64,
    });
    const toys = readTable(join(dir, "toys.arrow"));
    expect(toys.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "toy:Int32",
      "bin:Int32",
      "n_obs:Int32",
      "n_signal:Int32",
      "n_bkg_dark:Int32",
      "n_bkg_stray:Int32",
    ]);
    expect(toys.numRows).toBe(300 * summary.bins);
    expect(toys.batches.every((b) => b.numRows % summary.bins === 0)).toBe(true); // whole toys
    const toy = column(toys, "toy");
    const bin = column(toys, "bin");
    for (let i = 1; i < toy.length; i++)
      expect(toy[i] * 1000 + bin[i]).toBeGreaterThan(toy[i - 1] * 1000 + bin[i - 1]);
    expect(Array.from(column(toys, "n_obs")).reduce((a, b) => a + b, 0)).toBe(summary.counts);

    const nuisance = readTable(join(dir, "nuisance.arrow"));
    expect(nuisance.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "toy:Int32",
      "sig:Float64",
      "dark_norm:Float64",
      "eff:Float64",
      "dw:Float64",
    ]);
    expect(Array.from(column(nuisance, "toy"))).toEqual(Array.from({ length: 300 }, (_, i) => i));

    for (const file of ["toys.arrow", "nuisance.arrow", "expected.arrow"]) {
      const meta = readTable(join(dir, file)).schema.metadata;
      for (const key of [
        "renp.version",
        "renp.scenario",
        "renp.seed",
        "renp.toys",
        "renp.shard",
        "renp.rng",
      ])
        expect(meta.has(key)).toBe(true);
      expect(meta.get("renp.seed")).toBe("5");
      expect(meta.get("renp.rng")).toBe(RNG_ALGORITHM);
      expect(JSON.parse(meta.get("renp.toys")!)).toEqual({ first: 0, count: 300 });
      expect(meta.get("renp.shard")).toBe("1/1");
      expect(JSON.parse(meta.get("renp.scenario")!).systematics.length).toBe(4);
    }
    const run = JSON.parse(readFileSync(join(dir, "run.json"), "utf8"));
    expect(run).toMatchObject({
      workers: 2,
      node: process.version,
      toys: { first: 0, count: 300 },
    });
  });

  it("writes the wide layout as toy + counts FixedSizeList<int32>[bins], the same counts as long", async () => {
    const [long, wide] = [tempDir(), tempDir()];
    await generateRun({ scenario: REFERENCE_SCENARIO, toys: 200, outDir: long, workers: 0 });
    const s = await generateRun({
      scenario: REFERENCE_SCENARIO,
      toys: 200,
      outDir: wide,
      workers: 0,
      layout: "wide",
    });
    const table = readTable(join(wide, "toys.arrow"));
    expect(table.schema.fields.map((f) => String(f.type))).toEqual([
      "Int32",
      `FixedSizeList[${s.bins}]<Int32>`,
    ]);
    expect(table.numRows).toBe(200);
    const counts = table
      .getChild("counts")!
      .data.flatMap((d) => Array.from(d.children[0].values as Int32Array));
    expect(counts).toEqual(Array.from(column(readTable(join(long, "toys.arrow")), "n_obs")));
    expect(statSync(join(wide, "toys.arrow")).size).toBeLessThan(
      statSync(join(long, "toys.arrow")).size / 2,
    );
  });

  it("--asimov writes one toy: n_obs the nearest integer, asimov_total the exact expectation", async () => {
    const dir = tempDir();
    await generateRun({ scenario: REFERENCE_SCENARIO, outDir: dir, asimov: true });
    const mu = column(readTable(join(dir, "expected.arrow")), "mu_total");
    const toys = readTable(join(dir, "toys.arrow"));
    expect(Array.from(column(toys, "toy")).every((t) => t === 0)).toBe(true);
    expect(Array.from(column(toys, "asimov_total"))).toEqual(Array.from(mu));
    expect(Array.from(column(toys, "n_obs"))).toEqual(Array.from(mu, Math.round));
  });
});
