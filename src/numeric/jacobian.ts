/**
 * The numerical Jacobian: every output of a vector map differentiated over the same stencils
 * (vector.ts caches f's values, so f is called once per stencil point for all m outputs), each
 * output with its own error estimate, noise and kinks (richardson.ts).
 */
import { checkOptions } from "../base/errors.js";
import { type Derivatives, DIFFERENTIATE_OPTION_KEYS, type DifferentiateOptions, differentiatePartial, type NoiseHint } from "./differentiate.js";
import { copyPoint } from "./evaluate.js";
import { rowOf, type VectorFunction, type VectorPartial, vectorBlackBox } from "./vector.js";

/**
 * Each row of J (output i's gradient, with its evidence: its own noise, steps, kinks) at the columns
 * `columns` (default: all). `noise[i]`, where given, is what is known of output i's noise (NoiseHint):
 * a bisection's single line takes the σ its top comparisons measured over several.
 */
export function differentiateRows(
  map: VectorPartial,
  options: DifferentiateOptions,
  fn: string,
  columns?: ArrayLike<number>,
  noise?: readonly NoiseHint[],
): Derivatives[] {
  const rows: Derivatives[] = [];
  for (let i = 0; i < map.m; i++) rows.push(differentiatePartial(rowOf(map, i), options, fn, columns, noise?.[i]));
  return rows;
}

/**
 * The numerical Jacobian of f at x, m rows of n, by Richardson extrapolation (central
 * differences with `{ method: "central" }`: 2n + 1 calls of f). f is called on a private copy.
 *
 * @example
 * numericalJacobian((x) => [x[0] * x[1], Math.sin(x[0])], [2, 3]); // ≈ [[3, 2], [cos 2, 0]]
 */
export function numericalJacobian(f: VectorFunction, x: ArrayLike<number>, options: DifferentiateOptions = {}): Float64Array[] {
  const fn = "numericalJacobian";
  const map = vectorBlackBox(fn, f, copyPoint(fn, x), (k) => `x[${k}]`);
  return differentiateRows(map, checkOptions(fn, options, "options", DIFFERENTIATE_OPTION_KEYS), fn).map((d) => d.gradient);
}
