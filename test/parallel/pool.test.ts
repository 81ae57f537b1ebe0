import fc from "fast-check";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RenpError } from "../../src/errors.js";
import { TEST_DIR } from "../helpers/fixtures.js";
import { computeExpectation } from "../../src/expectation.js";
import { runToys, tasksOf } from "../../src/parallel/pool.js";
import { shardRange } from "../../src/io/shards.js";
import { generateRun } from "../../src/run.js";
import { loadScenario } from "../../src/scenario/load.js";
import type { ToyBlock } from "../../src/sampling/toys.js";
import { toySpec } from "../../src/sampling/spec.js";
import {
  column,
  readTable,
  REFERENCE_SCENARIO,
  scenarioFile,
  SYSTEMATICS_CHANGES,
  tempDir,
} from "../helpers/runs.js";

const spec = toySpec(computeExpectation(loadScenario(REFERENCE_SCENARIO)), { truth: true });

async function collect(
  workers: number,
  first: number,
  count: number,
  toysPerBatch: number,
): Promise<Int32Array> {
  const out = new Int32Array(count * spec.bins);
  let next = first;
  await runToys({
    spec,
    firstToy: first,
    count,
    workers,
    toysPerBatch,
    onBlock: (block: ToyBlock) => {
      expect(block.firstToy).toBe(next); // in toy order
      out.set(block.nObs, (block.firstToy - first) * spec.bins);
      next += block.count;
    },
  });
  expect(next).toBe(first + count);
  return out;
}

describe("runToys", () => {
  it("gives the same toys whatever the worker count and batch size (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(5000),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 3 }),
        async (first, count, batch, workers) => {
          const inline = await collect(0, first, count, 97);
          expect(await collect(workers, first, count, batch)).toEqual(inline);
        },
      ),
      { numRuns: 8 },
    );
  });

  it("splits a range into whole contiguous tasks", () => {
    expect(tasksOf(10, 7, 3)).toEqual([
      { id: 0, first: 10, count: 3 },
      { id: 1, first: 13, count: 3 },
      { id: 2, first: 16, count: 1 },
    ]);
  });

  for (const [failure, message] of [
    ["throws", "simulated worker crash"],
    ["exits", "exited with code 3"],
  ]) {
    it(`fails the run (exit 1) naming the worker and its toys when a worker ${failure}, and leaves no file`, async () => {
      const dir = join(tempDir(), "run");
      const run = generateRun({
        scenario: REFERENCE_SCENARIO,
        toys: 2000,
        outDir: dir,
        workers: 2,
        toysPerBatch: 100,
        workerEntry: join(TEST_DIR, "helpers", "workers", `${failure}.mjs`),
      });
      const err: unknown = await run.catch((e: unknown) => e);
      expect(String(err)).toMatch(
        new RegExp(`worker [12] of 2 failed on toys \\d+\\.\\.\\d+: ${message}`),
      );
      // A run-time failure, not an input the user could fix (the CLI exits 1 on it).
      expect(err instanceof RenpError && err.kind === "invalid-input").toBe(false);
      expect(existsSync(dir)).toBe(false); // the folder it created is gone too
    });
  }
});

describe("generateRun: reproducibility", () => {
  it("writes byte-identical toys.arrow with 1 and 2 workers, other data with another seed", async () => {
    const path = scenarioFile(SYSTEMATICS_CHANGES);
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    await generateRun({
      scenario: path,
      toys: 3000,
      outDir: a,
      workers: 1,
      truth: true,
      toysPerBatch: 200,
    });
    await generateRun({
      scenario: path,
      toys: 3000,
      outDir: b,
      workers: 2,
      truth: true,
      toysPerBatch: 200,
    });
    await generateRun({
      scenario: path,
      toys: 3000,
      outDir: c,
      workers: 2,
      truth: true,
      toysPerBatch: 200,
      seed: 99,
    });
    for (const file of ["toys.arrow", "nuisance.arrow", "expected.arrow"]) {
      expect(readFileSync(join(a, file)).equals(readFileSync(join(b, file)))).toBe(true);
    }
    expect(column(readTable(join(c, "toys.arrow")), "n_obs")).not.toEqual(
      column(readTable(join(a, "toys.arrow")), "n_obs"),
    );
  });

  it("shards 1..N concatenated give the unsharded rows; expected.arrow is the same file for all (property)", async () => {
    const path = scenarioFile(SYSTEMATICS_CHANGES);
    const whole = tempDir();
    const toys = 401;
    await generateRun({ scenario: path, toys, outDir: whole, workers: 2, truth: true });
    const wholeToys = readTable(join(whole, "toys.arrow"));
    const wholeNuisance = readTable(join(whole, "nuisance.arrow"));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 7 }), async (n) => {
        const dir = tempDir();
        for (let k = 1; k <= n; k++) {
          const s = await generateRun({
            scenario: path,
            toys,
            outDir: dir,
            workers: 1,
            truth: true,
            shard: { index: k, count: n },
          });
          expect(s.toys).toEqual(shardRange(toys, { index: k, count: n }));
        }
        expect(
          readFileSync(join(dir, "expected.arrow")).equals(
            readFileSync(join(whole, "expected.arrow")),
          ),
        ).toBe(true);
        for (const [name, table] of [
          ["toys", wholeToys],
          ["nuisance", wholeNuisance],
        ] as const) {
          const parts = Array.from({ length: n }, (_, i) =>
            readTable(join(dir, `${name}-${i + 1}-of-${n}.arrow`)),
          );
          for (const field of table.schema.fields) {
            const joined = parts.flatMap((p) => Array.from(column(p, field.name)));
            expect(joined).toEqual(Array.from(column(table, field.name)));
          }
          expect(JSON.parse(parts[n - 1].schema.metadata.get("renp.toys")!)).toEqual(
            shardRange(toys, { index: n, count: n }),
          );
          expect(parts[0].schema.metadata.get("renp.shard")).toBe(`1/${n}`);
        }
      }),
      { numRuns: 4 },
    );
    expect(existsSync(join(whole, "run.json"))).toBe(true);
  });
});
