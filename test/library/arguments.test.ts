/**
 * The library checks its arguments at the boundary (docs/outputs.md,
 * "The library"): a hostile value is refused with a typed error (a RenpError of kind
 * invalid-input, exit 2 in the CLI) before anything is written, allocated or spawned.
 */
import fc from "fast-check";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RenpError } from "../../src/errors.js";
import { fitRun } from "../../src/fitRun.js";
import { ToyFitter, fitToys, type FitJob } from "../../src/inference/toys.js";
import { shardRange } from "../../src/io/shards.js";
import { generateRun } from "../../src/run.js";
import { loadScenario } from "../../src/scenario/load.js";
import { filesIn, tempDir } from "../helpers/runs.js";

/** Values no parser would let through, for any numeric option. */
const HOSTILE_NUMBERS = [NaN, Infinity, -Infinity, -1, 0.5, 1e12, 2 ** 53, "3", null, {}, [], true];

/** Awaits `call` and returns what it threw (or undefined). */
async function thrown(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (err) {
    return err;
  }
  return undefined;
}

function expectRefused(err: unknown, field: RegExp): void {
  expect(err).toBeInstanceOf(RenpError);
  expect((err as RenpError).kind).toBe("invalid-input");
  expect((err as RenpError).message).toMatch(field);
}

describe("generateRun checks its arguments", () => {
  it("a scenario object whose name leaves outputs/ is refused, nothing written", async () => {
    const base = tempDir();
    const cwd = join(base, "a", "b");
    mkdirSync(cwd, { recursive: true });
    const before = process.cwd();
    process.chdir(cwd); // outputs/../../x would be base/a/x
    try {
      for (const name of ["../../x", "..", "/tmp/x", "a/b", ".hidden", ""]) {
        const err = await thrown(() =>
          generateRun({
            scenario: { ...loadScenario("yb-majorana-normal"), name },
            toys: 3,
            workers: 0,
          }),
        );
        expectRefused(err, /name/);
      }
    } finally {
      process.chdir(before);
    }
    expect(filesIn(join(base, "a"))).toEqual(["b"]);
    expect(filesIn(cwd)).toEqual([]);
  });

  it("hostile option values are refused before the folder is touched (fast-check, 80 cases)", async () => {
    const fields = ["toys", "seed", "workers", "toysPerBatch", "shard", "layout", "outDir"];
    const valueOf = (field: string) =>
      field === "shard"
        ? fc.constantFrom(
            { index: 0, count: 0 },
            { index: 2, count: 1 },
            { index: NaN, count: 3 },
            { index: 1, count: 1e12 },
            "1/2",
            null,
          )
        : field === "layout"
          ? fc.constantFrom("tall", 3, null)
          : field === "outDir"
            ? fc.constantFrom("", "a\0b", 3, null)
            : field === "seed"
              ? fc.constantFrom(...HOSTILE_NUMBERS.filter((v) => v !== 1e12))
              : fc.constantFrom(
                  ...HOSTILE_NUMBERS.filter((v) => !(field === "workers" && v === 1e12)),
                );
    const scenario = loadScenario("yb-majorana-normal");
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fields).chain((field) => fc.tuple(fc.constant(field), valueOf(field))),
        async ([field, value]) => {
          const dir = join(tempDir(), "run");
          const err = await thrown(() =>
            generateRun({ scenario, outDir: dir, toys: 3, workers: 0, [field]: value }),
          );
          expectRefused(err, new RegExp(field === "outDir" ? "outDir" : field));
          expect(() => filesIn(dir)).toThrow(/ENOENT/); // not even the folder
        },
      ),
      { numRuns: 80, seed: 20 },
    );
  });

  it("toysPerBatch x bins beyond a batch's bound is refused (no allocation sized by it)", async () => {
    const dir = tempDir();
    const err = await thrown(() =>
      generateRun({
        scenario: "yb-majorana-normal",
        outDir: dir,
        toysPerBatch: 2 ** 30,
        workers: 0,
      }),
    );
    expectRefused(err, /toysPerBatch/);
    expect(filesIn(dir)).toEqual([]);
  });

  it("shardRange refuses a shard {0, 0} and non-integer toys instead of returning NaN", () => {
    expect(() => shardRange(10, { index: 0, count: 0 })).toThrow(/shard\.count = 0/);
    expect(() => shardRange(NaN, { index: 1, count: 2 })).toThrow(RenpError);
    expect(shardRange(10, { index: 2, count: 3 })).toEqual({ first: 3, count: 3 });
  });
});

describe("fitToys checks its arguments", () => {
  const job: FitJob = {
    scenario: loadScenario("yb-majorana-normal"),
    hypothesis: {},
    float: ["signalNorm"],
  };
  const local = new ToyFitter(job);
  const bins = local.bins;

  it("NaN workers, a negative count, counts of the wrong length are refused (fast-check, 40 cases)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("workers", "count", "firstToy", "toysPerTask", "counts"),
        fc.constantFrom(...HOSTILE_NUMBERS),
        async (field, value) => {
          const options = {
            job,
            local,
            counts: new Int32Array(2 * bins),
            firstToy: 0,
            count: 2,
            workers: 0,
            [field]: value,
          };
          if (field === "workers" && value === 1e12) return; // capped, not refused
          const err = await thrown(() => fitToys(options));
          expectRefused(err, new RegExp(field));
        },
      ),
      { numRuns: 40, seed: 20 },
    );
  });

  it("more workers than cores are capped, with a notice", async () => {
    const notices: string[] = [];
    const block = await fitToys({
      job,
      local,
      counts: new Int32Array(0),
      firstToy: 0,
      count: 0,
      workers: 1000,
      onNotice: (m) => notices.push(m),
    });
    expect(block.count).toBe(0);
    expect(notices.join("\n")).toMatch(/1000 workers requested, but only \d+ can run at once/);
  });
});

describe("fitRun checks its arguments", () => {
  it("NaN workers, a reversed or fractional toy range, a float that is not a list: ArgumentError", async () => {
    for (const options of [
      { input: "x", float: ["signalNorm"], workers: NaN },
      { input: "x", float: ["signalNorm"], toys: { first: 5, last: 2 } },
      { input: "x", float: ["signalNorm"], toys: { first: 0.5, last: 2 } },
      { input: "x", float: "signalNorm" },
      { input: 3, float: ["signalNorm"] },
    ]) {
      const err = await thrown(() => fitRun(options as never));
      expect(err).toBeInstanceOf(RenpError);
      expect((err as RenpError).name).toBe("ArgumentError");
    }
  });
});
