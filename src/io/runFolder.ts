/**
 * A run's folder (generate, and renp merge's output): the files a run owns appear together or not at all (docs/outputs.md).
 *
 * - Files a run owns: a whole run owns expected.arrow, toys.arrow, nuisance.arrow, run.json and
 *   every shard file (toys-K-of-N.arrow, nuisance-K-of-N.arrow, run-K-of-N.json); shard K/N owns
 *   toys-K-of-N.arrow, nuisance-K-of-N.arrow and run-K-of-N.json and shares expected.arrow with
 *   its sibling shards (identical bytes). Files of a run with another sharding (toys.arrow, or
 *   shards of M != N) are stale for a shard run. Owned or stale files that exist are refused
 *   without `force`, and with it replaced or removed together with the new ones. Other files in
 *   the folder are never touched. renp merge (merge.ts) owns the whole run's names it writes
 *   (toys.arrow, nuisance.arrow, run.json; or its --out names) and never the shards it reads.
 * - A lock `.renp.lock` (`.renp-K-of-N.lock`), created exclusively and holding the process id
 *   and host, refuses a second run into the same folder and shard, and any run whose files would
 *   overlap (a whole run and a shard, or shards of different N); shards K/N of one run take
 *   different locks and write into one folder concurrently.
 * - Commit: a journal `.renp[-K-of-N].journal` lists the renames; the replaced files are moved
 *   aside (`.<name>.<pid>.old`), the new ones renamed into place, then the old ones deleted. A
 *   failed rename rolls every step back, so the folder holds the previous run's files as before.
 *   A run killed during the commit leaves its journal; the next run into the folder rolls it back
 *   (or forward, when every rename had been done).
 * - Leftovers of processes that no longer run on this host (a lock, temporaries `.<name>.<pid>.
 *   <hex>.tmp`) are removed by the next run into the folder, which says so.
 */
