/**
 * The worker that computes `renp sensitivity` (computeSensitivityOffThread in run.ts): its Asimov
 * fits, limit scans and toys are synchronous work of seconds to minutes (an omega-offset grid of
 * a large scan alone), during which the main thread, were it doing it, could handle no signal.
 * Here the main thread only waits, so SIGINT/SIGTERM end the command at once
 * (parallel/offThread.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { replyOf } from "../../parallel/offThread.js";
import { computeSensitivity, type SensitivityOptions } from "./run.js";

const { scenarioArg, options } = workerData as {
  scenarioArg: string;
  options: SensitivityOptions;
};
parentPort?.postMessage(await replyOf(() => computeSensitivity(scenarioArg, options)));
