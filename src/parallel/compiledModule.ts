/** Where a worker's compiled entry is, whoever starts it (the pools, the CLI's inspect). */
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "../paths.js";

/**
 * A compiled module of dist/src/<folder>/ (`moduleUrl` is the caller's import.meta.url): beside
 * the caller when it is tsc's output, else under the package root: under vitest the caller is
 * the .ts source, which Node cannot run as a worker, and in the bundled CLI (scripts/bundle.mjs)
 * the caller sits in a chunk of dist/src/chunks/.
 */
export function compiledModule(moduleUrl: string, folder: string, file: string): string {
  const here = fileURLToPath(moduleUrl);
  const path =
    here.endsWith(".ts") || basename(dirname(here)) !== folder
      ? join(PACKAGE_ROOT, "dist", "src", folder, file)
      : fileURLToPath(new URL(`./${file}`, moduleUrl));
  if (!existsSync(path))
    throw new Error(`worker entry ${path} is missing: run \`npm run build\` first`);
  return path;
}
