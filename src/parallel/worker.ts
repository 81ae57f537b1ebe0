/**
 * A toy worker: builds a ToyGenerator from workerData.spec, then answers each task
 * { id, first, count } with the block's arrays, transferred (not copied) to the main thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ToyGenerator, type ToySpec } from "../sampling/toys.js";

export interface Task {
  id: number;
  first: number;
  count: number;
}

export interface TaskResult {
  id: number;
  nObs: Int32Array;
  truth: Int32Array[];
  nuisance: Float64Array[];
  clippedToys: number;
  totalCounts: number;
}

if (parentPort) {
  const port = parentPort;
  const generator = new ToyGenerator((workerData as { spec: ToySpec }).spec);
  port.on("message", (task: Task) => {
    const block = generator.generate(task.first, task.count);
    const result: TaskResult = {
      id: task.id,
      nObs: block.nObs,
      truth: block.truth,
      nuisance: block.nuisance,
      clippedToys: block.clippedToys,
      totalCounts: block.totalCounts,
    };
    const arrays = [block.nObs, ...block.truth, ...block.nuisance];
    port.postMessage(
      result,
      arrays.map((a) => a.buffer as ArrayBuffer),
    );
  });
}
