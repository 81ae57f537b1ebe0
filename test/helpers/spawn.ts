/** The renp executable as a child process, watched through its stderr (no sleeps: wait for lines). */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { CLI } from "./runs.js";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningCli {
  child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr: () => string;
  /** Resolves once stderr matches; rejects if the process exits first. */
  waitFor: (pattern: RegExp) => Promise<void>;
  exit: Promise<Exit>;
}

/** Starts the renp executable; `env` adds to (or overrides) this process's environment. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...env },
  });
  let stderr = "";
  const watchers: (() => void)[] = [];
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
    for (const watch of [...watchers]) watch();
  });
  const exit = new Promise<Exit>((resolve) =>
    child.on("exit", (code, signal) => {
      resolve({ code, signal });
      for (const watch of [...watchers]) watch();
    }),
  );
  let exited = false;
  void exit.then(() => (exited = true));
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const watch = () => {
        if (pattern.test(stderr)) {
          watchers.splice(watchers.indexOf(watch), 1);
          resolve();
        } else if (exited || child.exitCode !== null || child.signalCode !== null) {
          watchers.splice(watchers.indexOf(watch), 1);
          reject(new Error(`renp exited before printing ${pattern}; stderr:\n${stderr}`));
        }
      };
      watchers.push(watch);
      watch();
    });
  return { child, stderr: () => stderr, waitFor, exit };
}

/** Runs the renp executable to completion. */
export const runRenp = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

/** The line generate prints once it holds its folder and starts the toys (cli/generate.ts). */
export const STARTED = /renp: generating \d+ toys? x \d+ bins? into /;
