/**
 * Readers against hostile files: a crafted, truncated or corrupted Arrow file gets exit 1 with a
 * message, never a crash and never an allocation sized by a value written in the file.
 */
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectFile } from "../../src/inspect.js";
import { formatInspect } from "../../src/inspectText.js";
import { RenpError } from "../../src/errors.js";
import { metadataMap } from "../../src/io/arrow.js";
import { readExpected, readToyCounts, summarizeArrow, summarizeToys } from "../../src/io/read.js";
import { generateRun } from "../../src/run.js";
import { runCli } from "../helpers/cli.js";
import { scenarioFile, SYSTEMATICS_CHANGES, tempDir } from "../helpers/runs.js";
import { referenceTable } from "../plot/fixtures.js";

const scratch = mkdtempSync(join(tmpdir(), "renp-hostile-"));
let written = 0;
/** The bytes as a file `name` in a folder of its own. */
function fileOf(bytes: Uint8Array, name = "toys.arrow"): string {
  const dir = join(scratch, String(written++));
  mkdirSync(dir);
  writeFileSync(join(dir, name), bytes);
  return join(dir, name);
}

/** A long-layout toys file with these columns and the reference scenario's metadata, overridden. */
function toysFile(
  columns: { toy: number[]; bin: number[]; nObs: number[] },
  metadata: Record<string, string> = {},
): Uint8Array {
  const { scenario } = referenceTable();
  const meta = metadataMap({ scenario, toys: { first: 0, count: 2 }, shard: "1/1" });
  for (const [k, v] of Object.entries(metadata)) meta.set(k, v);
  const data = new arrow.Table({
    toy: arrow.makeVector(Int32Array.from(columns.toy)),
    bin: arrow.makeVector(Int32Array.from(columns.bin)),
    n_obs: arrow.makeVector(Int32Array.from(columns.nObs)),
  });
  const schema = new arrow.Schema(data.schema.fields, meta);
  return arrow.tableToIPC(new arrow.Table(schema, data.batches), "file");
}

const TWO_TOYS = { toy: [0, 0, 1, 1], bin: [0, 1, 0, 1], nObs: [3, 4, 5, 6] };

