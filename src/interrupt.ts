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

/** A slice long enough that turning the event loop (~1 ms) costs ~2%, short against a second. */
const SLICE_MS = 50;

/**
 * Long synchronous work cut into slices: after each unit of work (a bin, say) `tick` lets the
 * event loop turn once `sliceMs` have passed since it last did, then throws if `signal` was
 * aborted meanwhile. One instance may be shared by several computations (the tables of a grid),
 * so that many short ones do not run back to back without a turn.
 */
export class EventLoopSlices {
  private since = performance.now();
  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly sliceMs = SLICE_MS,
  ) {}

  /** After a unit of work: turns the event loop when the slice is used up; throws if aborted. */
  async tick(): Promise<void> {
    if (performance.now() - this.since < this.sliceMs) return;
    await turnEventLoop();
    throwIfAborted(this.signal);
    this.since = performance.now();
  }
}

/** turnEventLoop, then throwIfAborted: called before an output is written. */
export async function checkAbortedSoon(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  await turnEventLoop();
  throwIfAborted(signal);
}
