/**
 * Outputs that appear whole or not at all: each file is written under a temporary name in its
 * final folder and renamed when every file of the run is complete. An existing output is never
 * replaced without `force`. On failure or interruption the temporaries are removed.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";

export class OutputExistsError extends Error {
  readonly exitCode = 2;
  constructor(path: string) {
    super(`${path} exists; pass --force to replace it`);
    this.name = "OutputExistsError";
  }
}

const live = new Set<AtomicOutputs>();
let handlersInstalled = false;

/** On SIGINT/SIGTERM remove every pending temporary file, then exit 130/143. */
function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.on(signal, () => {
      for (const outputs of live) outputs.abort();
      process.stderr.write(`\nrenp: interrupted (${signal}); no output was written\n`);
      process.exit(code);
    });
  }
}

export class AtomicOutputs {
  private readonly pending = new Map<string, string>(); // final path -> temporary path

  constructor(private readonly force: boolean) {
    installSignalHandlers();
    live.add(this);
  }

  /** Checks the final path is free (or --force) and returns the temporary path to write instead. */
  reserve(finalPath: string): string {
    if (!this.force && existsSync(finalPath)) throw new OutputExistsError(finalPath);
    mkdirSync(dirname(finalPath), { recursive: true });
    const temporary = join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    this.pending.set(finalPath, temporary);
    return temporary;
  }

  /** Renames every temporary to its final name. */
  commit(): string[] {
    const finals = [...this.pending.keys()];
    for (const finalPath of finals) {
      if (!this.force && existsSync(finalPath)) {
        this.abort();
        throw new OutputExistsError(finalPath);
      }
    }
    for (const [finalPath, temporary] of this.pending) renameSync(temporary, finalPath);
    this.pending.clear();
    live.delete(this);
    return finals;
  }

  /** Removes every temporary file; safe to call more than once. */
  abort(): void {
    for (const temporary of this.pending.values()) rmSync(temporary, { force: true });
    this.pending.clear();
    live.delete(this);
  }
}
