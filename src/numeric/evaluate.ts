/**
 * The oracle's view of f: one coordinate moved at a time. A `Partial` answers f(x + h·e_k),
 * on a private copy of x. `blackBox` builds one from any f; a caller that knows more about f
 * (a network, say) may build a faster one, as long as it computes the same f.
 */
import { FunctionEvaluationError, InvalidArgumentError } from "../base/errors.js";

export interface Partial {
  /** Number of coordinates. */
  readonly n: number;
  /** x_k at the point. */
  at(k: number): number;
  /** f(x + h·e_k); h = 0 gives f(x). */
  value(k: number, h: number): number;
  /** Calls of f so far. */
  evaluations(): number;
}

/** A function f: ℝⁿ → ℝ, as the checks call it: with a Float64Array it must not change. */
export type ScalarFunction = (x: Float64Array) => number;

/** Checks that x is a non-empty array of finite numbers and returns a private Float64Array copy. */
export function copyPoint(fn: string, x: unknown, argument = "x"): Float64Array {
  const like = x as ArrayLike<unknown> | null;
  if (typeof like !== "object" || like === null || typeof like.length !== "number" || like.length === 0)
    throw new InvalidArgumentError(fn, argument, "a non-empty array of finite numbers", x);
  for (let k = 0; k < like.length; k++)
    if (typeof like[k] !== "number" || !Number.isFinite(like[k])) throw new InvalidArgumentError(fn, `${argument}[${k}]`, "a finite number", like[k]);
  return Float64Array.from(like as ArrayLike<number>);
}

/**
 * f as a black box: each call sees a private copy with x_k replaced by x_k + h, and the copy
 * is restored to the saved value exactly (not by subtracting h: floating point is not
 * associative). f throwing, returning something other than a finite number, or changing
 * its argument is reported as a FunctionEvaluationError naming the coordinate and the step.
 */
export function blackBox(fn: string, f: ScalarFunction, x: unknown): Partial {
  if (typeof f !== "function") throw new InvalidArgumentError(fn, "f", "a function (x: Float64Array) => number", f);
  const point = copyPoint(fn, x);
  const work = Float64Array.from(point);
  let calls = 0;
  const value = (k: number, h: number): number => {
    const where = h === 0 ? -1 : k;
    const moved = point[k] + h;
    if (h !== 0) work[k] = moved;
    let result: unknown;
    calls++;
    try {
      result = f(work);
    } catch (error) {
      work.set(point);
      throw new FunctionEvaluationError(fn, "threw", where, h, error);
    }
    const touched = h !== 0 && work[k] !== moved;
    if (h !== 0) work[k] = point[k];
    const changed = touched ? k : firstChange(work, point);
    if (changed >= 0) throw new FunctionEvaluationError(fn, `changed its argument (entry ${changed})`, where, h, work[changed]);
    if (typeof result !== "number") throw new FunctionEvaluationError(fn, `returned ${typeof result}, not a number`, where, h, result);
    if (!Number.isFinite(result)) throw new FunctionEvaluationError(fn, `returned ${result}`, where, h, result);
    return result;
  };
  return { n: point.length, at: (k) => point[k], value, evaluations: () => calls };
}

/** The first index where `a` and `b` differ (NaN-safe, bitwise on ±0 not needed), or −1. */
function firstChange(a: Float64Array, b: Float64Array): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k] && !(Number.isNaN(a[k]) && Number.isNaN(b[k]))) return k;
  return -1;
}
