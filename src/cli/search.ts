/**
 * A small property-based search over integer grid points, with shrinking: random points from a
 * seeded generator until the claim fails, then each coordinate moved towards 0 (to 0, halfway,
 * one step) while the claim still fails. It keeps the CLI free of runtime dependencies.
 */
import { createRandom } from "../base/random.js";

/** An inclusive integer range for one coordinate, with values it must skip. */
export interface GridRange {
  min: number;
  max: number;
  skip?: (k: number) => boolean;
}

export interface SearchResult {
  /** The shrunk failing point, or null when every point tried held. */
  counterexample: number[] | null;
  /** Points tried before the first failure (all of them when none failed). */
  runs: number;
  /** Successful shrinking steps. */
  shrinks: number;
}

/** Candidates nearer 0 than k, simplest first. */
function towardsZero(k: number): number[] {
  return [0, Math.trunc(k / 2), k - Math.sign(k)].filter((c, i, all) => c !== k && all.indexOf(c) === i);
}

export function searchCounterexample(holds: (point: number[]) => boolean, ranges: readonly GridRange[], runs: number, seed: number): SearchResult {
  const random = createRandom(seed);
  const draw = ({ min, max, skip }: GridRange): number => {
    for (;;) {
      const k = min + random.int(max - min + 1);
      if (!skip?.(k)) return k;
    }
  };
  const valid = (point: number[]): boolean => point.every((k, c) => k >= ranges[c].min && k <= ranges[c].max && !ranges[c].skip?.(k));
  for (let run = 1; run <= runs; run++) {
    let point = ranges.map(draw);
    if (holds(point)) continue;
    let shrinks = 0;
    for (let improved = true; improved; ) {
      improved = false;
      for (let c = 0; c < point.length && !improved; c++)
        for (const k of towardsZero(point[c])) {
          const candidate = point.map((v, i) => (i === c ? k : v));
          if (valid(candidate) && !holds(candidate)) {
            [point, improved] = [candidate, true];
            shrinks++;
            break;
          }
        }
    }
    return { counterexample: point, runs: run, shrinks };
  }
  return { counterexample: null, runs, shrinks: 0 };
}
