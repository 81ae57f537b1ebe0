/** How many worker threads a command starts: never more than can run at once (generate, fit). */
import { availableParallelism } from "node:os";

/**
 * The request, capped at os.availableParallelism(): more threads only add memory (each holds
 * its own model and buffers) and slow the reaction to a signal; a notice says so. undefined
 * asks for the cap.
 */
export function workerCount(
  requested: number | undefined,
  notice: (message: string) => void = () => {},
): number {
  const cap = availableParallelism();
  if (requested === undefined) return cap;
  if (requested > cap) {
    notice(
      `${requested} workers requested, but only ${cap} can run at once here (os.availableParallelism()): using ${cap}`,
    );
    return cap;
  }
  return requested;
}
