// Mutation testing of the differentiator and the verdicts: `npm run mutate` (not in CI: it takes
// tens of minutes on two cores). How to read and rerun it: docs/mutation.md.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // Only the tests that judge src/numeric/ and src/check/, with a small property budget.
  vitest: { configFile: "vitest.mutate.config.ts", related: false },
  mutate: ["src/numeric/**/*.ts", "src/check/**/*.ts"],
  // Every mutant runs against every selected test: no per-test coverage guess can hide a test that would kill it.
  coverageAnalysis: "all",
  // TypeScript 7 has no JavaScript compiler API for Stryker's tsconfig rewriting: turned off (no
  // tsconfig is rewritten; the sandbox keeps the repository's layout). No type-checker plugin either:
  // mutants that do not type-check still run, as plain JavaScript under vitest.
  tsconfigFile: "",
  checkers: [],
  // Stryker marks mutated files // @ts-nocheck; only those (test/ is read verbatim by the README test).
  disableTypeChecks: "src/{numeric,check}/**/*.ts",
  // Two cores, shared.
  concurrency: 2,
  // A mutant that loops forever is cut off this long after the run's usual time (Stryker adds 1.5× the dry run).
  timeoutMS: 10_000,
  // Reuse the results of mutants whose code and tests did not change (reports/stryker-incremental.json); --force reruns all.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 95, low: 80, break: null },
  tempDirName: ".stryker-tmp",
};
