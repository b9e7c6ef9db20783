/**
 * Global fast-check settings for the property suite. GRADCHECK_RUNS sets the number of runs
 * per property (default 100); GRADCHECK_SEED pins the seed to replay a failure.
 */
import fc from "fast-check";

const runs = Number(process.env.GRADCHECK_RUNS ?? 100);
const seed = process.env.GRADCHECK_SEED === undefined ? undefined : Number(process.env.GRADCHECK_SEED);
fc.configureGlobal({ numRuns: runs, ...(seed === undefined ? {} : { seed }) });
