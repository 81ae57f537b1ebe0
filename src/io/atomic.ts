/**
 * Output files that appear whole or not at all (docs/outputs.md): each is written under a hidden
 * temporary name in its final folder and renamed over the final name once complete. An existing
 * output is never replaced without `force`, and even with it only a regular file is replaced:
 * a folder, device node, FIFO, socket or symbolic link in the way is an error, left untouched.
 * Folders created for an output that then fails are removed again (when still empty).
 *
 * Single files (spectrum, schema, plot) use writeOutputFile; a generate run's set of files is
 * committed together by io/runFolder.ts, which builds on the checks here.
 */
import { randomBytes } from "node:crypto";
import {
  lstatSync,
  readFileSync,
  mkdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { OutputExistsError, RenpError } from "../errors.js";

export { OutputExistsError };

/** Something other than a regular file is where an output would go (an input error, even with force). */
export class OutputNotReplaceableError extends RenpError {
  constructor(
    readonly path: string,
    readonly found: string,
  ) {
    const allowed = "a regular file (renp replaces nothing else, even with --force)";
    super("invalid-input", `${path} is ${found}, not ${allowed}; it was left untouched`, {
      field: path,
      value: found,
      allowed,
    });
    this.name = "OutputNotReplaceableError";
  }
}

/** What a non-regular file system entry is, for messages. */
export function entryKind(stats: Stats): string {
  if (stats.isFile()) return "a regular file";
  if (stats.isDirectory()) return "a folder";
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/** lstat, or undefined when nothing is at `path`. */
export function statOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/**
 * Throws unless `path` is free, or holds a regular file and `force` is given. Returns whether a
 * file is there (to be replaced).
 */
export function checkReplaceable(path: string, force: boolean): boolean {
  const stats = statOrUndefined(path);
  if (!stats) return false;
  if (!stats.isFile()) throw new OutputNotReplaceableError(path, entryKind(stats));
  if (!force) throw new OutputExistsError(path);
  return true;
}

/** A hidden temporary name beside `finalPath`, carrying this process's id (docs/outputs.md). */
export function temporaryPath(finalPath: string): string {
  return join(
    dirname(finalPath),
    `.${basename(finalPath)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
}

/** Temporary files as temporaryPath names them; group 1 is the owner's process id. */
export const TEMPORARY_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Where an output folder should be, something else is (an input error). */
export class OutputFolderError extends RenpError {
  constructor(
    readonly path: string,
    readonly found: string,
  ) {
    super("invalid-input", `${path} is ${found}, not a folder: outputs go into a folder`, {
      field: path,
      value: found,
      allowed: "a folder, or a path that does not exist yet",
    });
    this.name = "OutputFolderError";
  }
}

/**
 * Creates `dir` (and missing parents); returns the outermost folder it created, or undefined if
 * `dir` existed. Something that is not a folder in the way is an OutputFolderError.
 */
export function ensureFolder(dir: string): string | undefined {
  const absolute = resolve(dir);
  for (let at = absolute; ; at = dirname(at)) {
    const stats = statOrUndefined(at);
    if (stats && !stats.isDirectory()) {
      // A symbolic link to a folder is a folder for our purposes.
      const target = stats.isSymbolicLink() ? statOrUndefinedFollow(at) : undefined;
      if (!target?.isDirectory()) throw new OutputFolderError(at, entryKind(stats));
    }
    if (stats || dirname(at) === at) break;
  }
  return mkdirSync(absolute, { recursive: true }) ?? undefined;
}

function statOrUndefinedFollow(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Removes the folders from `dir` up to `created` (what ensureFolder made), if they are empty. */
export function removeCreatedFolders(dir: string, created: string | undefined): void {
  if (!created) return;
  for (let at = resolve(dir); at.startsWith(created); at = dirname(at)) {
    try {
      rmdirSync(at);
    } catch {
      return; // not empty (another shard's files, say) or already gone: leave it
    }
    if (at === created) return;
  }
}

/** Writes one output file atomically: never a partial file, never a replaced non-file. */
export function writeOutputFile(path: string, bytes: string | Uint8Array, force: boolean): void {
  checkReplaceable(path, force);
  const created = ensureFolder(dirname(path));
  const temporary = temporaryPath(path);
  try {
    writeFileSync(temporary, bytes, { flag: "wx" });
    checkReplaceable(path, force); // again: something may have appeared meanwhile
    renameSync(temporary, path);
  } catch (err) {
    rmSync(temporary, { force: true });
    removeCreatedFolders(dirname(path), created);
    throw err;
  }
}

/** Output sets with temporaries on disk, for the command line to clean up on a signal. */
const pending = new Set<{ abort(): void }>();

/**
 * Registers (or, with `false`, unregisters) an output set whose temporaries abortPendingOutputs
 * removes: AtomicOutputs, and the run folders of io/runFolder.ts.
 */
export function trackPending(outputs: { abort(): void }, tracked: boolean): void {
  if (tracked) pending.add(outputs);
  else pending.delete(outputs);
}

/**
 * Removes the temporaries of every output set not yet committed. The command line calls it when
 * a signal ends the process (cli/signals.ts); the library installs no handler itself.
 */
export function abortPendingOutputs(): void {
  for (const outputs of [...pending]) outputs.abort();
}

/**
 * A set of output files (renp merge, renp fit) written under temporary names and renamed into
 * place together by commit(): files being replaced are moved aside first and put back if any
 * rename fails, so the set is all new or all as before. Only regular files are replaced, and only
 * with `force`; with `sameBytes`, an existing file holding exactly those bytes is no conflict.
 */
export class AtomicOutputs {
  private readonly temporaries = new Map<string, string>(); // final path -> temporary
  private readonly sameBytes = new Map<string, Uint8Array>();
  private readonly created: { dir: string; created: string }[] = [];

  constructor(private readonly force: boolean) {}

  /** Checks the final path and returns the temporary path to write instead. */
  reserve(finalPath: string, options: { sameBytes?: Uint8Array } = {}): string {
    if (options.sameBytes) this.sameBytes.set(finalPath, options.sameBytes);
    this.check(finalPath);
    const created = ensureFolder(dirname(finalPath));
    if (created) this.created.push({ dir: dirname(finalPath), created });
    const temporary = temporaryPath(finalPath);
    this.temporaries.set(finalPath, temporary);
    pending.add(this);
    return temporary;
  }

  /** Whether a file is at finalPath to be replaced (throws when it may not be). */
  private check(finalPath: string): boolean {
    const same = this.sameBytes.get(finalPath);
    if (same && holdsBytes(finalPath, same)) return true;
    return checkReplaceable(finalPath, this.force);
  }

  /** Renames every temporary into place, all or none (see the class comment). */
  commit(): string[] {
    const finals = [...this.temporaries.keys()];
    const moved: [string, string][] = [];
    const placed: string[] = [];
    try {
      for (const finalPath of finals) {
        if (!this.check(finalPath)) continue;
        const backup = `${this.temporaries.get(finalPath)!}.old`;
        renameSync(finalPath, backup);
        moved.push([finalPath, backup]);
      }
      for (const finalPath of finals) {
        renameSync(this.temporaries.get(finalPath)!, finalPath);
        placed.push(finalPath);
      }
    } catch (err) {
      for (const finalPath of placed) rmSync(finalPath, { force: true });
      for (const [finalPath, backup] of moved) renameSync(backup, finalPath);
      this.abort();
      throw err;
    }
    for (const [, backup] of moved) rmSync(backup, { force: true });
    this.temporaries.clear();
    pending.delete(this);
    return finals;
  }

  /** Removes every temporary (and the folders reserve created, when empty); safe to repeat. */
  abort(): void {
    for (const temporary of this.temporaries.values()) rmSync(temporary, { force: true });
    this.temporaries.clear();
    for (const { dir, created } of this.created.reverse()) removeCreatedFolders(dir, created);
    this.created.length = 0;
    pending.delete(this);
  }
}

/** Whether a regular file at `path` holds exactly `bytes`. */
export function holdsBytes(path: string, bytes: Uint8Array): boolean {
  const stats = statOrUndefined(path);
  if (!stats?.isFile() || stats.size !== bytes.byteLength) return false;
  return Buffer.from(bytes).equals(readFileSync(path));
}
