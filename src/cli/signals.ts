/**
 * SIGINT and SIGTERM for the renp executable (bin.ts installs them; library modules never do).
 * While an abortable operation runs (a generate run), a signal aborts it through an AbortSignal:
 * the run terminates its workers, removes its temporaries and the command exits 128 + the signal
 * number; a second signal, or one second without the run ending, exits at once. Otherwise the
 * process exits at once, after removing the temporaries of output sets not yet committed
 * (io/atomic.ts: renp fit, renp merge).
 */
import { constants } from "node:os";
import { turnEventLoop } from "../interrupt.js";
import { abortPendingOutputs, writeOutputFile } from "../io/atomic.js";

const controller = new AbortController();
let running = 0;

/** Runs `operation` with the signal that SIGINT/SIGTERM abort. */
export async function abortable<T>(operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
  running++;
  try {
    return await operation(controller.signal);
  } finally {
    running--;
  }
}

/** How long an aborted run may take to clean up before the process exits regardless. */
const GRACE_MS = 1000;

function exitNow(signal: NodeJS.Signals, code: number): never {
  abortPendingOutputs();
  process.stderr.write(`\nrenp: interrupted (${signal}); no output was written\n`);
  process.exit(code);
}

export function installSignalHandlers(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const code = 128 + constants.signals[signal];
    process.on(signal, () => {
      if (running === 0 || controller.signal.aborted) exitNow(signal, code);
      controller.abort(signal);
      setTimeout(() => exitNow(signal, code), GRACE_MS).unref();
    });
  }
}

/**
 * Lets a signal that arrived during synchronous work (a 100,000-bin expectation, a scenario
 * check) be handled now: its handler runs only when the event loop does. Called before an output
 * is written and before the process exits, so such a signal still ends the command with exit
 * 128 + n and no output, instead of being lost.
 */
export const handlePendingSignals = turnEventLoop;

/** writeOutputFile after handlePendingSignals: a signal that came meanwhile writes nothing. */
export async function writeOutputUnlessInterrupted(
  path: string,
  bytes: string | Uint8Array,
  force: boolean,
): Promise<void> {
  await handlePendingSignals();
  writeOutputFile(path, bytes, force);
}
