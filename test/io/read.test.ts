/**
 * Reading renp Arrow files back, checked against an independent reader: nodejs-polars reads the
 * file bytes (pl.readIPC(buffer)) and must see the contract's columns and types. nodejs-polars
 * 0.26 does not expose the Arrow schema metadata (DataFrame has no metadata accessor), so the
 * metadata is read with apache-arrow's own reader here, apart from src/io/read.ts.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import {
  parseMetadata,
  readArrowColumns,
  readExpected,
  readToyCounts,
  summarizeArrow,
  summarizeToys,
  toyFilesIn,
} from "../../src/io/read.js";
import { referenceRun, referenceTable, toysIpc, writeTemp } from "../plot/fixtures.js";

const CONTRACT = [
  "bin",
  "omega_lo_ev",
  "omega_ev",
  "omega_hi_ev",
  "exposure_s",
  "efficiency",
  "mu_signal",
  "mu_total",
];

describe("expected.arrow", () => {
  it("nodejs-polars reads the contract's columns and types; values equal the table's", () => {
    const { expected } = referenceRun(2);
    const { table } = referenceTable();
    const df = pl.readIPC(readFileSync(expected));
    expect(df.columns).toEqual(CONTRACT);
    expect(df.dtypes.map(String)).toEqual([
      "DataType(Int32)",
      ...Array(7).fill("DataType(Float64)"),
    ]);
    expect(df.height).toBe(table.muTotal.length);
    expect(Float64Array.from(df.getColumn("mu_signal").toArray() as number[])).toEqual(
      table.muSignal,
    );
    expect(df.getColumn("bin").toArray()).toEqual(Array.from({ length: df.height }, (_, k) => k));
  });

  it("metadata (read with apache-arrow, since nodejs-polars does not expose it) and readExpected agree", () => {
    const { expected } = referenceRun(2);
    const { scenario, table } = referenceTable();
    const md = arrow.tableFromIPC(readFileSync(expected)).schema.metadata;
    for (const key of ["renp.version", "renp.scenario", "renp.seed", "renp.toys", "renp.shard"])
      expect(md.has(key)).toBe(true);
    expect(JSON.parse(md.get("renp.scenario")!)).toEqual(scenario);

    const e = readExpected(expected);
    expect(e.metadata.scenario).toEqual(scenario);
    expect(e.metadata.seed).toBe(scenario.seed);
    expect(e.metadata.toys).toEqual({ first: 0, count: 2 });
    expect(e.metadata.shard).toBe("1/1");
    expect(e.metadata.massesEv).toEqual([...table.physics.massesEv]);
    expect(e.metadata.thresholdsEv).toEqual([...table.physics.spectrum.thresholdsEv]);
    expect(e.muTotal).toEqual(table.muTotal);
    expect(e.omegaLoEv).toEqual(table.scan.loEv);
    expect(e.backgrounds).toEqual([]);
    expect(e.bin).toBeInstanceOf(Int32Array);
  });

  it("summaries without columns; other files rejected with a clear message", () => {
    const { expected, toys } = referenceRun(10);
    expect(summarizeArrow(expected)).toMatchObject({
      kind: "expected",
      numRows: 66,
      numBatches: 1,
    });
    expect(summarizeArrow(toys)).toMatchObject({ kind: "toys", numRows: 660, numBatches: 2 });
    expect(() => readExpected(toys)).toThrow(/not an expectation table/);
    const notArrow = writeTemp("x.arrow", "hello");
    expect(() => summarizeArrow(notArrow)).toThrow(/not an Arrow IPC file/);
    expect(() => summarizeArrow(join(notArrow, "..", "missing.arrow"))).toThrow(/no such file/);
    expect(parseMetadata(new Map())).toMatchObject({ raw: {}, scenario: undefined });
  });
});

describe("toys.arrow", () => {
  it("one toy's counts equal the rows polars finds for it", () => {
    const { toys } = referenceRun(20);
    const df = pl.readIPC(readFileSync(toys));
    expect(df.columns).toEqual(["toy", "bin", "n_obs"]);
    for (const t of [0, 6, 7, 19]) {
      const rows = df.filter(pl.col("toy").eq(t)).sort("bin");
      expect(Array.from(readToyCounts(toys, t, 66)!)).toEqual(rows.getColumn("n_obs").toArray());
    }
    expect(readToyCounts(toys, 20, 66)).toBeUndefined();
  });

  it("per-bin mean and variance equal polars' group-by; order and completeness checked", () => {
    const { toys } = referenceRun(30);
    const s = summarizeToys(toys);
    expect(s).toMatchObject({
      toys: 30,
      firstToy: 0,
      lastToy: 29,
      rows: 1980,
      nBins: 66,
      sorted: true,
      complete: true,
    });
    const g = pl
      .readIPC(readFileSync(toys))
      .groupBy("bin")
      .agg(
        pl.col("n_obs").cast(pl.Float64).mean().alias("m"),
        pl.col("n_obs").cast(pl.Float64).var().alias("v"),
      )
      .sort("bin");
    const m = g.getColumn("m").toArray() as number[];
    const v = g.getColumn("v").toArray() as number[];
    for (let b = 0; b < 66; b++) {
      expect(s.mean[b]).toBeCloseTo(m[b], 10);
      expect(s.variance[b]).toBeCloseTo(v[b], 8);
    }
    const { scenario, table } = referenceTable();
    const unsorted = writeTemp(
      "toys.arrow",
      toysIpc(scenario, table.muTotal, { toys: 3, unsorted: true }),
    );
    expect(summarizeToys(unsorted)).toMatchObject({ sorted: false, complete: false });
  });

  it("shards are found in K order and read by their toy range", () => {
    const { dir } = referenceRun(2);
    const { scenario, table } = referenceTable();
    writeFileSync(
      join(dir, "toys-2-of-2.arrow"),
      toysIpc(scenario, table.muTotal, { firstToy: 5, toys: 5, shard: "2/2" }),
    );
    writeFileSync(
      join(dir, "toys-1-of-2.arrow"),
      toysIpc(scenario, table.muTotal, { firstToy: 0, toys: 5, shard: "1/2" }),
    );
    expect(toyFilesIn(dir).map((f) => f.slice(dir.length + 1))).toEqual(["toys.arrow"]);
    // Readable whole as well: 2 toys x 66 bins, the columns polars finds.
    const whole = readArrowColumns(join(dir, "toys.arrow"));
    const df = pl.readIPC(readFileSync(join(dir, "toys.arrow")));
    expect(Object.keys(whole.columns)).toEqual(["toy", "bin", "n_obs"]);
    expect(Array.from(whole.columns.n_obs)).toEqual(df.getColumn("n_obs").toArray());
    expect(whole.numRows).toBe(2 * 66);
    const shardDir = join(dir, "..", `${dir.split("/").pop()}-shards`);
    mkdirSync(shardDir);
    renameSync(join(dir, "toys-2-of-2.arrow"), join(shardDir, "toys-2-of-2.arrow"));
    renameSync(join(dir, "toys-1-of-2.arrow"), join(shardDir, "toys-1-of-2.arrow"));
    expect(toyFilesIn(shardDir).map((f) => f.slice(shardDir.length + 1))).toEqual([
      "toys-1-of-2.arrow",
      "toys-2-of-2.arrow",
    ]);
    expect(summarizeArrow(join(shardDir, "toys-2-of-2.arrow")).metadata.toys).toEqual({
      first: 5,
      count: 5,
    });
    // Toy 7 lives in shard 2 (toys 5..9): its counts are the rows polars finds for it there.
    const shard2 = join(shardDir, "toys-2-of-2.arrow");
    const rows = pl.readIPC(readFileSync(shard2)).filter(pl.col("toy").eq(7)).sort("bin");
    expect(rows.height).toBe(66);
    expect(Array.from(readToyCounts(shard2, 7, 66)!)).toEqual(rows.getColumn("n_obs").toArray());
    expect(readToyCounts(shard2, 4, 66)).toBeUndefined();
  });
});
