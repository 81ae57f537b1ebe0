/**
 * arbMalformedScenario: every value is rejected with an error naming its path, by the library
 * (500 runs) and by the installed command (a handful: spawning is slow), which exits 2 and writes
 * nothing.
 */
import fc from "fast-check";
import { execFile } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadScenario, ScenarioError } from "../../src/scenario/load.js";
import {
  arbMalformedScenario,
  malformedScenarioText,
  type MalformedScenario,
} from "../../src/testing/index.js";
import { CLI, tempDir } from "../helpers/runs.js";

const run = promisify(execFile);

describe("arbMalformedScenario", () => {
  it("draws only scenarios that loadScenario rejects as invalid input, naming the path (500 runs)", () => {
    const file = join(tempDir(), "scenario.json");
    fc.assert(
      fc.property(arbMalformedScenario(), (m) => {
        writeFileSync(file, malformedScenarioText(m));
        let error: unknown;
        try {
          loadScenario(file);
        } catch (e) {
          error = e;
        }
        expect(error, m.what).toBeInstanceOf(ScenarioError);
        expect((error as ScenarioError).kind).toBe("invalid-input"); // the command's exit code 2
        expect((error as Error).message, m.what).toContain(m.path);
      }),
      { numRuns: 500 },
    );
  });

  it("draws every kind: named malformations, wrong types, unknown keys, non-objects, non-JSON text", () => {
    const kinds = new Set(
      fc.sample(arbMalformedScenario(), { numRuns: 300, seed: 5 }).map((m) => m.kind),
    );
    expect([...kinds].sort()).toEqual([
      "named",
      "notAnObject",
      "notJson",
      "unknownKey",
      "wrongType",
    ]);
  });

  it("through the command: exit 2, the path on stderr, nothing on stdout, no output folder", async () => {
    // One of each kind (fixed seed) through validate, two through generate.
    const samples = new Map<string, MalformedScenario>();
    for (const m of fc.sample(arbMalformedScenario(), { numRuns: 200, seed: 8 }))
      if (!samples.has(m.kind)) samples.set(m.kind, m);
    expect(samples.size).toBe(5);
    const dir = tempDir();
    await Promise.all(
      [...samples.values()].map(async (m, i) => {
        const file = join(dir, `s${i}.json`);
        writeFileSync(file, malformedScenarioText(m));
        const out = join(dir, `run${i}`);
        for (const args of [
          ["validate", file],
          ["generate", file, "--toys", "2", "--out", out],
        ]) {
          const result = await run(process.execPath, [CLI, ...args]).then(
            () => ({ code: 0, stdout: "", stderr: "" }),
            (e: { code: number; stdout: string; stderr: string }) => e,
          );
          expect(result.code, `${m.what}: ${args[0]}`).toBe(2);
          expect(result.stdout).toBe("");
          expect(result.stderr).toContain(m.path);
        }
        expect(existsSync(out)).toBe(false);
      }),
    );
  });
});
