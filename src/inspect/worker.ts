/**
 * The worker that inspects a large file for `renp inspect` (inspectFileOffThread in inspect.ts):
 * reading and summing a toys file of gigabytes is seconds of synchronous work, during which the
 * main thread, were it doing it, could handle no signal. Here the main thread only waits, so
 * SIGINT/SIGTERM end the command at once (parallel/offThread.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { inspectFile } from "../inspect.js";
import { replyOf } from "../parallel/offThread.js";

parentPort?.postMessage(await replyOf(() => inspectFile((workerData as { path: string }).path)));
