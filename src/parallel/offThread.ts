/**
 * One call run in a worker thread while the calling thread waits, free to handle a signal:
 * `renp inspect` of a large file and `renp sensitivity` (seconds to minutes of synchronous
 * work: an aborted call terminates the worker at once). The worker posts `replyOf(work)`: the
 * result, or the error as kind and message, so the caller throws the same RenpError kinds (and
 * exit codes) as the call in-thread.
 */
import { statSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { RenpError } from "../errors.js";
import { interruptedError } from "../interrupt.js";

/** What an off-thread worker posts: its result, or the error it threw. */
export type OffThreadReply<T> =
  | { result: T }
  | {
      error: {
        kind?: RenpError["kind"];
        message: string;
        field?: string | undefined;
        allowed?: string | undefined;
      };
    };

/** The reply of a worker running `work` (worker side). */
export async function replyOf<T>(work: () => T | Promise<T>): Promise<OffThreadReply<T>> {
  try {
    return { result: await work() };
  } catch (err) {
    if (err instanceof RenpError)
      return {
        error: { kind: err.kind, message: err.message, field: err.field, allowed: err.allowed },
      };
    return { error: { message: err instanceof Error ? (err.stack ?? err.message) : String(err) } };
  }
}

/**
 * Runs the worker module `entry` with `workerData` and returns its result, or throws its error
 * (RenpError kinds kept); `signal` aborting terminates the worker and rejects with
 * InterruptedError.
 */
export async function offThread<T>(
  entry: string,
  workerData: unknown,
  signal?: AbortSignal,
): Promise<T> {
  if (signal?.aborted) throw interruptedError(signal);
  const worker = new Worker(entry, { workerData });
  const onAbort = () => void worker.terminate();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const reply = await new Promise<OffThreadReply<T>>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) =>
        reject(
          signal?.aborted
            ? interruptedError(signal)
            : new Error(`the worker ${entry} ended (exit ${code})`),
        ),
      );
    });
    if ("result" in reply) return reply.result;
    const { kind, message, field, allowed } = reply.error;
    throw kind ? new RenpError(kind, message, { field, allowed }) : new Error(message);
  } finally {
    signal?.removeEventListener("abort", onAbort);
    void worker.terminate();
  }
}

/**
 * Files above this size are read in a worker (`offThreadForLargeFile`): a worker costs ~0.1 s to
 * start, about the synchronous work of reading ~32 MB (a 1.6e8-byte toys file takes ~0.5 s).
 */
export const LARGE_FILE_BYTES = 32 * 2 ** 20;

/**
 * `work()` in this thread when `file` is not a regular file above LARGE_FILE_BYTES (including
 * one that cannot be read: `work` says what is wrong with it), else `offThread(entry,
 * workerData, signal)`, the same call in a worker.
 */
export function offThreadForLargeFile<T>(
  file: string,
  work: () => T,
  entry: string,
  workerData: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let size = 0;
  try {
    const stats = statSync(file);
    if (stats.isFile()) size = stats.size;
  } catch {
    // work() reports it
  }
  return size <= LARGE_FILE_BYTES
    ? Promise.resolve().then(work)
    : offThread<T>(entry, workerData, signal);
}
