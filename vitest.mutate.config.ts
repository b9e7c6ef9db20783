import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import base from "./vitest.config.js";

/**
 * The test run Stryker repeats for every mutant (stryker.config.mjs): only the files that judge
 * src/numeric/ and src/check/, with a small property budget (GRADCHECK_RUNS, default 20 here) so
 * that a mutant costs about a second. Tests that read the built package (dist/) or the CLI are
 * left out: Stryker mutates the sources, not dist/. (Not mergeConfig: it would append to `include`.)
 */
const files = [
  // Fast example tests first: Stryker stops at the first failing test, so most mutants die in milliseconds.
  "test/noise-calibration.test.ts",
  // Finding 19's pinned sums: the only example test of the noise band's sign test (noise.ts).
  "test/small-scale-sums.test.ts",
  "test/differentiate.test.ts",
  "test/verdict.test.ts",
  "test/checker.test.ts",
  "test/sweep.test.ts",
  "test/vitest-matchers.test.ts",
  "test/logistic-regression.test.ts",
  "properties/false-alarms.test.ts",
  "properties/robustness.test.ts",
  "properties/numeric.test.ts",
  "properties/network-partial.test.ts",
  "properties/checker.test.ts",
  "properties/trust.test.ts",
];

/** Runs the files in the order listed above (vitest's default puts the slowest first). */
class Listed extends BaseSequencer {
  override async sort(specs: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (s: TestSpecification) => files.indexOf(relative(process.cwd(), s.moduleId));
    return [...specs].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: files,
    sequence: { sequencer: Listed },
    env: { GRADCHECK_RUNS: process.env.GRADCHECK_RUNS ?? "20" },
  },
});
