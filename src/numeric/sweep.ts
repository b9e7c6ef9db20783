/**
 * The step-size curve of one coordinate: the central difference D(h) = [f(x + h e_k) − f(x − h e_k)] / 2h
 * against a reference derivative g, over a range of steps. On log–log axes |D(h) − g| draws a "V":
 *
 *     truncation ≈ h² |f'''| / 6   falls as h shrinks (slope 2 on the right arm),
 *     rounding   ≈ ε |f| / h       rises as h shrinks (slope −1 on the left arm).
 *
 * If g itself is wrong, the curve cannot dip below |g − true| and flattens there instead.
 */
import type { Partial } from "./evaluate.js";
import { stepAt } from "./step.js";

export interface SweepPoint {
  /** The step actually taken (exactly representable as (x_k + h) − x_k). */
  h: number;
  /** D(h). */
  derivative: number;
  /** |D(h) − reference|. */
  error: number;
}

/** Largest relative step of the default sweep, 10^−1: past it truncation dominates for any smooth f of unit scale. */
export const SWEEP_LARGEST = 1e-1;
/** Smallest, 10^−13: a few hundred ε, where rounding swamps every difference of unit-scale values. */
export const SWEEP_SMALLEST = 1e-13;
/** Steps per decade: enough to see both arms of the V with a few dozen evaluations. */
export const SWEEP_PER_DECADE = 4;

/** Relative steps from `largest` down to `smallest`, `perDecade` per decade, evenly spaced in log h. */
export function logSteps(largest = SWEEP_LARGEST, smallest = SWEEP_SMALLEST, perDecade = SWEEP_PER_DECADE): number[] {
  const count = Math.round(Math.log10(largest / smallest) * perDecade);
  return Array.from({ length: count + 1 }, (_, m) => largest * 10 ** (-m / perDecade));
}

/** |D(h) − reference| at coordinate k for each relative step: 2 evaluations of f per step. */
export function stepSweep(partial: Partial, k: number, reference: number, relativeSteps: readonly number[] = logSteps()): SweepPoint[] {
  return relativeSteps.map((relative) => {
    const h = stepAt(partial.at(k), relative);
    const derivative = (partial.value(k, h) - partial.value(k, -h)) / (2 * h);
    return { h, derivative, error: Math.abs(derivative - reference) };
  });
}
