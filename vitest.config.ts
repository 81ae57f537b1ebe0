import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Builds dist/ once: worker threads and the CLI tests run the compiled code (test/globalSetup.ts).
    globalSetup: ["test/globalSetup.ts"],
    testTimeout: 30_000,
  },
});
