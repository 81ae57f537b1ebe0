/** io/runFolder.ts: the commit of a run's files, its rollback and the recovery of a dead run. */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RunCommitError } from "../../src/errors.js";
import { ownership, RunFolder } from "../../src/io/runFolder.js";
import { filesIn, tempDir } from "../helpers/runs.js";

const WHOLE = ["expected.arrow", "toys.arrow", "run.json"];

/** A folder holding a previous run whose files say "old <name>". */
function previousRun(): string {
  const dir = tempDir();
  for (const name of [...WHOLE, "nuisance.arrow"]) writeFileSync(join(dir, name), `old ${name}`);
  return dir;
}

const contents = (dir: string) =>
  Object.fromEntries(filesIn(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));

/** The id of a process that has exited (so no longer runs). */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid;

describe("RunFolder", () => {
  it("replaces the previous run's files together and removes its owned files not rewritten", () => {
    const dir = previousRun();
    writeFileSync(join(dir, "notes.txt"), "mine");
    const folder = RunFolder.open({ dir, force: true, writes: WHOLE });
    for (const name of WHOLE) writeFileSync(folder.temporary(name), `new ${name}`);
    folder.commit();
    expect(contents(dir)).toEqual({
      "expected.arrow": "new expected.arrow",
      "notes.txt": "mine",
      "run.json": "new run.json",
      "toys.arrow": "new toys.arrow",
    });
  });

  it("a rename that fails part way rolls every step back: the previous run stays whole", () => {
    const dir = previousRun();
    const before = contents(dir);
    const folder = RunFolder.open({ dir, force: true, writes: WHOLE });
    for (const name of WHOLE) writeFileSync(folder.temporary(name), `new ${name}`);
    // Fault: toys.arrow's temporary vanishes, so its rename fails after expected.arrow's.
    const toysTemporary = filesIn(dir).find((f) => f.startsWith(".toys.arrow."))!;
    rmSync(join(dir, toysTemporary));
    let err: unknown;
    try {
      folder.commit();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RunCommitError);
    expect(String(err)).toMatch(/the folder holds the files it held before the run/);
    folder.abort();
    expect(contents(dir)).toEqual(before);
  });

  it("refuses a second run into the same folder and shard, and overlapping runs; sibling shards are fine", () => {
    const dir = tempDir();
    const shard1 = RunFolder.open({ dir, force: false, writes: [], shard: { index: 1, count: 2 } });
    const shard2 = RunFolder.open({ dir, force: false, writes: [], shard: { index: 2, count: 2 } });
    for (const shard of [{ index: 1, count: 2 }, { index: 1, count: 3 }, undefined])
      expect(() => RunFolder.open({ dir, force: true, writes: [], shard })).toThrow(
        new RegExp(`being written by renp process ${process.pid}`),
      );
    shard1.commit();
    shard2.abort();
    expect(filesIn(dir)).toEqual([]);
  });

  it("rolls back the commit a killed run left half done, and says so", () => {
    const dir = previousRun();
    const pid = deadPid();
    // The state of a run killed between renames: expected.arrow and toys.arrow moved aside,
    // the new expected.arrow in place, the new toys.arrow still a temporary.
    const backup = (name: string) => `.${name}.${pid}.old`;
    const entries = WHOLE.map((name) => ({
      name,
      backup: backup(name),
      placed: true,
      shared: false,
    }));
    writeFileSync(join(dir, ".renp.journal"), JSON.stringify({ pid, phase: "commit", entries }));
    writeFileSync(
      join(dir, ".renp.lock"),
      JSON.stringify({ pid, host: hostname(), startedAt: "" }),
    );
    for (const name of ["expected.arrow", "toys.arrow"]) {
      writeFileSync(join(dir, backup(name)), `old ${name}`);
      rmSync(join(dir, name));
    }
    writeFileSync(join(dir, "expected.arrow"), "new expected.arrow");
    writeFileSync(join(dir, `.toys.arrow.${pid}.0123abcd.tmp`), "new toys.arrow");
    const notices: string[] = [];
    const folder = RunFolder.open({
      dir,
      force: true,
      writes: WHOLE,
      onNotice: (m) => notices.push(m),
    });
    folder.abort();
    expect(contents(dir)).toEqual({
      "expected.arrow": "old expected.arrow",
      "nuisance.arrow": "old nuisance.arrow",
      "run.json": "old run.json",
      "toys.arrow": "old toys.arrow",
    });
    expect(notices.join("\n")).toMatch(
      new RegExp(`commit of process ${pid} .* was interrupted; its previous files were restored`),
    );
    expect(notices.join("\n")).toMatch(/removed 1 temporary file/);
  });

  it("a planted journal or lock naming files outside the folder is refused, touching nothing", () => {
    const root = tempDir();
    const dir = join(root, "run");
    const out = join(root, "out");
    mkdirSync(dir);
    mkdirSync(out);
    writeFileSync(join(out, "victim"), "keep");
    writeFileSync(join(dir, "toys.arrow"), "old toys.arrow");
    const pid = deadPid();
    const lock = JSON.stringify({ pid, host: hostname() });
    const hostile: unknown[] = [
      { name: "../out/victim", backup: null, placed: true, shared: false },
      { name: "toys.arrow", backup: "../out/victim", placed: true, shared: false },
      { name: join(out, "victim"), backup: null, placed: true, shared: false },
      { name: "notes.txt", backup: null, placed: true, shared: false },
      {
        name: "toys.arrow",
        backup: ".toys.arrow.1.old/../../out/victim",
        placed: true,
        shared: false,
      },
      { name: "toys.arrow", backup: "run.json", placed: true, shared: false },
      { name: 42, backup: null, placed: true, shared: false },
    ];
    for (const entry of hostile) {
      writeFileSync(join(dir, ".renp.lock"), lock);
      const journal = JSON.stringify({ pid, phase: "commit", entries: [entry] });
      writeFileSync(join(dir, ".renp.journal"), journal);
      const before = { run: contents(dir), out: contents(out) };
      expect(() => RunFolder.open({ dir, force: true, writes: WHOLE })).toThrow(
        /\.renp\.journal .*not one renp wrote.*left untouched/,
      );
      expect({ run: contents(dir), out: contents(out) }).toEqual(before);
      expect(readFileSync(join(dir, ".renp.journal"), "utf8")).toBe(journal);
    }
    expect(readFileSync(join(out, "victim"), "utf8")).toBe("keep");
  });

  it("a lock whose pid is not a process id is not taken for a live run (kill(0) or kill(-1))", () => {
    for (const pid of [0, -1, 1.5, "1", 2 ** 40]) {
      const dir = tempDir();
      writeFileSync(join(dir, ".renp.lock"), JSON.stringify({ pid, host: hostname() }));
      const notices: string[] = [];
      RunFolder.open({ dir, force: false, writes: [], onNotice: (m) => notices.push(m) }).abort();
      expect(notices.join("\n")).toMatch(/removed the stale lock/);
      expect(filesIn(dir)).toEqual([]);
    }
  });

  it("knows which files a run owns", () => {
    expect(ownership("toys-2-of-3.arrow", undefined)).toBe("own");
    expect(ownership("toys-2-of-3.arrow", { index: 2, count: 3 })).toBe("own");
    expect(ownership("toys-1-of-3.arrow", { index: 2, count: 3 })).toBeUndefined();
    expect(ownership("toys-1-of-4.arrow", { index: 2, count: 3 })).toBe("stale");
    expect(ownership("run.json", { index: 2, count: 3 })).toBe("stale");
    expect(ownership("expected.arrow", { index: 2, count: 3 })).toBe("shared");
    expect(ownership("toys.arrow.bak", undefined)).toBeUndefined();
    expect(ownership("spectrum.svg", undefined)).toBeUndefined();
  });
});
