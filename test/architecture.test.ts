/**
 * The layers of docs/architecture.md point one way: physics knows nothing of the scenario file,
 * the experiment model sees only the scenario's types, and nothing below the CLI imports it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [join(dir, e.name)]
        : [],
  );
}

interface ImportLine {
  file: string;
  target: string;
  typeOnly: boolean;
}

/** Every relative import of a file, resolved to a path under src/ ("scenario/load.js"). */
function importsOf(file: string): ImportLine[] {
  const text = readFileSync(file, "utf8");
  const lines: ImportLine[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+"(\.[^"]+)"/gms)) {
    const target = relative(SRC, join(file, "..", m[3]));
    lines.push({ file: relative(SRC, file), target, typeOnly: m[2] !== undefined });
  }
  return lines;
}

const layerOf = (path: string) => path.split("/")[0];
const all = sourceFiles(SRC).flatMap(importsOf);

describe("one-way layers", () => {
  it("physics/ imports nothing from scenario/, experiment/, io/, cli/ or above", () => {
    const forbidden = [
      "scenario",
      "experiment",
      "io",
      "cli",
      "sampling",
      "parallel",
      "inference",
      "plot",
    ];
    const bad = all.filter(
      (i) => layerOf(i.file) === "physics" && forbidden.includes(layerOf(i.target)),
    );
    expect(bad).toEqual([]);
  });

  it("experiment/ imports only the scenario's types, and nothing above the expectation", () => {
    const bad = all.filter(
      (i) =>
        layerOf(i.file) === "experiment" &&
        ((layerOf(i.target) === "scenario" && !i.typeOnly) ||
          ["io", "cli", "sampling", "parallel", "inference", "plot"].includes(layerOf(i.target))),
    );
    expect(bad).toEqual([]);
  });

  it("nothing but the CLI imports cli/", () => {
    const bad = all.filter((i) => layerOf(i.target) === "cli" && layerOf(i.file) !== "cli");
    expect(bad).toEqual([]);
  });

  it("only the CLI and the top-level run functions (index.ts, fitRun.ts, inspect.ts) import inference/", () => {
    // A file directly in src/ is an entry point (a run function or the library entry); the
    // layers below it (io/, sampling/, plot/, ...) never reach into the fits.
    const bad = all.filter(
      (i) =>
        layerOf(i.target) === "inference" &&
        layerOf(i.file) !== "inference" &&
        layerOf(i.file) !== "cli" &&
        i.file.includes("/"),
    );
    expect(bad).toEqual([]);
  });

  it("only testing/ imports fast-check (an optional peer dependency the library entry must not need)", () => {
    const bad = sourceFiles(SRC).filter(
      (f) =>
        /from\s+"fast-check"/.test(readFileSync(f, "utf8")) &&
        layerOf(relative(SRC, f)) !== "testing",
    );
    expect(bad).toEqual([]);
    expect(all.some((i) => layerOf(i.target) === "testing" && layerOf(i.file) !== "testing")).toBe(
      false,
    );
  });

  it("finds the imports it checks (the scan itself works)", () => {
    expect(all.some((i) => i.file === "expectation.ts" && i.target === "scenario/model.js")).toBe(
      true,
    );
    expect(all.some((i) => i.typeOnly)).toBe(true);
  });
});

describe("one home per concept (docs/architecture.md)", () => {
  const TEST = join(import.meta.dirname);
  const lineCount = (file: string) => readFileSync(file, "utf8").split("\n").length;

  it("no file in src/ is over 500 lines, and src/cli/ stays a thin layer (under 1,200 lines)", () => {
    const long = sourceFiles(SRC).filter((f) => lineCount(f) > 500);
    expect(long.map((f) => relative(SRC, f))).toEqual([]);
    const cli = sourceFiles(join(SRC, "cli")).reduce((n, f) => n + lineCount(f), 0);
    expect(cli).toBeLessThan(1200);
  });

  it("every error class derives from the hierarchy in src/errors.ts", () => {
    const direct = sourceFiles(SRC).filter(
      (f) =>
        relative(SRC, f) !== "errors.ts" &&
        /extends (Error|RangeError|TypeError)\b/.test(readFileSync(f, "utf8")),
    );
    expect(direct.map((f) => relative(SRC, f))).toEqual([]);
  });

  it("tests import the library, not the CLI (but the CLI's own tests and their helpers)", () => {
    const allowed = ["cli", "package", "helpers"];
    const bad = sourceFiles(TEST).filter(
      (f) =>
        !allowed.includes(relative(TEST, f).split("/")[0]) &&
        /from\s+"(\.\.\/)+src\/cli\//.test(readFileSync(f, "utf8")),
    );
    expect(bad.map((f) => relative(TEST, f))).toEqual([]);
  });
});
