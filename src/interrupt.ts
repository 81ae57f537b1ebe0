/**
 * Stopping a run from outside: the CLI turns SIGINT/SIGTERM into an AbortSignal (cli/signals.ts);
 * the library only listens to it and never installs a signal handler or exits the process.
 */
import { InterruptedError } from "./errors.js";

export { InterruptedError };

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
