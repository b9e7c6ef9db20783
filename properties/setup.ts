/**
 * Global fast-check settings for the property suite. GRADCHECK_RUNS sets the run budget
 * (default 1000; each property takes a share of it, see runs.ts); GRADCHECK_SEED pins the seed to
 * replay a failure (fast-check prints the seed and path of every failure).
 */
import fc from "fast-check";

const runs = Number(process.env.GRADCHECK_RUNS ?? 1000);
const seed = process.env.GRADCHECK_SEED === undefined ? undefined : Number(process.env.GRADCHECK_SEED);
fc.configureGlobal({ numRuns: runs, ...(seed === undefined ? {} : { seed }) });
