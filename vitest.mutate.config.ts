import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * The test run Stryker repeats for every mutant (stryker.config.json): only the files that judge
 * src/numeric/ and src/check/, with a small property budget (GRADCHECK_RUNS, default 30 here) so
 * that a mutant costs about a second. Tests that read the built package (dist/) or the CLI are
 * left out: Stryker mutates the sources, not dist/. (Not mergeConfig: it would append to `include`.)
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      "test/checker.test.ts",
      "test/differentiate.test.ts",
      "test/verdict.test.ts",
      "test/sweep.test.ts",
      "test/logistic-regression.test.ts",
      "test/vitest-matchers.test.ts",
      "properties/numeric.test.ts",
      "properties/checker.test.ts",
      "properties/false-alarms.test.ts",
      "properties/robustness.test.ts",
      "properties/network-partial.test.ts",
    ],
    env: { GRADCHECK_RUNS: process.env.GRADCHECK_RUNS ?? "30" },
  },
});
