/**
 * The worker that checks a large scenario file for `renp validate` (scenario/validation.ts
 * `validateScenarioOffThread`): the main thread only waits, so a signal ends the command at once.
 */
import { parentPort, workerData } from "node:worker_threads";
import { replyOf } from "../parallel/offThread.js";
import { validateScenarioFile } from "./validation.js";

parentPort?.postMessage(
  await replyOf(() => validateScenarioFile((workerData as { scenario: string }).scenario)),
);
