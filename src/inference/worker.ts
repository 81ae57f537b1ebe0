/**
 * A fit worker: builds a ToyFitter from workerData.job, then answers each task
 * { id, first, count, counts } with the fitted block, its arrays transferred.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ToyFitter, type FitJob, type ToyCounts } from "./toys.js";

if (parentPort) {
  const port = parentPort;
  const fitter = new ToyFitter((workerData as { job: FitJob }).job);
  port.on("message", (task: { id: number; first: number; count: number; counts: ToyCounts }) => {
    const block = fitter.fit(task.first, task.count, task.counts);
    const arrays = [block.status, block.nll, block.q, ...block.values, ...block.errors];
    port.postMessage(
      { ...block, id: task.id },
      arrays.map((a) => a.buffer as ArrayBuffer),
    );
  });
}
