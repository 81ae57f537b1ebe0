/**
 * Reading an input file whole, bounded (docs/outputs.md, "Inputs"): only a regular file is read.
 * A FIFO would block the open or the read (ignoring signals, since the thread never returns to
 * the event loop), /dev/zero or another device never ends; so they are refused, and so is a file
 * larger than the caller's bound. The FIFO is opened non-blocking, so refusing it never waits.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { RenpFileError } from "../errors.js";
import { entryKind } from "./atomic.js";

/** Why an input cannot be read: absent, not a regular file, too large, or an error's code. */
export class InputFileError extends RenpFileError {
  constructor(
    message: string,
    readonly path: string,
    readonly reason: "absent" | "not-a-file" | "too-large" | "unreadable",
  ) {
    super(message, { field: path, allowed: "a regular file" });
    this.name = "InputFileError";
  }
}

/**
 * The bytes of the regular file at `path`, at most `maxBytes` of them; `what` names the file in
 * messages ("scenario", "toys file"). Throws InputFileError otherwise.
 */
export function readInputFile(path: string, what: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputFileError(`no such file: ${path}`, path, "absent");
    throw new InputFileError(
      `cannot read ${what} ${path}: ${(err as Error).message}`,
      path,
      "unreadable",
    );
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory())
      throw new InputFileError(`${path} is a folder; give a ${what}`, path, "not-a-file");
    if (!stats.isFile())
      throw new InputFileError(
        `${path} is ${entryKind(stats)}, not a regular file: renp reads its ${what} only from a file (a pipe or device may never end)`,
        path,
        "not-a-file",
      );
    if (stats.size > maxBytes)
      throw new InputFileError(
        `${path} holds ${stats.size} bytes, more than the ${maxBytes} a ${what} may`,
        path,
        "too-large",
      );
    const bytes = Buffer.alloc(stats.size);
    let read = 0;
    while (read < stats.size) {
      const n = readSync(fd, bytes, read, stats.size - read, read);
      if (n === 0) break; // the file shrank meanwhile: what is there
      read += n;
    }
    return read === stats.size ? bytes : bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
