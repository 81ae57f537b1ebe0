/**
 * Runs a range of toys in worker_threads and hands the blocks back in toy order.
 *
 * With `output` (what generateRun does), each worker draws its toys into their record batches'
 * bytes and writes them at their place in the files itself (parallel/batchWriter.ts); the blocks
 * handed back then hold only the tallies, and the main thread touches no count.
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
 * (test/globalSetup.ts builds it before the tests; CI builds before `npm test` anyway). Tests
 * pass another entry (`workerEntry`) to inject failures; the production worker has no test hook.
 *
 * A worker may post `{ broadcast }` instead of a result: the pool hands it to every other worker
 * (the fit workers share the tables they build, inference/worker.ts).
 *
 * An AbortSignal stops the run at once: the workers are terminated and the promise rejects with
 * InterruptedError.
 */
import { Worker } from "node:worker_threads";
import { interruptedError } from "../interrupt.js";
import { compiledModule } from "./compiledModule.js";
import { samplerTables, ToyGenerator, type ToyBlock, type ToySpec } from "../sampling/toys.js";
import { BatchWriter, type RunOutput } from "./batchWriter.js";
import type { Task, TaskResult, WorkerInput } from "./worker.js";

/** Re-exported for the fit pool (inference/toys.ts), which finds its worker the same way. */
export { compiledModule };

/** A block's arrays when the toys went straight into the files. */
const EMPTY = { nObs: new Int32Array(0), truth: [], nuisance: [] };

/** The compiled worker entry. */
export function workerPath(): string {
  return compiledModule(import.meta.url, "parallel", "worker.js");
}

export interface RunToysOptions {
  spec: ToySpec;
  firstToy: number;
  count: number;
  /** Worker threads; 0 generates in this thread (embedding, small runs). */
  workers: number;
  toysPerBatch: number;
  /**
   * Called with each block in toy order; may write it out synchronously. With `output` its arrays
   * are empty: the toys are already in the files.
   */
  onBlock: (block: ToyBlock) => void;
  /** Files that each thread writes its batches into, in place (one task = one record batch). */
  output?: RunOutput | undefined;
  onProgress?: (toysDone: number) => void;
  signal?: AbortSignal | undefined;
  /** The worker script; default workerPath(). */
  workerEntry?: string | undefined;
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
    const writer = options.output ? new BatchWriter(generator, options.output) : undefined;
    let clippedToys = 0;
    let done = 0;
    for (const task of tasks) {
      if (options.signal?.aborted) throw interruptedError(options.signal);
      const block = writer
        ? {
            ...EMPTY,
            firstToy: task.first,
            count: task.count,
            ...writer.write(task.first, task.count),
          }
        : generator.generate(task.first, task.count);
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
  let clippedToys = 0;
  // Fixed means: the sampler's tables are built once, here, and shared by every worker.
  const spec =
    options.spec.systematics.length === 0 && !options.spec.samplers
      ? { ...options.spec, samplers: samplerTables(options.spec) }
      : options.spec;
  return runOrdered<Task, TaskResult>({
    entry: options.workerEntry ?? workerPath(),
    workerData: { spec, output: options.output } satisfies WorkerInput,
    signal: options.signal,
    workers: options.workers,
    tasks,
    message: (task) => task,
    onResult: (task, r) => {
      clippedToys += r.clippedToys;
      options.onBlock({
        firstToy: task.first,
        count: task.count,
        nObs: r.nObs ?? EMPTY.nObs,
        truth: r.truth ?? EMPTY.truth,
        nuisance: r.nuisance ?? EMPTY.nuisance,
        clippedToys: r.clippedToys,
        totalCounts: r.totalCounts,
      });
    },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  }).then(() => ({ clippedToys }));
}

export interface RunOrderedOptions<T extends Task, R extends { id: number }> {
  /** The worker module: it answers each posted message with a result carrying the task's id. */
  entry: string;
  workerData: unknown;
  /** Each worker's own workerData (index 0 .. workers - 1), instead of `workerData`. */
  workerDataFor?: (index: number, workers: number) => unknown;
  workers: number;
  tasks: readonly T[];
  /** What is posted for a task, and which of its buffers are transferred. */
  message: (task: T) => unknown;
  transfer?: (task: T) => ArrayBuffer[];
  /** Called with each result in task order; may throw to end the run. */
  onResult: (task: T, result: R) => void;
  onProgress?: (done: number) => void;
  /** Aborting terminates the workers at once; the promise rejects with InterruptedError. */
  signal?: AbortSignal | undefined;
}

/** A worker's message that is not a result: forwarded as is to every other worker. */
export interface Broadcast {
  broadcast: unknown;
}

const isBroadcast = (m: unknown): m is Broadcast =>
  typeof m === "object" && m !== null && "broadcast" in m;

/**
 * Runs tasks in worker threads and hands the results back in task order (see the module comment:
 * pull scheduling, at most two tasks a worker, a bounded window of unwritten results).
 */
export function runOrdered<T extends Task, R extends { id: number }>(
  options: RunOrderedOptions<T, R>,
): Promise<void> {
  const { tasks } = options;
  const count = Math.min(options.workers, tasks.length);
  const window = 2 * count + 2;
  const entry = options.entry;
  const signal = options.signal;
  if (signal?.aborted) return Promise.reject(interruptedError(signal));
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    const outstanding = new Map<Worker, T[]>();
    const ready = new Map<number, R>();
    let nextTask = 0;
    let nextToWrite = 0;
    let done = 0;
    let finished = false;

    const onAbort = () => finish(interruptedError(signal!));
    signal?.addEventListener("abort", onAbort, { once: true });

    const finish = (err?: Error) => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener("abort", onAbort);
      for (const w of workers) {
        w.removeAllListeners();
        w.on("error", () => {}); // a late error of a terminating worker is of no interest now
      }
      // Settle only once every worker has stopped: workers write into the run's files, whose
      // descriptors the caller closes next (a descriptor number could then be reused).
      const stopped = Promise.allSettled(workers.map((w) => w.terminate()));
      void stopped.then(() => (err ? reject(err) : resolve()));
    };

    const dispatch = () => {
      for (const w of workers) {
        const mine = outstanding.get(w)!;
        while (mine.length < 2 && nextTask < tasks.length && nextTask - nextToWrite < window) {
          const task = tasks[nextTask++];
          mine.push(task);
          w.postMessage(options.message(task), options.transfer?.(task) ?? []);
        }
      }
    };

    const onResult = (w: Worker, result: R) => {
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
          options.onResult(task, r);
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
      const workerData = options.workerDataFor?.(i, count) ?? options.workerData;
      const w = new Worker(entry, { workerData });
      workers.push(w);
      outstanding.set(w, []);
      w.on("message", (message: R | Broadcast) => {
        if (!isBroadcast(message)) return onResult(w, message);
        for (const other of workers) if (other !== w) other.postMessage(message);
      });
      w.on("error", (err) => failure(i, w, err.message));
      w.on("exit", (code) => failure(i, w, `exited with code ${code}`));
    }
    if (tasks.length === 0) finish();
    else dispatch();
  });
}