import {
  closeSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { RenpError, RunCommitError } from "../errors.js";
import { readJournal, readLock, type JournalEntry, type LockInfo } from "./journal.js";
import { shardSuffix, type Shard } from "./shards.js";
import { runFolderFailure } from "./folderErrors.js";
import { pauseForTest } from "./testPause.js";
import {
  checkReplaceable,
  ensureFolder,
  entryKind,
  holdsBytes,
  OutputExistsError,
  removeCreatedFolders,
  statOrUndefined,
  temporaryPath,
  TEMPORARY_NAME,
  trackPending,
} from "./atomic.js";

/** Another run is writing the same files: the caller can wait or write elsewhere. */
export class RunInProgressError extends RenpError {
  constructor(
    message: string,
    readonly pid: number,
    lockPath: string,
  ) {
    super("invalid-input", message, { field: lockPath, value: pid });
    this.name = "RunInProgressError";
  }
}

/** A file of a run with another sharding is in the folder (replaced only with force). */
export class StaleRunFileError extends OutputExistsError {
  constructor(path: string) {
    super(path);
    this.message = `${path} exists, from a run with another sharding`;
    this.name = "StaleRunFileError";
  }
}

/**
 * A lock renp cannot use: not a regular file (renp writes its locks as files, so a folder, link
 * or FIFO there is someone else's: exit 2, left alone), or a stale lock that cannot be removed
 * (an immutable file, a folder not writable: a run-time failure).
 */
export class LockFileError extends RenpError {
  constructor(message: string, lockPath: string, notAFile: boolean) {
    super(notAFile ? "invalid-input" : "write-failed", message, {
      field: lockPath,
      allowed: "a lock file written by renp",
    });
    this.name = "LockFileError";
  }
}

/** Throws LockFileError unless what is at `lockPath` is a regular file (or nothing). */
function checkLockEntry(lockPath: string): void {
  const stats = statOrUndefined(lockPath);
  if (!stats || stats.isFile()) return;
  throw new LockFileError(
    `${lockPath} is ${entryKind(stats)}, not a lock file renp wrote (renp writes its locks as regular files): renp leaves it alone; remove it if no renp run uses this folder`,
    lockPath,
    true,
  );
}

/** Removes the lock of a process that no longer runs, or says why it cannot and what to do. */
function removeStaleLock(lockPath: string, pid: number | undefined): void {
  try {
    unlinkSync(lockPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    const why =
      code === "EPERM"
        ? "the file is immutable or append-only (lsattr shows it; chattr -i clears it)"
        : code === "EACCES" || code === "EROFS"
          ? "its folder is not writable"
          : (err as Error).message;
    throw new LockFileError(
      `${lockPath} is the stale lock of renp process ${pid ?? "(unknown)"}, which no longer runs, but it cannot be removed: ${why}; remove it by hand, then run again`,
      lockPath,
      false,
    );
  }
}

/** The file names a run writes: "" suffix for a whole run, "-K-of-N" for shard K/N. */
export function runFileNames(shard?: Shard): {
  expected: string;
  toys: string;
  nuisance: string;
  run: string;
} {
  const suffix = shard ? shardSuffix(shard) : "";
  return {
    expected: "expected.arrow",
    toys: `toys${suffix}.arrow`,
    nuisance: `nuisance${suffix}.arrow`,
    run: `run${suffix}.json`,
  };
}

const WHOLE_RUN_FILES = new Set(["toys.arrow", "nuisance.arrow", "run.json"]);
const SHARD_FILE = /^(?:(?:toys|nuisance)-(\d+)-of-(\d+)\.arrow|run-(\d+)-of-(\d+)\.json)$/;
const LOCK_FILE = /^\.renp(?:-(\d+)-of-(\d+))?\.lock$/;

/** Whether a file name is one a generate run writes (of any sharding). */
export const isRunFile = (name: string): boolean =>
  name === "expected.arrow" || WHOLE_RUN_FILES.has(name) || SHARD_FILE.test(name);

/** How a file in a run's folder relates to the run (see ownership). */
export type Ownership = "own" | "shared" | "stale" | undefined;

/**
 * How a file in the folder relates to run `shard`: "own" (it writes or removes it), "shared"
 * (expected.arrow of a shard run), "stale" (another sharding's file: removed with force),
 * or undefined (not a run file, or a sibling shard's: never touched).
 */
export function ownership(name: string, shard: Shard | undefined): Ownership {
  const m = SHARD_FILE.exec(name);
  const count = m ? Number(m[2] ?? m[4]) : undefined;
  const index = m ? Number(m[1] ?? m[3]) : undefined;
  if (!shard)
    return name === "expected.arrow" || WHOLE_RUN_FILES.has(name) || m ? "own" : undefined;
  if (name === "expected.arrow") return "shared";
  if (WHOLE_RUN_FILES.has(name) || (count !== undefined && count !== shard.count)) return "stale";
  if (index === shard.index && count === shard.count) return "own";
  return undefined;
}

/** A process id that runs on this host (EPERM: it runs, as another user). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

const suffixOf = (shard: Shard | undefined) => (shard ? shardSuffix(shard) : "");

/** Two runs' file sets overlap: same key, a whole run and anything, or shards of different N. */
function overlaps(a: Shard | undefined, b: Shard | undefined): boolean {
  if (!a || !b) return true;
  return a.count !== b.count || a.index === b.index;
}

/** Writes a small file whole (temporary + rename). */
function writeWhole(path: string, text: string): void {
  const temporary = temporaryPath(path);
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

export interface RunFolderOptions {
  dir: string;
  /** undefined for a whole run. */
  shard?: Shard | undefined;
  force: boolean;
  /** Names the run will write (runFileNames), with the bytes of a shared expected.arrow. */
  writes: string[];
  sharedBytes?: Uint8Array | undefined;
  /**
   * Which files the run owns, if not a generate run's (ownership): renp merge owns the whole-run
   * names it writes, never the shard files it reads.
   */
  owns?: ((name: string) => Ownership) | undefined;
  /** What the run tells the user about leftovers it cleaned up (stderr in the CLI). */
  onNotice?: ((message: string) => void) | undefined;
}

export class RunFolder {
  private readonly temporaries = new Map<string, string>(); // name -> temporary path
  private readonly lockPath: string;
  private readonly journalPath: string;
  private created: string | undefined;
  private locked = false;
  /** Set when a rollback failed: the journal stays for the next run to finish it. */
  private keepLock = false;

  private constructor(private readonly options: RunFolderOptions) {
    const suffix = suffixOf(options.shard);
    this.lockPath = join(options.dir, `.renp${suffix}.lock`);
    this.journalPath = join(options.dir, `.renp${suffix}.journal`);
  }

  private roleOf(name: string): Ownership {
    return this.options.owns ? this.options.owns(name) : ownership(name, this.options.shard);
  }

  /** Creates the folder, takes the lock, cleans leftovers of dead runs, checks for conflicts. */
  static open(options: RunFolderOptions): RunFolder {
    const folder = new RunFolder(options);
    try {
      folder.created = ensureFolder(options.dir);
      folder.lock();
      folder.checkOtherLocks();
      folder.removeStaleTemporaries();
      folder.checkConflicts();
    } catch (err) {
      folder.abort();
      throw err;
    }
    return folder;
  }

  /** The temporary path to write final file `name` to. */
  temporary(name: string): string {
    const path = temporaryPath(join(this.options.dir, name));
    this.temporaries.set(name, path);
    return path;
  }

  private lock(): void {
    const info: Required<LockInfo> = {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date().toISOString(),
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(this.lockPath, "wx");
        writeSync(fd, `${JSON.stringify(info)}\n`);
        closeSync(fd);
        this.locked = true;
        trackPending(this, true); // a signal that ends the process removes the lock, temporaries
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw err;
      }
      checkLockEntry(this.lockPath);
      const holder = readLock(this.lockPath);
      this.refuseIfLive(this.lockPath, holder);
      this.recover(this.options.shard, holder);
    }
  }

  /** Throws if the lock's holder may still run; a lock of a dead process on this host is stale. */
  private refuseIfLive(lockPath: string, holder: LockInfo | undefined): void {
    if (!holder) return; // unreadable: a torn write, stale
    const sameHost = holder.host === hostname();
    if (sameHost && !processRuns(holder.pid)) return;
    const since = holder.startedAt ? ` since ${holder.startedAt}` : "";
    const where = sameHost ? "" : ` on host ${holder.host}`;
    const advice = sameHost
      ? "wait for it to finish or stop it, or write elsewhere (--out)"
      : `if it no longer runs, remove ${lockPath}`;
    throw new RunInProgressError(
      `${this.options.dir} is being written by renp process ${holder.pid}${where}${since} (lock ${lockPath}): ${advice}`,
      holder.pid,
      lockPath,
    );
  }

  /** Finishes the interrupted commit of a dead run (if any) and removes its lock. */
  private recover(shard: Shard | undefined, holder: LockInfo | undefined): void {
    const suffix = suffixOf(shard);
    const journalPath = join(this.options.dir, `.renp${suffix}.journal`);
    // Checked before acting: only plain names of this run's own files (io/journal.ts).
    const journal = readJournal(journalPath, (name) => ownership(name, shard) !== undefined);
    if (journal) {
      const rolledBack = journal.phase !== "committed";
      for (const e of journal.entries) {
        const final = join(this.options.dir, e.name);
        const backup = e.backup ? join(this.options.dir, e.backup) : undefined;
        if (rolledBack && backup && statOrUndefined(backup)) renameSync(backup, final);
        else if (rolledBack && e.placed && !e.shared && !backup) rmSync(final, { force: true });
        else if (backup) rmSync(backup, { force: true });
      }
      rmSync(journalPath, { force: true });
      this.notice(
        rolledBack
          ? `the commit of process ${journal.pid} into ${this.options.dir} was interrupted; its previous files were restored`
          : `finished the commit of process ${journal.pid} into ${this.options.dir} (it stopped while removing replaced files)`,
      );
    }
    removeStaleLock(join(this.options.dir, `.renp${suffix}.lock`), holder?.pid);
    this.notice(
      `removed the stale lock of renp process ${holder?.pid ?? "(unknown)"}, which no longer runs`,
    );
  }

  private notice(message: string): void {
    this.options.onNotice?.(message);
  }

  /** Refuses when a live run with overlapping files holds another lock; clears dead ones. */
  private checkOtherLocks(): void {
    for (const name of readdirSync(this.options.dir)) {
      const m = LOCK_FILE.exec(name);
      const path = join(this.options.dir, name);
      if (!m || path === this.lockPath) continue;
      const other = m[1] ? { index: Number(m[1]), count: Number(m[2]) } : undefined;
      if (!overlaps(this.options.shard, other)) continue;
      checkLockEntry(path);
      const holder = readLock(path);
      this.refuseIfLive(path, holder);
      this.recover(other, holder);
    }
  }

  /**
   * Removes temporaries of processes that no longer run here. Skipped while a run of another host
   * holds a lock in the folder: its process ids mean nothing on this host.
   */
  private removeStaleTemporaries(): void {
    const names = readdirSync(this.options.dir);
    const livePids = new Set<number>([process.pid]);
    for (const name of names) {
      if (!LOCK_FILE.test(name)) continue;
      const holder = readLock(join(this.options.dir, name));
      if (holder && holder.host !== hostname()) return;
      if (holder) livePids.add(holder.pid);
    }
    const removed: string[] = [];
    let bytes = 0;
    for (const name of names) {
      const m = TEMPORARY_NAME.exec(name);
      const pid = m ? Number(m[1]) : NaN;
      if (!m || livePids.has(pid) || processRuns(pid)) continue;
      const path = join(this.options.dir, name);
      bytes += statOrUndefined(path)?.size ?? 0;
      rmSync(path, { force: true });
      removed.push(name);
    }
    if (removed.length)
      this.notice(
        `removed ${removed.length} temporary file${removed.length === 1 ? "" : "s"} (${bytes} bytes) left in ${this.options.dir} by processes that no longer run: ${removed.join(", ")}`,
      );
  }

  /**
   * The owned and stale files that exist, and those the run writes: refused without force (and
   * non-files always).
   */
  private checkConflicts(): void {
    const { dir, force, writes, sharedBytes } = this.options;
    for (const name of readdirSync(dir).sort()) {
      const role = this.roleOf(name);
      const path = join(dir, name);
      if (role === undefined && !writes.includes(name)) continue;
      if (role === "shared" && sharedBytes && holdsBytes(path, sharedBytes)) continue;
      if (role === "shared" && !writes.includes(name)) continue;
      try {
        checkReplaceable(path, force);
      } catch (err) {
        if (err instanceof OutputExistsError && role === "stale") throw new StaleRunFileError(path);
        throw err;
      }
    }
  }

  /**
   * Puts the written files in place and removes the owned files this run did not write, all
   * together (see the file comment); then releases the lock.
   */
  commit(): void {
    const { dir, force, sharedBytes } = this.options;
    const entries: JournalEntry[] = [];
    const backupOf = (name: string) => `.${name}.${process.pid}.old`;
    for (const [name, temporary] of this.temporaries) {
      const final = join(dir, name);
      const shared = this.roleOf(name) === "shared";
      if (shared && sharedBytes && holdsBytes(final, sharedBytes)) {
        rmSync(temporary, { force: true });
        continue;
      }
      const exists = checkReplaceable(final, force);
      entries.push({ name, backup: exists ? backupOf(name) : null, placed: true, shared });
    }
    for (const name of readdirSync(dir).sort()) {
      const role = this.roleOf(name);
      if (this.temporaries.has(name) || (role !== "own" && role !== "stale")) continue;
      checkReplaceable(join(dir, name), force);
      entries.push({ name, backup: backupOf(name), placed: false, shared: false });
    }
    writeWhole(this.journalPath, JSON.stringify({ pid: process.pid, phase: "commit", entries }));
    const moved: JournalEntry[] = [];
    const placed: JournalEntry[] = [];
    try {
      for (const e of entries) {
        if (!e.backup) continue;
        renameSync(join(dir, e.name), join(dir, e.backup));
        moved.push(e);
        pauseForTest(`commit: moved ${e.name}`);
      }
      for (const e of entries) {
        if (!e.placed) continue;
        renameSync(this.temporaries.get(e.name)!, join(dir, e.name));
        placed.push(e);
        pauseForTest(`commit: placed ${e.name}`);
      }
    } catch (err) {
      this.rollBack(moved, placed, err as Error);
    }
    writeWhole(this.journalPath, JSON.stringify({ pid: process.pid, phase: "committed", entries }));
    pauseForTest("commit: committed");
    for (const e of entries) if (e.backup) rmSync(join(dir, e.backup), { force: true });
    rmSync(this.journalPath, { force: true });
    this.temporaries.clear();
    this.release();
  }

  private rollBack(moved: JournalEntry[], placed: JournalEntry[], cause: Error): never {
    const { dir } = this.options;
    const failures: string[] = [];
    const attempt = (what: string, step: () => void) => {
      try {
        step();
      } catch (err) {
        failures.push(`${what}: ${(err as Error).message}`);
      }
    };
    for (const e of placed) {
      if (e.shared && !e.backup) continue; // sibling shards may rely on it: same bytes
      attempt(`remove ${e.name}`, () => rmSync(join(dir, e.name), { force: true }));
    }
    for (const e of moved)
      attempt(`restore ${e.name}`, () => renameSync(join(dir, e.backup!), join(dir, e.name)));
    if (failures.length === 0) rmSync(this.journalPath, { force: true });
    else this.keepLock = true;
    const state =
      failures.length === 0
        ? "the folder holds the files it held before the run"
        : `restoring the previous files failed too (${failures.join("; ")}); the next renp run into ${dir} restores them from ${this.journalPath}`;
    throw new RunCommitError(
      `could not put the run's files in place in ${dir} (${cause.message}); ${state}`,
    );
  }

  private release(): void {
    if (this.locked && !this.keepLock) rmSync(this.lockPath, { force: true });
    this.locked = false;
    trackPending(this, false);
  }

  /**
   * Removes the temporaries, the lock and the folders this run created (when empty); returns the
   * paths it could not remove (a folder made read-only meanwhile).
   */
  abort(): string[] {
    const left: string[] = [];
    const remove = (path: string, step: () => void) => {
      try {
        step();
      } catch {
        left.push(path);
      }
    };
    for (const t of this.temporaries.values()) remove(t, () => rmSync(t, { force: true }));
    this.temporaries.clear();
    remove(this.lockPath, () => this.release());
    if (!this.keepLock) removeCreatedFolders(this.options.dir, this.created);
    return left;
  }

  /** abort(), then the error to throw for `err` (io/folderErrors.ts: a folder not writable). */
  fail(err: unknown): unknown {
    return runFolderFailure(err, this.options.dir, this.abort());
  }
}
