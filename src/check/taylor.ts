/**
 * An ε-free second opinion on a gradient g: along a direction d, the Taylor remainder
 *
 *     r(h) = f(x + h d) − f(x) − h ⟨g, d⟩
 *
 * falls as h² when g is right (r ≈ h² dᵀ∇²f d / 2) and only as h when it is wrong
 * (r ≈ −h ⟨g − ∇f, d⟩ once h is small). The observed order log₂(r(h) / r(h/2)) at the
 * smallest steps whose remainders stand clear of rounding noise is reported.
 */
import type { Partial } from "../numeric/evaluate.js";

export interface TaylorTest {
  /** The observed order at the smallest resolvable steps (≈ 2 for a right gradient, ≈ 1 for a wrong one); null when no step rose above the noise. */
  order: number | null;
  /** Steps and remainders, largest step first. */
  residuals: { h: number; r: number }[];
}

/** Halvings of the step, from 2^−2 down to 2^−21 times the scale of x. */
const STEPS = 20;
/** A remainder counts when it is at least this many times the noise in f. */
const ABOVE_NOISE = 1e3;

/** Runs the test on `line` (value(0, t) = f(x + t d)) given the claimed slope ⟨g, d⟩ and the noise in one evaluation of f. */
export function taylorTest(line: Partial, slope: number, noise: number): TaylorTest {
  const f0 = line.value(0, 0);
  const scale = Math.max(1, Math.abs(line.at(0)));
  const residuals: { h: number; r: number }[] = [];
  for (let m = 0; m < STEPS; m++) {
    const h = scale * 2 ** -(m + 2);
    residuals.push({ h, r: line.value(0, h) - f0 - h * slope });
  }
  let order: number | null = null;
  for (let m = 0; m + 1 < STEPS; m++) {
    const [big, small] = [Math.abs(residuals[m].r), Math.abs(residuals[m + 1].r)];
    if (small > ABOVE_NOISE * noise && big > small) order = Math.log2(big / small);
  }
  return { order, residuals };
}
