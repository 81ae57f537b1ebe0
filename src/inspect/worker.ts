/**
 * The worker that inspects a large file for `renp inspect` (inspectFileOffThread in inspect.ts):
 * reading and summing
 * a toys file of gigabytes is seconds of synchronous work, during which the main thread, were it
 * doing it, could handle no signal. Here the main thread only waits, so SIGINT/SIGTERM end the
 * command at once (the worker dies with the process). Errors come back as kind and message, so
 * the main thread throws the same RenpError kinds (and exit codes) as an inspect in-thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { RenpError } from "../errors.js";
import { inspectFile } from "../inspect.js";

/** What the worker posts: the report, or the error it threw. */
export type InspectReply =
  | { report: ReturnType<typeof inspectFile> }
  | {
      error: {
        kind?: RenpError["kind"];
        message: string;
        field?: string | undefined;
        allowed?: string | undefined;
      };
    };

function reply(): InspectReply {
  try {
    return { report: inspectFile((workerData as { path: string }).path) };
  } catch (err) {
    if (err instanceof RenpError)
      return {
        error: { kind: err.kind, message: err.message, field: err.field, allowed: err.allowed },
      };
    return { error: { message: err instanceof Error ? (err.stack ?? err.message) : String(err) } };
  }
}

parentPort?.postMessage(reply());
