/**
 * A toy worker: builds a ToyGenerator from workerData.spec, then answers each task
 * { id, first, count }: with workerData.output, by drawing the toys into their record batches and
 * writing those into the files itself (parallel/batchWriter.ts), answering only the tallies;
 * without, with the block's arrays, transferred (not copied) to the main thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ToyGenerator, type ToySpec } from "../sampling/toys.js";
import { BatchWriter, type RunOutput } from "./batchWriter.js";

export interface Task {
  id: number;
  first: number;
  count: number;
}

export interface TaskResult {
  id: number;
  /** The block's arrays, unless the worker wrote them into the files itself. */
  nObs?: Int32Array;
  truth?: Int32Array[];
  nuisance?: Float64Array[];
  clippedToys: number;
  totalCounts: number;
}

/** What the main thread passes each worker. */
export interface WorkerInput {
  spec: ToySpec;
  /** The files to write batches into; without, the blocks' arrays go back to the main thread. */
  output?: RunOutput | undefined;
}

if (parentPort) {
  const port = parentPort;
  const { spec, output } = workerData as WorkerInput;
  const generator = new ToyGenerator(spec);
  const writer = output ? new BatchWriter(generator, output) : undefined;
  port.on("message", (task: Task) => {
    if (writer) {
      const tallies: TaskResult = { id: task.id, ...writer.write(task.first, task.count) };
      port.postMessage(tallies);
      return;
    }
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
