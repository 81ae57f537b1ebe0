/**
 * A run whose folder stops taking writes mid-run (chmod a-w, chattr +i): the error says the folder
 * is not writable and names it, the temporaries are removed, and what cannot be removed (the same
 * refusal) is named with its size (io/folderErrors.ts). The refusal is injected into node:fs,
 * since neither chmod (root ignores it) nor chattr (root only, and not on every file system)
 * stops every user that runs the tests.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RunCommitError } from "../../src/errors.js";
import { TEMPORARY_NAME } from "../../src/io/atomic.js";
import { generateRun, mergeShards } from "../../src/index.js";
import { loadScenario } from "../../src/scenario/load.js";

const refuse = vi.hoisted(() => ({
  /** The errno a new file named like this gets. */
  create: undefined as { name: RegExp; code: string } | undefined,
  /** The errno removing a temporary or lock gets. */
  removeCode: undefined as string | undefined,
}));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const fail = (code: string, syscall: string, path: string) =>
    Object.assign(new Error(`${code}: injected, ${syscall} '${path}'`), { code, syscall, path });
  const writeFileSync: typeof fs.writeFileSync = (file, data, options) => {
    if (refuse.create?.name.test(String(file)))
      throw fail(refuse.create.code, "open", String(file));
    fs.writeFileSync(file, data, options);
  };
  const rmSync: typeof fs.rmSync = (path, options) => {
    const name = String(path).split("/").pop() ?? "";
    if (refuse.removeCode && (/\.tmp$/.test(name) || /\.lock$/.test(name)))
      throw fail(refuse.removeCode, "rm", String(path));
    fs.rmSync(path, options);
  };
  return { ...fs, default: { ...fs, writeFileSync, rmSync }, writeFileSync, rmSync };
});

afterEach(() => {
  refuse.create = undefined;
  refuse.removeCode = undefined;
});

const scenario = loadScenario("yb-majorana-normal");
const temporaryOf = (name: string) =>
  new RegExp(`/\\.${name.replace(".", "\\.")}\\.\\d+\\.[0-9a-f]{8}\\.tmp$`);

/** The rejection of `run` (it must reject). */
async function failure(run: Promise<unknown>): Promise<Error> {
  return run.then(
    () => {
      throw new Error("the run did not fail");
    },
    (err: Error) => err,
  );
}

describe("a run folder that stops taking writes", () => {
  it.each(["EACCES", "EPERM", "EROFS"])(
    "generate (%s on run.json's temporary): says the folder is not writable, removes its temporaries",
    async (code) => {
      const dir = mkdtempSync(join(tmpdir(), "renp-test-rofolder-"));
      refuse.create = { name: temporaryOf("run.json"), code };
      const err = await failure(generateRun({ scenario, outDir: dir, toys: 20, workers: 1 }));
      expect(err).toBeInstanceOf(RunCommitError);
      expect(err.message).toMatch(
        new RegExp(
          `^cannot write in ${dir}: the folder is not writable \\(${code} on \\.run\\.json\\.`,
        ),
      );
      expect(err.message).toMatch(/what it had written there was removed$/);
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it("generate: when the temporaries cannot be removed either, names them, their size and the lock", async () => {
    const dir = mkdtempSync(join(tmpdir(), "renp-test-rofolder-"));
    refuse.create = { name: temporaryOf("run.json"), code: "EACCES" };
    refuse.removeCode = "EACCES";
    const err = await failure(generateRun({ scenario, outDir: dir, toys: 20, workers: 1 }));
    refuse.removeCode = undefined;
    const left = readdirSync(dir).sort();
    expect(left).toContain(".renp.lock");
    const temporaries = left.filter((n) => TEMPORARY_NAME.test(n));
    expect(temporaries.length).toBeGreaterThanOrEqual(2); // expected.arrow's and toys.arrow's
    expect(err).toBeInstanceOf(RunCommitError);
    expect(err.message).toMatch(/the folder is not writable \(EACCES on \.run\.json\./);
    expect(err.message).toContain("it could not remove what it had written there: ");
    for (const name of [...temporaries, ".renp.lock"]) expect(err.message).toContain(name);
    expect(err.message).toMatch(/\(\d+ bytes in .*\); remove them once the folder is writable/);
    rmSync(dir, { recursive: true, force: true });
  });

  it("merge: the same message when its output's temporary is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "renp-test-rofolder-"));
    for (const index of [1, 2])
      await generateRun({
        scenario,
        outDir: dir,
        toys: 10,
        workers: 1,
        shard: { index, count: 2 },
      });
    const before = readdirSync(dir).sort();
    const out = mkdtempSync(join(tmpdir(), "renp-test-rofolder-out-"));
    refuse.create = { name: temporaryOf("expected.arrow"), code: "EACCES" };
    const err = await failure(mergeShards({ dir, out: join(out, "toys.arrow") }));
    expect(err).toBeInstanceOf(RunCommitError);
    expect(err.message).toMatch(new RegExp(`^cannot write in ${out}: the folder is not writable`));
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
