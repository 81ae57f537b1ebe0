/**
 * The renp executable run with a bound: a hang is a failure (killed after `timeoutMs`, generous:
 * it detects a hang, it does not measure speed), and its peak memory is measured by GNU time.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { CLI } from "./runs.js";

export interface BoundedExit {
  /** The exit status, or null when a signal (the bound's SIGKILL) ended it. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory in MB (GNU time's %M). */
  peakMb: number;
}

const GNU_TIME = "/usr/bin/time";
const PEAK = /^renp-peak-kb (\d+)$/m;

/** Runs `node <renp> args` (or `node script args` with `script`), killed after `timeoutMs`. */
export function runBounded(
  args: string[],
  options: { timeoutMs?: number; script?: string; cwd?: string } = {},
): BoundedExit {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed to measure memory`);
  const r = spawnSync(
    GNU_TIME,
    ["-f", "renp-peak-kb %M", process.execPath, options.script ?? CLI, ...args],
    {
      encoding: "utf8",
      timeout: options.timeoutMs ?? 20_000,
      killSignal: "SIGKILL",
      cwd: options.cwd,
      maxBuffer: 64 * 2 ** 20,
    },
  );
  const peak = PEAK.exec(r.stderr ?? "");
  return {
    status: r.status,
    signal: r.signal,
    stdout: r.stdout ?? "",
    stderr: (r.stderr ?? "").replace(PEAK, "").trimEnd(),
    peakMb: peak ? Number(peak[1]) / 1024 : NaN,
  };
}
