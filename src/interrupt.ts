/**
 * Stopping a run from outside: the CLI turns SIGINT/SIGTERM into an AbortSignal (cli/signals.ts);
 * the library only listens to it and never installs a signal handler or exits the process.
 */
import { constants } from "node:os";

/**
 * The run was stopped through its AbortSignal; nothing was written. exitCode: 128 + the signal's
 * number, as a shell reports a process a signal ended (1 for another reason).
 */
export class InterruptedError extends Error {
  readonly exitCode: number;
  constructor(readonly reason: string) {
    super(`interrupted (${reason}); no output was written`);
    this.name = "InterruptedError";
    const number = (constants.signals as Record<string, number | undefined>)[reason];
    this.exitCode = number === undefined ? 1 : 128 + number;
  }
}

/** The abort reason as text: a signal name from the CLI, else what the caller passed. */
function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return typeof reason === "string" ? reason : reason instanceof Error ? reason.message : "aborted";
}

export function interruptedError(signal: AbortSignal): InterruptedError {
  return new InterruptedError(reasonOf(signal));
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw interruptedError(signal);
}
