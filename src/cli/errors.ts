/**
 * The command line's side of errors (docs/architecture.md, "Errors"): exit codes 0 success,
 * 2 bad usage, an invalid scenario or an output that exists without --force, 1 a run-time failure.
 * The library throws typed errors (src/errors.ts); only this file turns them into codes and words.
 */
import { constants } from "node:os";
import { InputError, InterruptedError, RenpError, type RenpErrorKind } from "../errors.js";

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A command-line option the user can fix. */
export class UsageError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const EXIT_CODE: Record<RenpErrorKind, number> = {
  "invalid-input": EXIT_USAGE,
  "output-exists": EXIT_USAGE,
  "bad-file": EXIT_FAILURE,
  "write-failed": EXIT_FAILURE,
  // Replaced by the signal's code in exitCodeOf; 1 when the run was stopped for another reason.
  interrupted: EXIT_FAILURE,
  "no-solution": EXIT_FAILURE,
  internal: EXIT_FAILURE,
};

/** 128 + the signal's number, as a shell reports a process a signal ended; 1 for another reason. */
function interruptedExitCode(err: InterruptedError): number {
  const number = (constants.signals as Record<string, number | undefined>)[err.reason];
  return number === undefined ? EXIT_FAILURE : 128 + number;
}

/** The exit code for an error: by its kind for renp's own errors, 128 + n after signal n, else 1. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof InterruptedError) return interruptedExitCode(err);
  return err instanceof RenpError ? EXIT_CODE[err.kind] : EXIT_FAILURE;
}

/** The message the command line prints, with the option that resolves the error where there is one. */
export function cliMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RenpError && err.kind === "output-exists")
    return `${message}; pass --force to replace it`;
  return message;
}

/** Parses an integer option in [min, max], or throws a UsageError naming the option and range. */
export function parseCount(
  option: string,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !(n >= min && n <= max)) {
      throw new UsageError(
        `${option} = ${JSON.stringify(value)}: expected an integer from ${min} to ${max}`,
      );
    }
    return n;
  };
}
