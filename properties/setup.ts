/**
 * Global fast-check settings for the property suite. GRADCHECK_RUNS sets the run budget
 * (default 1000; each property takes a share of it, see runs.ts). The seed is the run's, from
 * global-seed.ts: every property draws from it, and a failing test says how to replay it
 * (fast-check's own report adds the path and the shrunk counterexample).
 */
import fc from "fast-check";
import { beforeEach, inject } from "vitest";

const runs = Number(process.env.GRADCHECK_RUNS ?? 1000);
const seed = inject("gradcheckSeed");
// includeErrorInReport: the failing assertion in the message itself, where reporters (and test:deep) read it.
fc.configureGlobal({ numRuns: runs, seed, includeErrorInReport: true });
beforeEach(({ onTestFailed, task }) => {
  onTestFailed(() => {
    console.error(`\n✗ ${task.name}\n  replay: GRADCHECK_SEED=${seed} GRADCHECK_RUNS=${runs} npx vitest run ${task.file?.name ?? ""}\n`);
  });
});
