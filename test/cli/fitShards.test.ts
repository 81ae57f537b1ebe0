/**
 * renp fit of a sharded run folder and of toys whose metadata claims more toys
 * than they hold: an incomplete shard set is refused (exit 2, naming the missing shard),
 * never fitted as if it were the run; a claimed count the rows cannot hold is refused before any
 * allocation sized by it.
 */
import * as arrow from "apache-arrow";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateRun } from "../../src/run.js";
import { runCli } from "../helpers/cli.js";
import { filesIn, scenarioFile, tempDir } from "../helpers/runs.js";

async function shardedRun(toys: number, n: number): Promise<string> {
  const dir = tempDir();
  const scenario = scenarioFile();
  for (let index = 1; index <= n; index++)
    await generateRun({ scenario, toys, outDir: dir, workers: 0, shard: { index, count: n } });
  return dir;
}

describe("renp fit of a run folder's shards", () => {
  it("shards 1/3 and 2/3 of 30 toys: refused (exit 2) naming 3/3, nothing written", async () => {
    const dir = await shardedRun(30, 3);
    rmSync(join(dir, "toys-3-of-3.arrow"));
    const before = filesIn(dir);
    const r = await runCli(["fit", dir, "--float", "signalNorm", "--workers", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not one whole run: shard 3\/3 is missing/);
    expect(filesIn(dir)).toEqual(before);
  });

  it("every shard present: fits all the run's toys; --toys names a range the shards hold", async () => {
    const dir = await shardedRun(6, 3);
    const all = await runCli(["fit", dir, "--float", "signalNorm", "--workers", "1"]);
    expect(all.code).toBe(0);
    expect(all.stderr).toMatch(/fitted 6 toys \(0\.\.5\)/);
    rmSync(join(dir, "toys-3-of-3.arrow"));
    const part = await runCli([
      "fit",
      dir,
      "--float",
      "signalNorm",
      "--workers",
      "1",
      "--toys",
      "0..3",
      "--out",
      join(dir, "part.arrow"),
    ]);
    expect(part.code).toBe(0);
    expect(part.stderr).toMatch(/fitted 4 toys \(0\.\.3\)/);
  });

  it("a toys file whose renp.toys claims 1e12 toys: refused with a message, not 'Invalid typed array length'", async () => {
    const dir = tempDir();
    await generateRun({ scenario: scenarioFile(), toys: 2, outDir: dir, workers: 0 });
    const path = join(dir, "toys.arrow");
    const table = arrow.tableFromIPC(readFileSync(path));
    const meta = new Map(table.schema.metadata);
    meta.set("renp.toys", JSON.stringify({ first: 0, count: 1e12 }));
    const schema = new arrow.Schema(table.schema.fields, meta);
    writeFileSync(path, arrow.tableToIPC(new arrow.Table(schema, table.batches), "file"));
    const r = await runCli(["fit", path, "--float", "signalNorm", "--workers", "1"]);
    expect([1, 2]).toContain(r.code);
    expect(r.stderr).toMatch(/1000000000000 toys.*more than the \d+ rows the files hold/);
    expect(r.stderr).not.toMatch(/Invalid typed array length/);
  });

  it("--fix __proto__=1 is refused as an unknown parameter, --workers 1000 capped with a notice", async () => {
    const dir = await shardedRun(2, 1);
    const proto = await runCli(["fit", dir, "--float", "signalNorm", "--fix", "__proto__=1"]);
    expect(proto.code).toBe(2);
    expect(proto.stderr).toMatch(/unknown fit parameter "__proto__"/);
    const many = await runCli(["fit", dir, "--float", "signalNorm", "--workers", "1000"]);
    expect(many.code).toBe(0);
    expect(many.stderr).toMatch(/1000 workers requested, but only \d+ can run at once/);
  });
});
