/** Test fixtures: paths and JSON loading. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const TEST_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = join(TEST_DIR, "..");
export const FIXTURES_DIR = join(TEST_DIR, "fixtures");
/** Independent reference values (test/fixtures/reference/README.md says where they come from). */
export const REFERENCE_DIR = join(FIXTURES_DIR, "reference");

export const readJson = <T = any>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

/** |a - b| / |b|, or |a| when b is 0. */
export const relativeError = (a: number, b: number): number =>
  b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
