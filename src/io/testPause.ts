/**
 * A pause at a named step of a commit, for the tests that kill renp there with SIGKILL (a crash
 * between two renames must leave a folder the next run restores: docs/outputs.md) or signal it
 * there (RENP_TEST_PAUSE_MS then ends the pause, and the signal is handled after it). Honoured only
 * under the test runner (vitest sets VITEST in the environment its test processes, and the renp
 * processes they start, inherit) and only when RENP_TEST_PAUSE_AT names the step; otherwise it
 * does nothing. The pause blocks the thread, as the commit does: no signal handler, no timer
 * runs meanwhile, so the process is killed exactly there.
 */
import { writeSync } from "node:fs";

/** Longer than any test waits (the test kills the process well before), unless RENP_TEST_PAUSE_MS. */
const PAUSE_MS = 60_000;

/** Pauses at `step` when RENP_TEST_PAUSE_AT names it under the test runner (see above). */
export function pauseForTest(step: string): void {
  if (process.env.VITEST === undefined || process.env.RENP_TEST_PAUSE_AT !== step) return;
  writeSync(2, `renp: test pause at ${step}\n`);
  const ms = Number(process.env.RENP_TEST_PAUSE_MS ?? PAUSE_MS);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms >= 0 ? ms : PAUSE_MS);
}
