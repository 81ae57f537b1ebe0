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

/**
 * Lets the event loop run once through its poll phase (a timer, then an immediate: libuv reads
 * signals in the poll phase between them), so that an abort requested meanwhile - by a signal
 * that came during synchronous work - has been requested when this resolves.
 */
export async function turnEventLoop(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setImmediate(resolve));
}

/** turnEventLoop, then throwIfAborted: called before an output is written. */
export async function checkAbortedSoon(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  await turnEventLoop();
  throwIfAborted(signal);
}
