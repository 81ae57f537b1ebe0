/**
 * The renp executable run with a bound: a hang is a failure (killed after `timeoutMs`, generous:
 * it detects a hang, it does not measure speed), and its peak memory is measured by GNU time.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { CLI } from "./runs.js";

export interface BoundedExit {
  /** The exit status, or null when the bound's SIGKILL (or another signal) ended it. */
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
  // timeout(1) kills node itself after the bound (killing GNU time would orphan it); GNU time
  // reports the peak of the processes it waited for, node included.
  const seconds = (options.timeoutMs ?? 20_000) / 1000;
  const r = spawnSync(
    GNU_TIME,
    [
      "-f",
      "renp-peak-kb %M",
      "timeout",
      "-s",
      "KILL",
      String(seconds),
      process.execPath,
      options.script ?? CLI,
      ...args,
    ],
    { encoding: "utf8", cwd: options.cwd, maxBuffer: 64 * 2 ** 20 },
  );
  // timeout exits 124, or 128 + 9 when the KILL it sent ended the command.
  const killed = r.status === 124 || r.status === 137;
  const peak = PEAK.exec(r.stderr ?? "");
  return {
    status: killed ? null : r.status,
    signal: killed ? "SIGKILL" : r.signal,
    stdout: r.stdout ?? "",
    stderr: (r.stderr ?? "").replace(PEAK, "").trimEnd(),
    peakMb: peak ? Number(peak[1]) / 1024 : NaN,
  };
}
