/**
 * What a check differentiates, as the checks see it: f at x coordinate by coordinate, and along
 * lines through x. checkGradient builds one from a black-box f; checkNetwork from a network's
 * forward rules (network-partial.ts, network-line.ts), which compute the same f faster.
 */
import { alongLines, type Partial, type ScalarFunction } from "../numeric/evaluate.js";
import type { Naming } from "./compare.js";
import type { Block } from "./modes.js";

/** What a check differentiates: f at x, coordinate by coordinate (`partial`) and as a black box (`f`, for lines). */
export interface Subject {
  partial: Partial;
  f: ScalarFunction;
  x: Float64Array;
  /** A lower bound for the noise in f, where its structure tells one (see NoiseHint). */
  noiseFloor?: number;
  /** Per coordinate, a lower bound for the noise in f when it moves (see NoiseHint.coordinateFloor). */
  coordinateFloor?: Float64Array;
  /** Levels the step ladder may climb above the default step, where the caller knows f's smooth range (see NoiseHint.maxGrow). */
  maxGrow?: number;
  /** Per coordinate, the widest step over which f is known smooth (see NoiseHint.smoothRange). */
  smoothRange?: Float64Array;
  /** Strata for "sparse" (a network's per-layer biases and weights). */
  blocks?: readonly Block[];
  /** f along the lines x + t·u_c, when faster than alongLines(f, x, directions) (a network's). */
  lines?: (directions: readonly Float64Array[]) => Partial;
  naming: Naming;
}

/** f along the lines x + t·u_c: the subject's own, or the black box's. */
export const linesOf = (fn: string, subject: Subject, directions: readonly Float64Array[]): Partial =>
  subject.lines ? subject.lines(directions) : alongLines(fn, subject.f, subject.x, directions, subject.naming.name);

/** 0, 1, …, n − 1 (Int32Array.from with a mapping function costs ms at n = 10⁵). */
export function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let c = 0; c < n; c++) out[c] = c;
  return out;
}
