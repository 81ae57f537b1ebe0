/**
 * A fit worker: builds a ToyFitter from workerData.job, then answers each task
 * { id, first, count, counts } with the fitted block (copied: see the reply below).
 *
 * With workerData.share = { index, shares } (toys.ts `fitToys`, the mass floated), the worker
 * first builds its share of the fast path's tables, broadcasts it (parallel/pool.ts) and takes the
 * other workers' shares before it fits: the tables are built once, not once a worker. Its tasks
 * wait until then, in the order they came.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Broadcast } from "../parallel/pool.js";
import { ToyFitter, type FitJob, type JobTables, type ToyCounts } from "./toys.js";

interface FitWorkerData {
  job: FitJob;
  share?: { index: number; shares: number };
}

if (parentPort) {
  const port = parentPort;
  const data = workerData as FitWorkerData;
  const fitter = new ToyFitter(data.job);
  let ready = Promise.resolve();
  const share = data.share;
  if (share && share.shares > 1) {
    const others: JobTables[] = [];
    ready = new Promise((resolve) => {
      port.on("message", (message: Broadcast | object) => {
        if (!("broadcast" in message)) return;
        others.push(message.broadcast as JobTables);
        if (others.length < share.shares - 1) return;
        for (const tables of others) fitter.importTables(tables);
        resolve();
      });
    });
    port.postMessage({ broadcast: fitter.tableShares(share.index, share.shares) });
  }
  port.on("message", (task: { id: number; first: number; count: number; counts: ToyCounts }) => {
    if ("broadcast" in task) return;
    void ready.then(() => {
      const block = fitter.fit(task.first, task.count, task.counts);
      // Copied, not transferred: a transfer detaches an ArrayBuffer in this thread, which
      // invalidates V8's ArrayBufferDetaching protector and so deoptimises every optimised
      // function that reads a typed array (the whole fit) once, mid-run: ~10% of a 400-toy
      // nonlinear fit, measured (README, performance). A block is a few kB a toy.
      port.postMessage({ ...block, id: task.id });
    });
  });
}
