// @ts-check
/**
 * The CLI and its five worker entries (toys, fits, sensitivity, inspect and validate of a large
 * file) bundled by esbuild after tsc (`npm run build`): one module graph each instead of ~150
 * files of renp and ~400 of apache-arrow, zod and commander, so a command starts sooner (README,
 * performance). Written over tsc's own outputs of the six entries (package.json "bin" and the
 * workers' paths stay); everything else in dist/ is tsc's, and the library ("exports") is not
 * bundled. The commands' lazy imports stay lazy (chunks in dist/src/chunks/). Plot rendering
 * (vega, resvg with its native module) stays external.
 */
import { build } from "esbuild";

await build({
  entryPoints: {
    "cli/bin": "src/cli/bin.ts",
    "parallel/worker": "src/parallel/worker.ts",
    "inference/worker": "src/inference/worker.ts",
    "inspect/worker": "src/inspect/worker.ts",
    "inference/sensitivity/worker": "src/inference/sensitivity/worker.ts",
    "scenario/worker": "src/scenario/worker.ts",
  },
  outdir: "dist/src",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["@resvg/resvg-js", "vega", "vega-lite"],
  // CommonJS dependencies (commander, cli-progress, @stdlib) call require inside an ES module.
  banner: {
    js: "import { createRequire as __renpRequire } from 'node:module'; const require = __renpRequire(import.meta.url);",
  },
  logLevel: "warning",
});
