import { defineConfig } from "vitest/config";

/** The end-to-end Slurm test (test/slurm/), run by `npm run test:slurm` (scripts/slurm/test.sh). */
export default defineConfig({
  test: {
    include: ["test/slurm/**/*.test.ts"],
    globalSetup: ["test/globalSetup.ts"],
    setupFiles: ["test/setup.ts"],
    // Bounds, not timings: each wait for the scheduler has its own timeout with the job's log.
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
