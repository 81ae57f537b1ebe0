/**
 * What a failed run tells the user about its folder (docs/outputs.md): a write the folder refused
 * (made read-only, or immutable, mid-run) is said to be that, naming the folder, not the errno of
 * a temporary; and whatever the run wrote but could not remove (the same refusal stops the
 * removal) is named with its size, so nothing is left behind unsaid.
 */
import { relative } from "node:path";
import { RenpError, RunCommitError } from "../errors.js";
import { statOrUndefined } from "./atomic.js";

/** The errno codes of a folder that refuses a new file or a removal. */
const NOT_WRITABLE = new Set(["EACCES", "EPERM", "EROFS"]);

/** The files a failed run could not remove, with their sizes and what will remove them. */
function leftText(dir: string, left: readonly string[]): string {
  let bytes = 0;
  const names = left.map((path) => {
    bytes += statOrUndefined(path)?.size ?? 0;
    return relative(dir, path);
  });
  return `it could not remove what it had written there: ${names.join(", ")} (${bytes} bytes in ${dir}); remove them once the folder is writable (the next renp run into it removes them too)`;
}

/**
 * The error a failed run into `dir` throws: `err` itself, or, when a write or removal inside the
 * folder was refused, a RunCommitError saying the folder is not writable; `left` (the paths the
 * run could not remove) is added to the message either way.
 */
export function runFolderFailure(err: unknown, dir: string, left: readonly string[]): unknown {
  const errno = err as NodeJS.ErrnoException;
  const path = typeof errno?.path === "string" ? errno.path : undefined;
  const inFolder = path !== undefined && !relative(dir, path).startsWith("..");
  if (!(err instanceof RenpError) && NOT_WRITABLE.has(String(errno?.code)) && inFolder) {
    const after = left.length ? leftText(dir, left) : "what it had written there was removed";
    return new RunCommitError(
      `cannot write in ${dir}: the folder is not writable (${errno.code} on ${relative(dir, path)}: made read-only or immutable during the run?); ${after}`,
    );
  }
  if (left.length && err instanceof Error) err.message += `; ${leftText(dir, left)}`;
  return err;
}
