/**
 * A run folder's lock that renp cannot use (io/runFolder.ts LockFileError): something other than
 * a file at the lock's name is refused, named, and left alone; a stale lock that cannot be removed
 * (an immutable file: chattr +i) says so. Removal failures are injected into node:fs's
 * unlinkSync, since chattr needs root and a file system that supports it, and a read-only folder
 * does not stop root.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { RenpError } from "../../src/errors.js";
import { LockFileError, RunFolder } from "../../src/io/runFolder.js";
import { filesIn } from "../helpers/runs.js";

const inject = vi.hoisted(() => ({ unlinkCode: undefined as string | undefined }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const unlinkSync = (path: import("node:fs").PathLike) => {
    if (inject.unlinkCode && String(path).endsWith(".lock"))
      throw Object.assign(new Error(`${inject.unlinkCode}: injected, unlink '${String(path)}'`), {
        code: inject.unlinkCode,
      });
    fs.unlinkSync(path);
  };
  return { ...fs, default: { ...fs, unlinkSync }, unlinkSync };
});

const tempDir = () => mkdtempSync(join(tmpdir(), "renp-test-lock-"));
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid;

/** RunFolder.open's error (it must throw). */
function openError(dir: string): RenpError {
  try {
    RunFolder.open({ dir, force: true, writes: ["toys.arrow"] }).abort();
  } catch (err) {
    expect(err).toBeInstanceOf(LockFileError);
    return err as RenpError;
  }
  throw new Error("RunFolder.open did not throw");
}

describe("a lock renp cannot use", () => {
  it.each([
    ["a folder", (p: string) => mkdirSync(p), /is a folder, not a lock file renp wrote/],
    [
      "a symbolic link",
      (p: string) => symlinkSync("/nonexistent", p),
      /is a symbolic link, not a lock file renp wrote/,
    ],
  ])("%s at the lock's name: refused (exit 2), named, left alone", (_what, make, message) => {
    for (const name of [".renp.lock", ".renp-1-of-2.lock"]) {
      const dir = tempDir();
      make(join(dir, name));
      const err = openError(dir);
      expect(err.kind).toBe("invalid-input");
      expect(err.message).toContain(join(dir, name));
      expect(err.message).toMatch(message);
      expect(filesIn(dir)).toEqual([name]);
    }
  });

  it.each([
    ["EPERM", /cannot be removed: the file is immutable or append-only \(lsattr/],
    ["EACCES", /cannot be removed: its folder is not writable/],
  ])("a stale lock that cannot be removed (%s): says so and names it", (code, message) => {
    const dir = tempDir();
    const lock = join(dir, ".renp.lock");
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname() }));
    inject.unlinkCode = code;
    try {
      const err = openError(dir);
      expect(err.kind).toBe("write-failed");
      expect(err.message).toContain(`${lock} is the stale lock of renp process`);
      expect(err.message).toMatch(message);
      expect(err.message).not.toMatch(/scandir|ENOTDIR/);
    } finally {
      inject.unlinkCode = undefined;
    }
    expect(filesIn(dir)).toEqual([".renp.lock"]);
  });
});
