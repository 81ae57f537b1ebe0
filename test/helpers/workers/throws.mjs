// A stand-in for the toy worker (src/parallel/worker.ts) that throws on its first task: the pool
// must end the run with an error naming the worker and its toys.
import { parentPort } from "node:worker_threads";

parentPort?.on("message", () => {
  throw new Error("simulated worker crash");
});
