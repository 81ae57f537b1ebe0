/**
 * The command line's side of errors (docs/architecture.md, "Errors"): exit codes 0 success,
 * 2 bad usage, an invalid scenario or an output that exists without --force, 1 a run-time failure.
 * The library throws typed errors (src/errors.ts); only this file turns them into codes and words.
 */
import { RenpError, type RenpErrorKind } from "../errors.js";
import { InterruptedError } from "../interrupt.js";

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A command-line option the user can fix. */
export class UsageError extends RenpError {
  constructor(message: string) {
    super("invalid-input", message);
    this.name = "UsageError";
  }
}

const EXIT_CODE: Record<RenpErrorKind, number> = {
  "invalid-input": EXIT_USAGE,
  "output-exists": EXIT_USAGE,
  "bad-file": EXIT_FAILURE,
  internal: EXIT_FAILURE,
};

/** The exit code for an error: by its kind for renp's own errors, 128 + n after signal n, else 1. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof InterruptedError) return err.exitCode;
  return err instanceof RenpError ? EXIT_CODE[err.kind] : EXIT_FAILURE;
}

/** The message the command line prints, with the option that resolves the error where there is one. */
export function cliMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RenpError && err.kind === "output-exists")
    return `${message}; pass --force to replace it`;
  return message;
}

/** "1 toy", "2 toys": a count with its noun (plural by adding s). */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;

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
