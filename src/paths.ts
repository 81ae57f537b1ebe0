/** Where the package's own files live, whether run from src/ (tests) or dist/src/ (built). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

interface Manifest {
  name?: string;
  version?: string;
  bin?: Record<string, string>;
}

function readManifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, "utf8")) as Manifest;
}

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && readManifest(manifest).name === "renp") return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error("renp: cannot find the package root (package.json named renp)");
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const GENERATORS_DIR = join(PACKAGE_ROOT, "generators");
/** The version of renp (package.json), written into every file's metadata. */
export const RENP_VERSION: string =
  readManifest(join(PACKAGE_ROOT, "package.json")).version ?? "0.0.0";