describe("hostile toys files", () => {
  it("a 2-row toys file with bin = 2e9 is refused (exit 1), nothing sized by the index", async () => {
    const path = fileOf(toysFile({ toy: [0, 0], bin: [0, 2e9], nObs: [1, 1] }));
    expect(() => summarizeToys(path)).toThrow(/bin index 2000000000 in a file of 2 rows/);
    const r = await runCli(["inspect", path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a renp toys file/);
  });

  it("a truncated file says so plainly (exit 1)", async () => {
    const bytes = toysFile(TWO_TOYS);
    const path = fileOf(bytes.subarray(0, Math.floor(bytes.length / 2)));
    const r = await runCli(["inspect", path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path} is truncated or corrupt`);
    expect(r.stderr).not.toMatch(/Cannot read properties|fieldsLength/);
  });
});

describe("inspect flags metadata that disagrees with the data", () => {
  it("renp.toys claiming another count, or not an object, is a warning (not 'first undefined')", () => {
    const wrongCount = inspectFile(
      fileOf(toysFile(TWO_TOYS, { "renp.toys": '{"first":0,"count":999999}' })),
    );
    expect(formatInspect(wrongCount)).toContain(
      "WARNING: renp.toys says 999999 toys from toy 0; the file holds 2 from toy 0",
    );
    const notObject = formatInspect(
      inspectFile(fileOf(toysFile(TWO_TOYS, { "renp.toys": '"hello"' }))),
    );
    expect(notObject).toContain('WARNING: renp.toys = "\\"hello\\"": expected {"first": N');
    expect(notObject).toMatch(/renp\.toys +\(malformed: see the warning below\)/);
    expect(notObject).not.toContain("undefined");
    const agrees = formatInspect(inspectFile(fileOf(toysFile(TWO_TOYS))));
    expect(agrees).not.toContain("WARNING");
  });

  it("an empty shard: no 'NaN', and the expected.arrow beside it is named", async () => {
    const dir = tempDir();
    const run = await generateRun({
      scenario: scenarioFile(),
      toys: 5,
      shard: { index: 3, count: 10 },
      workers: 0,
      outDir: dir,
    });
    expect(run.toys.count).toBe(0);
    const text = formatInspect(inspectFile(run.files.toys));
    expect(text).toContain("toys:     0 (an empty file or shard: no toy in its range)");
    expect(text).toContain(`${join(dir, "expected.arrow")} is beside it; no toys to compare`);
    expect(text).not.toMatch(/NaN|no expected\.arrow beside/);
  });
});

describe("fuzz: the readers never crash on hostile bytes (fast-check)", () => {
  /** Valid files of every kind renp writes, to truncate and corrupt. */
  const valid: { name: string; bytes: Uint8Array }[] = [];
  beforeAll(async () => {
    const dir = tempDir();
    const scenario = scenarioFile({
      ...SYSTEMATICS_CHANGES,
      systematics: SYSTEMATICS_CHANGES.systematics.slice(0, 1),
    });
    await generateRun({ scenario, toys: 3, workers: 0, outDir: dir, toysPerBatch: 2 });
    const wide = join(dir, "wide");
    await generateRun({ scenario, toys: 3, workers: 0, outDir: wide, layout: "wide" });
    for (const [name, path] of [
      ["expected.arrow", join(dir, "expected.arrow")],
      ["toys.arrow", join(dir, "toys.arrow")],
      ["nuisance.arrow", join(dir, "nuisance.arrow")],
      ["toys.arrow", join(wide, "toys.arrow")],
    ] as const)
      valid.push({ name, bytes: new Uint8Array(readFileSync(path)) });
  });

  /** Every reader over the file: each returns, or refuses with a bad-file RenpError (exit 1). */
  function readAll(bytes: Uint8Array, name: string): void {
    const path = fileOf(bytes, name);
    const attempts = [
      () => formatInspect(inspectFile(path)),
      () => summarizeArrow(path),
      () => readExpected(path),
      () => summarizeToys(path),
      () => readToyCounts(path, 1, 66),
    ];
    for (const attempt of attempts) {
      try {
        attempt();
      } catch (err) {
        if (!(err instanceof RenpError)) throw err;
        // A bad file, not an input the user could fix or an output in the way (the CLI exits 1).
        expect(["invalid-input", "output-exists"]).not.toContain(err.kind);
        expect(err.message).toMatch(/\S{3}/);
      }
    }
  }

  const kB = process.resourceUsage().maxRSS;
  const file = () => fc.integer({ min: 0, max: 3 });

  it("random bytes, with and without the Arrow magic", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (body, framed) => {
        const magic = new TextEncoder().encode("ARROW1\0\0");
        const bytes = framed ? new Uint8Array([...magic, ...body, ...magic.subarray(0, 6)]) : body;
        readAll(bytes, "toys.arrow");
      }),
      { numRuns: 150 },
    );
  });

  it("truncations of valid files", () => {
    fc.assert(
      fc.property(file(), fc.double({ min: 0, max: 1, noNaN: true }), (k, at) => {
        const { name, bytes } = valid[k];
        readAll(bytes.subarray(0, Math.floor(at * bytes.length)), name);
      }),
      { numRuns: 150 },
    );
  });

  it("bit flips of valid files", () => {
    fc.assert(
      fc.property(
        file(),
        fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), bit: fc.nat(7) }), {
          minLength: 1,
          maxLength: 6,
        }),
        (k, flips) => {
          const { name, bytes } = valid[k];
          const copy = new Uint8Array(bytes);
          for (const { at, bit } of flips)
            copy[Math.min(copy.length - 1, Math.floor(at * copy.length))] ^= 1 << bit;
          readAll(copy, name);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("hostile metadata values in an otherwise valid file", () => {
    const hostile = fc.oneof(
      fc.string(),
      fc.json(),
      fc.constantFrom(
        '{"first":0,"count":1e300}',
        '{"first":-5,"count":2}',
        "[1,2,3]",
        "null",
        '{"name":"x","target":{"eegEv":"a"}}',
        "1e999",
        '"' + "x".repeat(10_000) + '"',
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(
          "renp.toys",
          "renp.seed",
          "renp.scenario",
          "renp.masses_ev",
          "renp.thresholds_ev",
          "renp.shard",
          "renp.file",
        ),
        hostile,
        (key, value) => readAll(toysFile(TWO_TOYS, { [key]: value }), "toys.arrow"),
      ),
      { numRuns: 150 },
    );
  });

  it("hostile column values: any int32 toy and bin indices and counts", () => {
    const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(int32, int32, int32), { minLength: 1, maxLength: 20 }),
        (rows) =>
          readAll(
            toysFile({
              toy: rows.map((r) => r[0]),
              bin: rows.map((r) => r[1]),
              nObs: rows.map((r) => r[2]),
            }),
            "toys.arrow",
          ),
      ),
      { numRuns: 150 },
    );
  });

  it("took no more memory than a bounded amount (peak RSS)", () => {
    // The files are a few kB; an allocation sized by a value in one (a bin index, a list size, a
    // row count) would take gigabytes. 256 MB leaves room for the readers' own working set.
    expect(process.resourceUsage().maxRSS - kB).toBeLessThan(256 * 1024);
  });
});
