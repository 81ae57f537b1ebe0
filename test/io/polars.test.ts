/**
 * Every kind of output file, read by an independent reader (nodejs-polars, from the bytes) with
 * the contract's columns; metadata read with apache-arrow (nodejs-polars does not expose it).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { GENERATORS_DIR } from "../../src/paths.js";
import { generateRun } from "../../src/run.js";
import { summarizeToys } from "../../src/io/read.js";

const scenario = JSON.parse(readFileSync(join(GENERATORS_DIR, "yb-backgrounds.json"), "utf8"));
scenario.systematics = [
  { name: "sig", parameter: "signalNorm", prior: { distribution: "lognormal", sigma: 0.1 } },
  {
    name: "psrnorm",
    parameter: "backgroundNorm",
    background: "psr",
    prior: { distribution: "gaussian", sigma: 0.2 },
  },
];
const dir = mkdtempSync(join(tmpdir(), "renp-polars-"));
const path = join(dir, "s.json");
writeFileSync(path, JSON.stringify(scenario));
const bins = scenario.experiment.scan.bins as number;

function metadataOf(file: string): Map<string, string> {
  return arrow.tableFromIPC(readFileSync(file)).schema.metadata;
}

describe("nodejs-polars reads every renp output file", () => {
  it("long toys with --truth, nuisance.arrow and expected.arrow, all with renp metadata", async () => {
    const out = join(dir, "long");
    const run = await generateRun({
      scenario: path,
      toys: 7,
      outDir: out,
      workers: 0,
      truth: true,
    });
    const toys = pl.readIPC(readFileSync(run.files.toys));
    expect(toys.columns).toEqual([
      "toy",
      "bin",
      "n_obs",
      "n_signal",
      "n_bkg_dark",
      "n_bkg_psr",
      "n_bkg_qed3gamma",
      "n_bkg_stray",
    ]);
    expect(toys.height).toBe(7 * bins);
    const sum = toys.select(
      pl
        .col("n_signal")
        .add(pl.col("n_bkg_dark"))
        .add(pl.col("n_bkg_psr"))
        .add(pl.col("n_bkg_qed3gamma"))
        .add(pl.col("n_bkg_stray"))
        .alias("s"),
    );
    expect(sum.getColumn("s").toArray()).toEqual(toys.getColumn("n_obs").toArray());
    const nuisance = pl.readIPC(readFileSync(run.files.nuisance!));
    expect(nuisance.columns).toEqual(["toy", "sig", "psrnorm"]);
    expect(nuisance.getColumn("toy").toArray()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const expected = pl.readIPC(readFileSync(run.files.expected));
    expect(expected.columns).toContain("mu_bkg_psr");
    for (const file of [run.files.toys, run.files.nuisance!, run.files.expected]) {
      const md = metadataOf(file);
      for (const key of [
        "renp.version",
        "renp.scenario",
        "renp.seed",
        "renp.toys",
        "renp.shard",
        "renp.rng",
      ])
        expect(md.has(key), `${file} ${key}`).toBe(true);
      expect(JSON.parse(md.get("renp.scenario")!).systematics).toHaveLength(2);
    }
  });

  it("wide layout: a (toys x bins) list column; shards concatenate to the unsharded rows", async () => {
    const wide = await generateRun({
      scenario: path,
      toys: 5,
      outDir: join(dir, "wide"),
      workers: 0,
      layout: "wide",
    });
    const df = pl.readIPC(readFileSync(wide.files.toys));
    expect(df.columns).toEqual(["toy", "counts"]);
    expect(df.height).toBe(5);
    expect((df.getColumn("counts").toArray()[0] as unknown as ArrayLike<number>).length).toBe(bins);

    const whole = await generateRun({
      scenario: path,
      toys: 5,
      outDir: join(dir, "whole"),
      workers: 0,
    });
    const parts = [];
    for (const index of [1, 2]) {
      const shard = await generateRun({
        scenario: path,
        toys: 5,
        outDir: join(dir, "shards"),
        workers: 0,
        shard: { index, count: 2 },
      });
      parts.push(pl.readIPC(readFileSync(shard.files.toys)));
      expect(metadataOf(shard.files.toys).get("renp.shard")).toBe(`${index}/2`);
    }
    const joined = pl.concat(parts);
    expect(joined.getColumn("n_obs").toArray()).toEqual(
      pl.readIPC(readFileSync(whole.files.toys)).getColumn("n_obs").toArray(),
    );
    // The wide file holds the same counts as the long one, toy by toy.
    const wideCounts = (df.getColumn("counts").toArray() as unknown as ArrayLike<number>[]).flatMap(
      (row) => Array.from(row),
    );
    expect(wideCounts).toEqual(
      pl.readIPC(readFileSync(whole.files.toys)).getColumn("n_obs").toArray(),
    );
    // renp's own reader (inspect, plot) sees a wide file as the long one.
    expect(summarizeToys(wide.files.toys)).toEqual(summarizeToys(whole.files.toys));
  });
});
