/**
 * Which coordinates a check looks at. "full": all of them. "sparse": k drawn by seed,
 * stratified so that every block (for a network: each layer's biases and its other weights)
 * is sampled. "directional": k random unit directions u, comparing ⟨g, u⟩ with the
 * derivative of f along u — a cost independent of n, which sees an error e on one of n
 * coordinates only as about e/√n; after a failing direction, bisection over blocks finds
 * the bad coordinates with O(log n) more directions instead of a full check.
 */
import type { Random } from "../base/random.js";

export type Mode = "full" | "sparse" | "directional";
export const modes: readonly (Mode | "auto")[] = ["auto", "full", "sparse", "directional"];

/** "auto" checks every coordinate up to this many, and goes directional above (black-box f: 6n calls of an O(n) f is O(n²)). */
export const FULL_LIMIT = 4096;
/** Coordinates drawn by "sparse", unless given. */
export const DEFAULT_SAMPLES = 32;
/**
 * Directions drawn by "directional", unless given. Every coordinate has weight exactly 1/√n in a
 * random-sign direction, so one direction already shows an error on one coordinate; several
 * errors can cancel along a direction, with probability at most 1/2 each time, so 8 directions
 * leave a chance of at most 2^−8 that they all do.
 */
export const DEFAULT_DIRECTIONS = 8;
/** Bisection stops at blocks this small and checks their coordinates one by one. */
export const LEAF = 8;

/** A half-open range [start, end) of coordinates: one stratum. */
export type Block = readonly [number, number];

/** What each mode can and cannot see, for the report. */
export function modeLimits(mode: Mode, n: number, checked: number): string {
  if (mode === "full") return `full: every one of the ${n} coordinates was checked`;
  if (mode === "sparse")
    return `sparse: ${checked} of ${n} coordinates were checked (every block sampled); an error in an unchecked coordinate cannot be seen`;
  return `directional: an error e on one of ${n} coordinates shows along a random direction as about e/√${n} = e·${(1 / Math.sqrt(n)).toExponential(1)}; errors that small relative to the bound are not seen`;
}

/** k distinct coordinates, spread over the blocks as evenly as they allow (every block gets one when k ≥ the number of blocks). */
export function sparseCoordinates(n: number, k: number, blocks: readonly Block[], random: Random): Int32Array {
  const strata = blocks.length > 0 ? blocks.filter(([a, b]) => b > a) : [[0, n] as const];
  const chosen = new Set<number>();
  const target = Math.min(n, Math.max(k, strata.length));
  for (let round = 0; chosen.size < target; round++) {
    for (const [start, end] of strata) {
      if (chosen.size === target) break;
      if (round >= end - start) continue;
      let index: number;
      do index = start + random.int(end - start);
      while (chosen.has(index));
      chosen.add(index);
    }
  }
  return Int32Array.from([...chosen].sort((a, b) => a - b));
}

/**
 * A unit direction with entries ±1/√m on the m coordinates `support` (all when omitted), zero
 * elsewhere: random signs (Rademacher), 32 of them per draw of the generator. Every coordinate
 * then carries weight exactly 1/√m, so an error e on one of them shows as e/√m, never less;
 * Gaussian entries cost a logarithm and a cosine each, which at n = 10⁵ outweighed the check.
 * Returns u and ⟨a, u⟩, formed in the same pass over the entries (a pass at n = 10⁵ costs about
 * as much as all of a line's evaluations).
 */
export function drawDirection(n: number, random: Random, a: Float64Array, support?: ArrayLike<number>): { u: Float64Array; dot: number } {
  const u = new Float64Array(n);
  const count = support?.length ?? n;
  const size = 1 / Math.sqrt(count);
  let dot = 0;
  for (let start = 0; start < count; start += 32) {
    let bits = (random.next() * 2 ** 32) | 0;
    const end = Math.min(count, start + 32);
    // (2·bit − 1)·size, without a branch: a random branch mispredicts half the time.
    if (support)
      for (let c = start; c < end; c++, bits >>>= 1) {
        const k = support[c];
        u[k] = ((bits & 1) * 2 - 1) * size;
        dot += a[k] * u[k];
      }
    else
      for (let c = start; c < end; c++, bits >>>= 1) {
        const v = ((bits & 1) * 2 - 1) * size;
        u[c] = v;
        dot += a[c] * v;
      }
  }
  return { u, dot };
}
