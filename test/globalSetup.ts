/**
 * Compiles the package before the tests. Vitest runs the TypeScript sources, but Node runs a
 * worker_threads entry (src/parallel/worker.ts) and the CLI (spawned as a child) only as
 * JavaScript, from dist/. Building here keeps dist/ in step with the sources on a fresh clone and
 * during development. A type error elsewhere does not stop the tests (tsc still emits); a missing
 * entry does. The entries are then bundled as `npm run build` bundles them.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], {
      cwd: root,
      stdio: "pipe",
    });
  } catch (err) {
    const out = String((err as { stdout?: Buffer }).stdout ?? "");
    process.stderr.write(
      `globalSetup: tsc reported errors (tests continue with what it emitted):\n${out.slice(0, 2000)}\n`,
    );
  }
  // As `npm run build`: the CLI and worker entries bundled (scripts/bundle.mjs), so the CLI tests
  // run what users run.
  execFileSync(process.execPath, [join(root, "scripts", "bundle.mjs")], {
    cwd: root,
    stdio: "pipe",
  });
  const bin = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).bin.renp as string;
  for (const entry of ["dist/src/parallel/worker.js", bin]) {
    if (!existsSync(join(root, entry))) throw new Error(`globalSetup: ${entry} was not built`);
  }
}
