/**
 * Run counts. GRADCHECK_RUNS (default 1000, read here and in setup.ts) is the run count of a
 * typical property; each property takes a share of it by its cost, so that raising the
 * setting scales the whole suite and the default keeps `npm test` near a minute.
 */
export const baseRuns = Number(process.env.GRADCHECK_RUNS ?? 1000);

/** GRADCHECK_RUNS × share, at least 1. */
export function runs(share: number): number {
  return Math.max(1, Math.round(baseRuns * share));
}
