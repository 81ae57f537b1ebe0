/**
 * renp merge commits its files through io/runFolder.ts like generate: under the output folder's
 * lock, removing with --force the files a previous run owned there, and rolled back by the next
 * run when it was killed between renames.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RunInProgressError } from "../../src/io/runFolder.js";
import { mergeShards } from "../../src/merge.js";
import { generateRun } from "../../src/run.js";
import { filesIn, scenarioFile, SYSTEMATICS_CHANGES, tempDir } from "../helpers/runs.js";

/** No systematics: a merged run writes toys.arrow only (no nuisance.arrow). */
const plain = scenarioFile({ backgrounds: SYSTEMATICS_CHANGES.backgrounds });
const toys = 6;

/** Shards 1..n of a run into dir (one thread). */
async function shards(dir: string, n: number): Promise<void> {
  for (let k = 1; k <= n; k++)
    await generateRun({
      scenario: plain,
      toys,
      outDir: dir,
      workers: 0,
      shard: { index: k, count: n },
    });
}

/** The id of a process that has exited (so no longer runs). */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid;

describe("renp merge commits through RunFolder", () => {
  it("is refused while a live run holds the output folder's lock, and leaves nothing", async () => {
    const dir = tempDir();
    await shards(dir, 2);
    // The state of a generate writing into the folder: its lock, held by a live process (this one).
    const lock = join(dir, ".renp.lock");
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: "" }));
    const before = filesIn(dir);
    await expect(mergeShards({ dir })).rejects.toThrow(RunInProgressError);
    await expect(mergeShards({ dir })).rejects.toThrow(/is being written by renp process/);
    expect(filesIn(dir)).toEqual(before);
    // A live shard run's lock overlaps the whole run's files too.
    rmSync(lock);
    writeFileSync(
      join(dir, ".renp-1-of-2.lock"),
      JSON.stringify({ pid: process.pid, host: hostname(), startedAt: "" }),
    );
    await expect(mergeShards({ dir })).rejects.toThrow(RunInProgressError);
  });

  it("with --force removes the files the previous run owned there (nuisance.arrow, run.json), not the shards", async () => {
    const dir = tempDir();
    await shards(dir, 2);
    // A previous whole run with systematics left its files beside the shards.
    for (const name of ["toys.arrow", "nuisance.arrow", "run.json"])
      writeFileSync(join(dir, name), `old ${name}`);
    writeFileSync(join(dir, "notes.txt"), "mine");
    const shardFiles = filesIn(dir).filter((f) => /-of-2\./.test(f));
    await expect(mergeShards({ dir })).rejects.toThrow(/exists/);
    expect(readFileSync(join(dir, "toys.arrow"), "utf8")).toBe("old toys.arrow");

    const summary = await mergeShards({ dir, force: true });
    expect(summary.files.nuisance).toBeUndefined();
    const after = filesIn(dir);
    expect(after).not.toContain("nuisance.arrow");
    expect(after).not.toContain("run.json");
    expect(after).toEqual(expect.arrayContaining([...shardFiles, "expected.arrow", "notes.txt"]));
    expect(readFileSync(join(dir, "toys.arrow")).subarray(0, 6).toString()).toBe("ARROW1");
    expect(after.filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("rolls back the commit of a merge killed between renames, on the next run into the folder", async () => {
    const dir = tempDir();
    await shards(dir, 2);
    const out = tempDir();
    for (const name of ["toys.arrow", "run.json"]) writeFileSync(join(out, name), `old ${name}`);
    // A merge killed between renames: toys.arrow and run.json moved aside, the new toys.arrow in place.
    const pid = deadPid();
    const backup = (name: string) => `.${name}.${pid}.old`;
    const entries = [
      { name: "toys.arrow", backup: backup("toys.arrow"), placed: true, shared: false },
      { name: "run.json", backup: backup("run.json"), placed: false, shared: false },
    ];
    writeFileSync(join(out, ".renp.journal"), JSON.stringify({ pid, phase: "commit", entries }));
    writeFileSync(
      join(out, ".renp.lock"),
      JSON.stringify({ pid, host: hostname(), startedAt: "" }),
    );
    for (const name of ["toys.arrow", "run.json"]) {
      writeFileSync(join(out, backup(name)), `old ${name}`);
      rmSync(join(out, name));
    }
    writeFileSync(join(out, "toys.arrow"), "new toys.arrow");
    const notices: string[] = [];
    // The next merge restores the previous files, then refuses to replace them without --force.
    await expect(
      mergeShards({ dir, out: join(out, "toys.arrow"), onNotice: (m) => notices.push(m) }),
    ).rejects.toThrow(/(run\.json|toys\.arrow) exists/);
    expect(notices.join("\n")).toMatch(
      new RegExp(`commit of process ${pid} .* was interrupted; its previous files were restored`),
    );
    expect(filesIn(out)).toEqual(["run.json", "toys.arrow"]);
    expect(readFileSync(join(out, "toys.arrow"), "utf8")).toBe("old toys.arrow");
    expect(readFileSync(join(out, "run.json"), "utf8")).toBe("old run.json");
  });
});
