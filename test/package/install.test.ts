/**
 * renp where users install it: the package is packed (`npm pack`), unpacked into a fresh project
 * outside the checkout, and used there: `npx renp --help`, `npx renp generate`, an ES module
 * importing `renp` and `renp/testing`, and docs/testing.md's example, type-checked and run with
 * vitest.
 *
 * No network: npm cannot install the tarball's dependencies offline (it needs the registry's
 * package documents, which `npm ci` does not cache), so the test does what `npm install <tarball>`
 * would, from what the checkout has: the tarball unpacked into node_modules/renp, its
 * dependencies and peer dependency (read from the packed package.json) and the user's tools
 * (vitest, typescript, @types/node) linked from the checkout's node_modules, and the bin linked
 * into node_modules/.bin. Only the packed files are there: a file missing from package.json
 * "files", a dependency declared only as a devDependency, an "exports" entry pointing nowhere or a
 * path found relative to the checkout fails here.
 */
import { execFile } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_DIR } from "../helpers/fixtures.js";
import { tempDir } from "../helpers/runs.js";

const run = promisify(execFile);
/** The user's own tools, beside renp's dependencies. */
const USER_TOOLS = ["vitest", "typescript", "@types/node"];

/** The fenced blocks of a Markdown file whose info string names a file: ```ts name.ts */
function namedBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const m of markdown.matchAll(/^```\w+ (\S+)\n([\s\S]*?)^```$/gm)) blocks.set(m[1], m[2]);
  return blocks;
}

let project = "";
let files: string[] = [];
const env = { ...process.env, npm_config_offline: "true", npm_config_update_notifier: "false" };
const inProject = (command: string, args: string[]) =>
  run(command, args, { cwd: project, env, maxBuffer: 16 * 1024 * 1024 });

beforeAll(async () => {
  const packDir = tempDir("renp-pack-");
  const { stdout } = await run(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", packDir],
    { cwd: REPO_DIR, env },
  );
  const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  files = packed.files.map((f) => f.path);

  project = tempDir("renp-user-");
  const renp = join(project, "node_modules", "renp");
  mkdirSync(renp, { recursive: true });
  await run("tar", ["-xzf", join(packDir, packed.filename), "-C", renp, "--strip-components=1"]);
  const manifest = JSON.parse(readFileSync(join(renp, "package.json"), "utf8"));
  const names = [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...USER_TOOLS,
  ];
  for (const name of names) {
    const target = join(REPO_DIR, "node_modules", name);
    if (!existsSync(target)) throw new Error(`${name} is not in the checkout's node_modules`);
    const link = join(project, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, "dir");
  }
  mkdirSync(join(project, "node_modules", ".bin"));
  for (const [bin, path] of Object.entries(manifest.bin as Record<string, string>)) {
    chmodSync(join(renp, path), 0o755);
    symlinkSync(join("..", "renp", path), join(project, "node_modules", ".bin", bin));
  }

  const docs = namedBlocks(readFileSync(join(REPO_DIR, "docs", "testing.md"), "utf8"));
  const example = docs.get("signal-strength.test.ts");
  const tsconfig = docs.get("tsconfig.json");
  if (!example || !tsconfig) throw new Error("docs/testing.md lost its named example blocks");
  writeFileSync(join(project, "signal-strength.test.ts"), example);
  writeFileSync(join(project, "tsconfig.json"), tsconfig);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      name: "renp-user",
      private: true,
      type: "module",
      dependencies: { renp: `file:${join(packDir, packed.filename)}` },
    }),
  );
  // The suite's fixed fast-check seed (as test/setup.ts does here), so this run is reproducible.
  writeFileSync(
    join(project, "vitest.config.mjs"),
    'export default { test: { setupFiles: ["./seed.mjs"], testTimeout: 120000 } };\n',
  );
  writeFileSync(
    join(project, "seed.mjs"),
    'import fc from "fast-check";\nfc.configureGlobal({ seed: 20231108 });\n',
  );
  // The library from TypeScript too: the type-check covers both entries.
  writeFileSync(
    join(project, "library.ts"),
    [
      'import { computeExpectation, loadScenario } from "renp";',
      'import { arbScenario, poissonConsistency, type PseudoData } from "renp/testing";',
      'const table = computeExpectation(loadScenario("yb-majorana-normal"));',
      "export const bins: number = table.muTotal.length;",
      "export const check = (d: PseudoData): boolean => poissonConsistency(d.counts, d.expected).pass;",
      "export const scenarios = arbScenario({ bins: { max: 3 } });",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(project, "smoke.mjs"),
    [
      'import fc from "fast-check";',
      'import { computeExpectation, loadScenario, validateScenario, RENP_VERSION } from "renp";',
      'import { arbPseudoData, arbScenario, poissonConsistency } from "renp/testing";',
      'const table = computeExpectation(loadScenario("yb-majorana-normal"));',
      "const [data] = fc.sample(arbPseudoData(table, { toys: 50 }), { seed: 1, numRuns: 1 });",
      "const valid = fc.sample(arbScenario(), { seed: 1, numRuns: 20 }).map((s) => validateScenario(s).name);",
      "console.log(JSON.stringify({ version: RENP_VERSION, bins: table.muTotal.length, toys: data.counts.length,",
      "  poisson: poissonConsistency(data.counts, data.expected, { alpha: 1e-4 }).pass, valid: valid.length }));",
      "",
    ].join("\n"),
  );
}, 120_000);

describe("renp installed from its packed tarball, in a project outside the checkout", () => {
  it("packs the built library with src/testing, the CLI, the generators, and nothing of the tests", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "dist/src/index.js",
        "dist/src/index.d.ts",
        "dist/src/testing/index.js",
        "dist/src/testing/index.d.ts",
        "dist/src/cli/bin.js",
        "dist/src/parallel/worker.js",
        "generators/yb-majorana-normal.json",
        "generators/scenario.schema.json",
      ]),
    );
    expect(files.filter((f) => /^(test|src|bench|outputs)\//.test(f))).toEqual([]);
  });

  it("works there: npx renp, an ES module importing renp and renp/testing, docs/testing.md's example type-checked and passing", async () => {
    const node = process.execPath;
    const [help, generate, smoke, typecheck, example] = await Promise.all([
      inProject("npx", ["renp", "--help"]),
      inProject("npx", ["renp", "generate", "yb-majorana-normal", "--toys", "10"]),
      inProject(node, ["smoke.mjs"]),
      inProject(node, [join("node_modules", "typescript", "bin", "tsc"), "-p", "."]),
      inProject(node, [join("node_modules", "vitest", "vitest.mjs"), "run"]),
    ]);
    expect(help.stdout).toContain("Usage: renp");
    expect(generate.stderr).toContain("10 toys");
    expect(readdirSync(join(project, "outputs", "yb-majorana-normal")).sort()).toEqual([
      "expected.arrow",
      "run.json",
      "toys.arrow",
    ]);
    const version = JSON.parse(readFileSync(join(REPO_DIR, "package.json"), "utf8")).version;
    expect(JSON.parse(smoke.stdout)).toEqual({
      version,
      bins: 66,
      toys: 50,
      poisson: true,
      valid: 20,
    });
    expect(typecheck.stdout).toBe("");
    expect(example.stdout).toMatch(/1 passed/);
  }, 180_000);
});
