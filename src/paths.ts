/** Where the package's own files live, whether run from src/ (tests) or dist/src/ (built). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "renp") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("renp: cannot find the package root (package.json named renp)");
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const GENERATORS_DIR = join(PACKAGE_ROOT, "generators");
export const RENP_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")).version;
