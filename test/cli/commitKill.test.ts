/**
 * A run killed with SIGKILL in the middle of its commit (docs/outputs.md: the journal): renp
 * merge --force and renp generate --force, each killed after every rename of its commit in turn
 * (paused there by RENP_TEST_PAUSE_AT, src/io/testPause.ts, honoured under the test runner only).
 * The next run into the folder finds the dead run's lock and journal and leaves either the old
 * run intact (killed before the journal said "committed") or the new one complete (after), never
 * a mix, and no hidden file (.*.old, .*.tmp, lock, journal).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, REFERENCE_SCENARIO, tempDir } from "../helpers/runs.js";
import { runRenp, startCli } from "../helpers/spawn.js";

/** Every file of dir (hidden ones included): Arrow files by their bytes, JSON files by name. */
function state(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort())
    files[name] = name.endsWith(".json")
      ? "present"
      : createHash("sha256")
          .update(readFileSync(join(dir, name)))
          .digest("hex");
  return files;
}

function renp(args: string[]): void {
  const r = runRenp(args);
  expect(r.status, `renp ${args.join(" ")}: ${r.stderr}`).toBe(0);
}

/** Starts `renp args` paused at `step` of its commit, and kills it there with SIGKILL. */
async function killAt(args: string[], step: string): Promise<void> {
  const run = startCli(args, { RENP_TEST_PAUSE_AT: step });
  await run.waitFor(new RegExp(`test pause at ${step}`));
  run.child.kill("SIGKILL");
  expect(await run.exit).toEqual({ code: null, signal: "SIGKILL" });
}

const generateArgs = (out: string, seed: number) => [
  "generate",
  REFERENCE_SCENARIO,
  "--toys",
  "30",
  "--seed",
  `${seed}`,
  "--out",
  out,
];

/** The old run: 30 toys of seed 1 (expected.arrow, toys.arrow, run.json). */
const oldRun = (() => {
  const dir = join(tempDir(), "old");
  renp(generateArgs(dir, 1));
  return dir;
})();

/** Shards of a run of seed 2, for merge. */
const shards = (() => {
  const dir = join(tempDir(), "shards");
  for (const shard of ["1/2", "2/2"]) renp([...generateArgs(dir, 2), "--shard", shard]);
  return dir;
})();

interface Case {
  name: string;
  /** The command that replaces the old run in `dir`, without --force. */
  args: (dir: string) => string[];
  /** The renames of its commit: backups of the files it replaces or removes, then placements. */
  steps: string[];
}

const cases: Case[] = [
  {
    name: "merge --force (shards of seed 2 over a generated run)",
    args: (dir) => ["merge", shards, "--out", join(dir, "toys.arrow")],
    steps: [
      ...["expected.arrow", "run.json", "toys.arrow"].map((n) => `commit: moved ${n}`),
      ...["expected.arrow", "toys.arrow"].map((n) => `commit: placed ${n}`),
      "commit: committed",
    ],
  },
  {
    name: "generate --force (seed 2 over seed 1)",
    args: (dir) => generateArgs(dir, 2),
    steps: [
      ...["expected.arrow", "run.json", "toys.arrow"].map((n) => `commit: moved ${n}`),
      ...["expected.arrow", "run.json", "toys.arrow"].map((n) => `commit: placed ${n}`),
      "commit: committed",
    ],
  },
];

describe.each(cases)("SIGKILL during the commit of $name", ({ args, steps }) => {
  const before = state(oldRun);
  const after = (() => {
    const dir = join(tempDir(), "new");
    renp(args(dir));
    return state(dir);
  })();

  it("the old run and the new one differ in every Arrow file (so a mix would show)", () => {
    for (const name of Object.keys(after).filter((n) => n.endsWith(".arrow")))
      expect(after[name], name).not.toBe(before[name]);
  });

  it.each(steps)(
    "killed after %s: the next run restores one whole run, nothing hidden",
    async (step) => {
      const dir = join(tempDir(), "run");
      cpSync(oldRun, dir, { recursive: true });
      await killAt([...args(dir), "--force"], step);
      expect(readdirSync(dir).filter((n) => n.startsWith("."))).toContain(".renp.lock");

      // The next run (without --force) recovers the folder, then refuses to replace the run there.
      const next = runRenp(args(dir));
      expect(next.status, next.stderr).toBe(2);
      const committed = step === "commit: committed";
      expect(next.stderr).toMatch(
        committed
          ? /finished the commit of process \d+/
          : /the commit of process \d+ into .* was interrupted; its previous files were restored/,
      );
      expect(state(dir)).toEqual(committed ? after : before);

      // And the run itself, with --force, then replaces it whole.
      renp([...args(dir), "--force"]);
      expect(state(dir)).toEqual(after);
    },
  );
});

describe("RENP_TEST_PAUSE_AT outside the test runner", () => {
  it("is ignored: without VITEST in its environment renp commits without pausing", () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      RENP_TEST_PAUSE_AT: "commit: placed toys.arrow",
    };
    delete env.VITEST;
    const dir = join(tempDir(), "run");
    const r = spawnSync(process.execPath, [CLI, ...generateArgs(dir, 3)], {
      encoding: "utf8",
      env,
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/test pause/);
  });
});
