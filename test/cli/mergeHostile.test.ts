/**
 * renp merge against crafted shard sets: counts in metadata larger than
 * the files, metadata that is not JSON or null, a shard that is a FIFO, hostile options. Each is
 * refused with a message naming the file (exit 2) and nothing written, within a bound.
 */
import * as arrow from "apache-arrow";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RenpError } from "../../src/errors.js";
import { shardRange } from "../../src/io/shards.js";
import { mergeShards } from "../../src/merge.js";
import { generateRun } from "../../src/run.js";
import { runBounded } from "../helpers/bounded.js";
import { filesIn, scenarioFile, tempDir } from "../helpers/runs.js";

/** Two shards of a 4-toy run in a new folder. */
async function twoShards(): Promise<string> {
  const dir = tempDir();
  const scenario = scenarioFile();
  for (const index of [1, 2])
    await generateRun({ scenario, toys: 4, outDir: dir, workers: 0, shard: { index, count: 2 } });
  return dir;
}

/** Rewrites a shard file's schema metadata (the rows unchanged). */
function setMetadata(path: string, change: (meta: Map<string, string>) => void): void {
  const table = arrow.tableFromIPC(readFileSync(path));
  const meta = new Map(table.schema.metadata);
  change(meta);
  const schema = new arrow.Schema(table.schema.fields, meta);
  writeFileSync(path, arrow.tableToIPC(new arrow.Table(schema, table.batches), "file"));
}

const SHARDS = ["toys-1-of-2.arrow", "toys-2-of-2.arrow"];

describe("merge refuses counts its files do not hold", () => {
  it("shards claiming 1e13 toys: exit 2 naming the count, no allocation by it, < 256 MB", async () => {
    const dir = await twoShards();
    for (const [k, name] of SHARDS.entries())
      setMetadata(join(dir, name), (meta) => {
        const scenario = JSON.parse(meta.get("renp.scenario")!) as Record<string, unknown>;
        meta.set("renp.scenario", JSON.stringify({ ...scenario, toys: 1e13 }));
        meta.set("renp.toys", JSON.stringify(shardRange(2 ** 31 - 1, { index: k + 1, count: 2 })));
      });
    const before = filesIn(dir);
    const r = runBounded(["merge", dir]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/10000000000000 toys, not a toy count/);
    expect(r.peakMb).toBeLessThan(256);
    expect(filesIn(dir)).toEqual(before);
  });

  it("shards claiming more toys than their rows: refused, naming the shard", async () => {
    const dir = await twoShards();
    for (const [k, name] of SHARDS.entries())
      setMetadata(join(dir, name), (meta) => {
        const scenario = JSON.parse(meta.get("renp.scenario")!) as Record<string, unknown>;
        meta.set("renp.scenario", JSON.stringify({ ...scenario, toys: 2e9 }));
        meta.set("renp.toys", JSON.stringify(shardRange(2e9, { index: k + 1, count: 2 })));
      });
    await expect(mergeShards({ dir })).rejects.toThrow(
      /shard toys-1-of-2\.arrow claims 1000000000 toys but its record batches hold \d+ rows/,
    );
  });
});

describe("merge's messages name the file", () => {
  it("renp.scenario that is not JSON, or null: a ShardSetError naming the shard", async () => {
    for (const value of ["{not json", "null", "[1]"]) {
      const dir = await twoShards();
      for (const name of SHARDS)
        setMetadata(join(dir, name), (meta) => meta.set("renp.scenario", value));
      const err = await mergeShards({ dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RenpError);
      expect((err as RenpError).kind).toBe("invalid-input");
      expect((err as Error).message).toMatch(/toys-1-of-2\.arrow: its renp\.scenario metadata/);
    }
  });

  it("a corrupt expected.arrow beside the shards is named, not an apache-arrow internal", async () => {
    const dir = await twoShards();
    const expected = join(dir, "expected.arrow");
    const bytes = readFileSync(expected);
    writeFileSync(expected, bytes.subarray(0, bytes.length - 40));
    const err = await mergeShards({ dir }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/expected\.arrow.*truncated or corrupt/);
    expect((err as Error).message).not.toMatch(/fieldsLength|Cannot read/);
  });

  it("a FIFO in place of a shard is refused at once (no hang)", async () => {
    const dir = await twoShards();
    rmSync(join(dir, SHARDS[1]));
    execFileSync("mkfifo", [join(dir, SHARDS[1])]);
    const r = runBounded(["merge", dir]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/toys-2-of-2\.arrow .*not a regular file/);
  });
});

describe("mergeShards checks its options", () => {
  it("toysPerBatch 0, NaN or 1e12, a dir that is not a string: ArgumentError, nothing read", async () => {
    for (const options of [
      { dir: "x", toysPerBatch: 0 },
      { dir: "x", toysPerBatch: NaN },
      { dir: "x", toysPerBatch: 1e12 },
      { dir: 3 },
      { dir: "x", force: "yes" },
    ]) {
      const err = await mergeShards(options as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RenpError);
      expect((err as RenpError).name).toBe("ArgumentError");
    }
  });
});
