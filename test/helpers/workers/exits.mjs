// A stand-in for the toy worker (src/parallel/worker.ts) that exits with code 3 on its first task.
import { parentPort } from "node:worker_threads";

parentPort?.on("message", () => process.exit(3));
