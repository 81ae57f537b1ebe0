/**
 * renp validate's report of a scenario file above 32 MB comes from a worker thread (so a signal
 * ends the command at once: test/cli/signals.test.ts); it must be the report and the errors of
 * the same check in this thread.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RenpError } from "../../src/errors.js";
import { validateScenarioFile, validateScenarioOffThread } from "../../src/scenario/validation.js";
import { REFERENCE_SCENARIO, tempDir } from "../helpers/runs.js";

/** The reference scenario with a 2,000,000-node efficiency table (~40 MB of JSON). */
function largeScenario(value: unknown): string {
  const s = JSON.parse(readFileSync(REFERENCE_SCENARIO, "utf8"));
  const nodes = 2_000_000;
  s.detector = {
    efficiency: {
      omegaEv: Array.from({ length: nodes }, (_, i) => 1e-3 + i * 1e-6),
      value: new Array(nodes).fill(value),
    },
  };
  const path = join(tempDir(), "large.json");
  writeFileSync(path, JSON.stringify(s));
  return path;
}

describe("validate of a large scenario in a worker", () => {
  it("gives this thread's report", async () => {
    const path = largeScenario(0.5);
    expect(await validateScenarioOffThread(path)).toEqual(validateScenarioFile(path));
  }, 120_000);

  it("throws this thread's error, kind and message", async () => {
    const path = largeScenario(1.5); // an efficiency above 1
    let here: unknown;
    try {
      validateScenarioFile(path);
    } catch (err) {
      here = err;
    }
    expect(here).toBeInstanceOf(RenpError);
    const there = await validateScenarioOffThread(path).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(there).toBeInstanceOf(RenpError);
    expect((there as RenpError).kind).toBe((here as RenpError).kind);
    expect((there as RenpError).message).toBe((here as RenpError).message);
  }, 120_000);
});
