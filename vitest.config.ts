import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "properties/**/*.test.ts"],
    testTimeout: 120_000,
    setupFiles: ["properties/setup.ts"],
  },
});
