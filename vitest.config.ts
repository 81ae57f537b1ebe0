import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Builds dist/ once: worker threads and the CLI tests run the compiled code (test/globalSetup.ts);
    // installs Debian's python3-iminuit for the independent fit check when missing (test/pythonSetup.ts).
    globalSetup: ["test/globalSetup.ts", "test/pythonSetup.ts"],
    // Fixes fast-check's seed so every run of the suite checks the same cases (test/setup.ts).
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    // The Slurm end-to-end test needs a scheduler: `npm run test:slurm` (vitest.slurm.config.ts).
    exclude: [...configDefaults.exclude, "test/slurm/**"],
  },
});
