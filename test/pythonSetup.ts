/**
 * Vitest global set-up for the independent iminuit check (test/inference/iminuit.test.ts): makes
 * sure Debian's python3-iminuit is importable by /usr/bin/python3, installing it with apt-get
 * (after `apt-get update` when the first try fails) when missing. It never throws: when iminuit
 * still cannot be imported the test itself fails, quoting what apt-get said (IMINUIT_SETUP_LOG).
 */
import { execFileSync } from "node:child_process";

const PYTHON = "/usr/bin/python3";

const importable = (): boolean => {
  try {
    execFileSync(PYTHON, ["-c", "import iminuit"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
};

export default function setup(): void {
  if (importable()) return;
  const log: string[] = [];
  for (const steps of [
    [["install", "-y", "python3-iminuit"]],
    [["update"], ["install", "-y", "python3-iminuit"]],
  ]) {
    try {
      for (const args of steps)
        log.push(execFileSync("apt-get", args, { stdio: "pipe", encoding: "utf8" }).slice(-2000));
    } catch (err) {
      log.push(String((err as { stderr?: string }).stderr ?? err).slice(-2000));
    }
    if (importable()) return;
  }
  process.env.IMINUIT_SETUP_LOG = log.join("\n");
}
