/**
 * Outputs that appear whole or not at all: each file is written under a temporary name in its
 * final folder and renamed when every file of the run is complete. An existing output is never
 * replaced without `force`. On failure or interruption the temporaries are removed.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { OutputExistsError } from "../errors.js";

export { OutputExistsError };

/** Runs with temporary files on disk; signal handlers are installed only while there are any. */
const live = new Set<AtomicOutputs>();
const SIGNALS = [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const;
const handlers = SIGNALS.map(([signal, code]) => [signal, () => onSignal(signal, code)] as const);

/** On SIGINT/SIGTERM remove every pending temporary file, then exit 130/143. */
function onSignal(signal: string, code: number): void {
  for (const outputs of [...live]) outputs.abort();
  process.stderr.write(`\nrenp: interrupted (${signal}); no output was written\n`);
  process.exit(code);
}

function track(outputs: AtomicOutputs): void {
  if (live.size === 0) for (const [signal, handler] of handlers) process.on(signal, handler);
  live.add(outputs);
}

function untrack(outputs: AtomicOutputs): void {
  if (!live.delete(outputs) || live.size > 0) return;
  for (const [signal, handler] of handlers) process.off(signal, handler);
}

export class AtomicOutputs {
  private readonly pending = new Map<string, string>(); // final path -> temporary path
  private readonly sameBytes = new Map<string, Uint8Array>(); // final paths that may exist with these bytes

  constructor(private readonly force: boolean) {}

  /**
   * Checks the final path is free (or --force) and returns the temporary path to write instead.
   * With `sameBytes`, an existing file holding exactly those bytes is no conflict (it is replaced
   * by an identical one): shards of one run all write the same expected.arrow into one folder.
   */
  reserve(finalPath: string, options: { sameBytes?: Uint8Array } = {}): string {
    if (options.sameBytes) this.sameBytes.set(finalPath, options.sameBytes);
    if (this.conflicts(finalPath)) throw new OutputExistsError(finalPath);
    mkdirSync(dirname(finalPath), { recursive: true });
    const temporary = join(
      dirname(finalPath),
      `.${basename(finalPath)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
    );
    this.pending.set(finalPath, temporary);
    track(this);
    return temporary;
  }

  /** Renames every temporary to its final name. */
  commit(): string[] {
    const finals = [...this.pending.keys()];
    for (const finalPath of finals) {
      if (this.conflicts(finalPath)) {
        this.abort();
        throw new OutputExistsError(finalPath);
      }
    }
    for (const [finalPath, temporary] of this.pending) renameSync(temporary, finalPath);
    this.pending.clear();
    untrack(this);
    return finals;
  }

  private conflicts(finalPath: string): boolean {
    if (this.force || !existsSync(finalPath)) return false;
    const same = this.sameBytes.get(finalPath);
    return !(same && Buffer.from(same).equals(readFileSync(finalPath)));
  }

  /** Removes every temporary file; safe to call more than once. */
  abort(): void {
    for (const temporary of this.pending.values()) rmSync(temporary, { force: true });
    this.pending.clear();
    untrack(this);
  }
}
