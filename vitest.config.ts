import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests import the package by its published names ("gradcheck/vitest", …), resolved here to the sources.
const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^gradcheck$/, replacement: source("./src/index.ts") },
      { find: /^gradcheck\/vitest$/, replacement: source("./src/vitest/index.ts") },
      { find: /^gradcheck\/arbitraries$/, replacement: source("./src/arbitraries/index.ts") },
      { find: /^gradcheck\/tfjs$/, replacement: source("./src/tfjs/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "properties/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ["properties/global-seed.ts"],
    setupFiles: ["properties/setup.ts"],
  },
});
