/**
 * What a run folder's lock and commit journal may say, checked before anything acts on them
 * (docs/outputs.md, "Leftovers"). Both are read back from the folder, which anyone may have
 * written to: a journal naming "../elsewhere" or an absolute path would otherwise make the next
 * run delete or move files outside the folder. A journal is acted on only when every name in it
 * is a plain name in the folder and one renp itself writes there (a file the run owns, or the
 * `.<name>.<pid>.old` backup of one); anything else is refused and the folder left untouched.
 */
import { RenpFileError } from "../errors.js";
import { InputFileError, readInputFile } from "./inputFile.js";

export interface LockInfo {
  pid: number;
  host: string;
  startedAt?: string;
}

export interface JournalEntry {
  name: string;
  /** Where the replaced file was moved aside, if one existed. */
  backup: string | null;
  /** A new file is renamed into place (false: the old one is only removed). */
  placed: boolean;
  /** expected.arrow of a shard run: sibling shards may have placed the same bytes. */
  shared: boolean;
}

export interface Journal {
  pid: number;
  phase: "commit" | "committed";
  entries: JournalEntry[];
}

/** Largest process id on Linux (pid_max is at most 2^22); kill(0) and kill(-1) mean groups. */
const MAX_PID = 2 ** 22;

/** Whether a value is a process id (a positive integer), never 0 or negative. */
export const isProcessId = (pid: unknown): pid is number =>
  typeof pid === "number" && Number.isInteger(pid) && pid > 0 && pid <= MAX_PID;

/**
 * A lock's content, or undefined when it does not hold a process id and a host (a torn write,
 * or not a renp lock): the caller treats it as stale.
 */
export function lockInfoOf(value: unknown): LockInfo | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { pid, host, startedAt } = value as Record<string, unknown>;
  if (!isProcessId(pid) || typeof host !== "string" || host.length > 255) return undefined;
  return {
    pid,
    host,
    ...(typeof startedAt === "string" ? { startedAt: startedAt.slice(0, 64) } : {}),
  };
}

/** A name directly inside the folder: no separator, not "." or "..", no NUL, not absolute. */
export const isPlainName = (name: string): boolean =>
  name.length > 0 && name.length <= 255 && name !== "." && name !== ".." && !/[/\\\0]/.test(name);

/** The refusal: says which journal, what is wrong and that nothing was done. */
function refuse(path: string, problem: string): never {
  throw new RenpFileError(
    `${path} is not one renp wrote (${problem}); it and the folder were left untouched: inspect it and remove it by hand if no renp run is using the folder`,
    { field: path, allowed: "a journal of plain names of the run's own files" },
  );
}

/**
 * The journal at `path` (already parsed from JSON), checked: `owns(name)` says whether a run
 * writes a file of that name into this folder. Throws RenpFileError on anything else.
 */
export function checkedJournal(
  path: string,
  value: unknown,
  owns: (name: string) => boolean,
): Journal {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    refuse(path, "not a JSON object");
  const { pid, phase, entries } = value as Record<string, unknown>;
  if (!isProcessId(pid)) refuse(path, "its pid is not a process id");
  if (phase !== "commit" && phase !== "committed") refuse(path, "unknown phase");
  if (!Array.isArray(entries) || entries.length > 10_000) refuse(path, "no list of entries");
  const checked: JournalEntry[] = [];
  for (const entry of entries as unknown[]) {
    if (typeof entry !== "object" || entry === null) refuse(path, "an entry is not an object");
    const { name, backup, placed, shared } = entry as Record<string, unknown>;
    if (typeof name !== "string" || !isPlainName(name) || !owns(name))
      refuse(path, `it names ${JSON.stringify(name)}, not a file of the run in this folder`);
    const backupName = `.${name}.${pid}.old`;
    if (backup !== null && backup !== backupName)
      refuse(path, `the backup ${JSON.stringify(backup)} of ${name} is not ${backupName}`);
    if (typeof placed !== "boolean" || typeof shared !== "boolean")
      refuse(path, `the entry of ${name} lacks its flags`);
    checked.push({ name, backup, placed, shared });
  }
  return { pid, phase, entries: checked };
}

/** What a small JSON file of the folder holds: absent, its parsed value, or why it is not JSON. */
export type SmallJson =
  | { state: "absent" }
  | { state: "json"; value: unknown }
  | { state: "unreadable"; problem: string };

/** Reads a lock or journal: only a small regular file (io/inputFile.ts), parsed as JSON. */
export function readSmallJson(path: string, maxBytes: number): SmallJson {
  let text: string;
  try {
    text = readInputFile(path, "run folder file", maxBytes).toString("utf8");
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    if (err.reason === "absent") return { state: "absent" };
    return { state: "unreadable", problem: err.message };
  }
  try {
    return { state: "json", value: JSON.parse(text) };
  } catch {
    return { state: "unreadable", problem: "not JSON" };
  }
}

/** The journal at `path`, if there is one, checked (checkedJournal); refuses one that is not JSON. */
export function readJournal(path: string, owns: (name: string) => boolean): Journal | undefined {
  const read = readSmallJson(path, 4 * 2 ** 20);
  if (read.state === "absent") return undefined;
  if (read.state === "unreadable") refuse(path, read.problem);
  return checkedJournal(path, read.value, owns);
}

/** The lock at `path`: its holder, or undefined when absent, torn or not a renp lock (stale). */
export function readLock(path: string): LockInfo | undefined {
  const read = readSmallJson(path, 64 * 1024);
  return read.state === "json" ? lockInfoOf(read.value) : undefined;
}
