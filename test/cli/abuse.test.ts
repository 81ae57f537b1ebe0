/**
 * The commands under abuse: inputs that are not regular files, deeply nested JSON,
 * each answered with a message and exit 1 or 2 within a bound (a hang fails the test).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBounded } from "../helpers/bounded.js";
import { runCli } from "../helpers/cli.js";
import { REFERENCE_SCENARIO, tempDir } from "../helpers/runs.js";

/** A named pipe nobody writes to: reading it would block forever. */
function fifo(): string {
  const path = join(tempDir(), "pipe.json");
  execFileSync("mkfifo", [path]);
  return path;
}

describe("inputs that are not regular files are refused at once", () => {
  it("a FIFO or /dev/zero as the scenario: exit 2 naming it, no hang, little memory", () => {
    for (const input of [fifo(), "/dev/zero"]) {
      const r = runBounded(["validate", input]);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/not a regular file/);
      expect(r.peakMb).toBeLessThan(256);
    }
  });
});

describe("deeply nested JSON", () => {
  it("a description nesting 200,000 arrays is an invalid scenario (exit 2), not a stack overflow", async () => {
    const scenario = JSON.parse(readFileSync(REFERENCE_SCENARIO, "utf8")) as Record<
      string,
      unknown
    >;
    const depth = 200_000;
    const text = JSON.stringify({ ...scenario, description: "@" }).replace(
      '"@"',
      "[".repeat(depth) + "]".repeat(depth),
    );
    const path = join(tempDir(), "nested.json");
    writeFileSync(path, text);
    const r = await runCli(["validate", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/description = \(an array nested too deeply to show\)/);
    expect(r.stderr).not.toMatch(/call stack/);
  });
});
