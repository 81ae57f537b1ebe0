/**
 * Runs a range of toys in worker_threads and hands the blocks back in toy order.
 *
 * The range is cut into tasks of `toysPerBatch` toys (one record batch each); each worker pulls
 * tasks as it finishes them (the fast one takes more), at most two at a time so it never waits
 * for the next. The main thread gets each block's typed arrays as transferables, keeps early
 * blocks until their turn and calls onBlock in toy order. At most `2 W + 2` tasks are out between
 * the oldest unwritten one and the newest dispatched, so memory stays a few batches whatever the
 * toy count. A worker that throws or exits ends the run with an error naming its toys.
 *
 * Worker file: next to this module as worker.js in dist/. Under vitest this module is the .ts
 * source, and Node cannot run a .ts worker, so the compiled dist/src/parallel/worker.js is used
 * (test/globalSetup.ts builds it before the tests; CI builds before `npm test` anyway).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { PACKAGE_ROOT } from "../paths.js";
import { ToyGenerator, type ToyBlock, type ToySpec } from "../sampling/toys.js";
import type { Task, TaskResult } from "./worker.js";

/** The compiled worker entry. */
export function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  const path = here.endsWith(".ts")
    ? join(PACKAGE_ROOT, "dist", "src", "parallel", "worker.js")
    : fileURLToPath(new URL("./worker.js", import.meta.url));
  if (!existsSync(path))
    throw new Error(`worker entry ${path} is missing: run \`npm run build\` first`);
  return path;
}

export interface RunToysOptions {
  spec: ToySpec;
  firstToy: number;
  count: number;
  /** Worker threads; 0 generates in this thread (embedding, small runs). */
  workers: number;
  toysPerBatch: number;
  /** Called with each block in toy order; may write it out synchronously. */
  onBlock: (block: ToyBlock) => void;
  onProgress?: (toysDone: number) => void;
}

/** Splits [first, first + count) into tasks of at most size toys. */
export function tasksOf(first: number, count: number, size: number): Task[] {
  const tasks: Task[] = [];
  for (let at = 0, id = 0; at < count; at += size, id++)
    tasks.push({ id, first: first + at, count: Math.min(size, count - at) });
  return tasks;
}

/** Generates the toys; resolves with the number of toys whose efficiency was clipped at 1. */
export async function runToys(options: RunToysOptions): Promise<{ clippedToys: number }> {
  if (!(Number.isSafeInteger(options.toysPerBatch) && options.toysPerBatch >= 1)) {
    throw new RangeError(`toysPerBatch must be a positive integer, got ${options.toysPerBatch}`);
  }
  const tasks = tasksOf(options.firstToy, options.count, options.toysPerBatch);
  if (options.workers <= 0 || tasks.length === 0) {
    const generator = new ToyGenerator(options.spec);
    let clippedToys = 0;
    let done = 0;
    for (const task of tasks) {
      const block = generator.generate(task.first, task.count);
      clippedToys += block.clippedToys;
      options.onBlock(block);
      done += task.count;
      options.onProgress?.(done);
      // Let signals and progress timers run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { clippedToys };
  }
  return runInWorkers(options, tasks);
}

function runInWorkers(options: RunToysOptions, tasks: Task[]): Promise<{ clippedToys: number }> {
  const count = Math.min(options.workers, tasks.length);
  const window = 2 * count + 2;
  const entry = workerPath();
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    const outstanding = new Map<Worker, Task[]>();
    const ready = new Map<number, TaskResult>();
    let nextTask = 0;
    let nextToWrite = 0;
    let done = 0;
    let clippedToys = 0;
    let finished = false;

    const finish = (err?: Error) => {
      if (finished) return;
      finished = true;
      for (const w of workers) {
        w.removeAllListeners();
        w.on("error", () => {}); // a late error of a terminating worker is of no interest now
        void w.terminate();
      }
      if (err) reject(err);
      else resolve({ clippedToys });
    };

    const dispatch = () => {
      for (const w of workers) {
        const mine = outstanding.get(w)!;
        while (mine.length < 2 && nextTask < tasks.length && nextTask - nextToWrite < window) {
          const task = tasks[nextTask++];
          mine.push(task);
          w.postMessage(task);
        }
      }
    };

    const onResult = (w: Worker, result: TaskResult) => {
      const mine = outstanding.get(w)!;
      mine.splice(
        mine.findIndex((t) => t.id === result.id),
        1,
      );
      ready.set(result.id, result);
      try {
        for (let r = ready.get(nextToWrite); r; r = ready.get(nextToWrite)) {
          ready.delete(nextToWrite);
          const task = tasks[nextToWrite];
          clippedToys += r.clippedToys;
          options.onBlock({
            firstToy: task.first,
            count: task.count,
            nObs: r.nObs,
            truth: r.truth,
            nuisance: r.nuisance,
            clippedToys: r.clippedToys,
            totalCounts: r.totalCounts,
          });
          done += task.count;
          nextToWrite++;
        }
        options.onProgress?.(done);
      } catch (err) {
        finish(err as Error);
        return;
      }
      if (nextToWrite === tasks.length) finish();
      else dispatch();
    };

    const failure = (index: number, w: Worker, what: string) => {
      const task = outstanding.get(w)?.[0];
      const toys = task ? ` on toys ${task.first}..${task.first + task.count - 1}` : "";
      finish(new Error(`worker ${index + 1} of ${count} failed${toys}: ${what}`));
    };

    for (let i = 0; i < count; i++) {
      const w = new Worker(entry, { workerData: { spec: options.spec } });
      workers.push(w);
      outstanding.set(w, []);
      w.on("message", (result: TaskResult) => onResult(w, result));
      w.on("error", (err) => failure(i, w, err.message));
      w.on("exit", (code) => failure(i, w, `exited with code ${code}`));
    }
    dispatch();
  });
}
