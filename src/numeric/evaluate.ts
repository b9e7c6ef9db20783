/**
 * The oracle's view of f: one coordinate moved at a time. A `Partial` answers f(x + h·e_k),
 * on a private copy of x. `blackBox` builds one from any f; a caller that knows more about f
 * (a network, say) may build a faster one, as long as it computes the same f.
 */
import { FunctionEvaluationError, InvalidArgumentError, isPromise } from "../base/errors.js";

export interface Partial {
  /** Number of coordinates. */
  readonly n: number;
  /** x_k at the point (the scale a relative step is taken against). */
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

export function checkFunction(fn: string, f: unknown): asserts f is ScalarFunction {
  if (typeof f !== "function") throw new InvalidArgumentError(fn, "f", "a function (x: Float64Array) => number", f);
}

/**
 * Calls f on `argument` (which must equal `expected` afterwards) and returns its finite value.
 * f throwing, returning something other than a finite number, or changing its argument is a
 * FunctionEvaluationError naming where f was called in the user's words: `place()`, formed
 * only when f fails (k = −1, h = 0: f(x) itself).
 */
function call(fn: string, f: ScalarFunction, argument: Float64Array, expected: Float64Array, k: number, h: number, place: () => string): number {
  const where = h === 0 ? -1 : k;
  const at = (): string | undefined => (h === 0 ? undefined : place());
  let result: unknown;
  try {
    result = f(argument);
  } catch (error) {
    argument.set(expected);
    throw new FunctionEvaluationError(fn, "threw", where, h, error, at());
  }
  for (let i = 0; i < argument.length; i++)
    if (!Object.is(argument[i], expected[i])) {
      const received = argument[i];
      argument.set(expected);
      throw new FunctionEvaluationError(fn, `changed its argument (entry ${i})`, where, h, received, at());
    }
  if (isPromise(result))
    throw new FunctionEvaluationError(
      fn,
      `returned a Promise (an async function): f is evaluated synchronously, hundreds of times; ${fn === "checkGradient" ? "use checkGradientAsync, or make" : "make"} f synchronous (await its data before the check)`,
      where,
      h,
      result,
      at(),
    );
  if (typeof result !== "number") throw new FunctionEvaluationError(fn, `returned ${typeof result}, not a number`, where, h, result, at());
  if (!Number.isFinite(result)) throw new FunctionEvaluationError(fn, `returned ${result}`, where, h, result, at());
  return result;
}

/** Names coordinate k for people ("x[3]" unless the caller names them). */
export type CoordinateName = (k: number) => string;
const defaultName: CoordinateName = (k) => `x[${k}]`;

/**
 * f as a black box: each call sees a private copy with x_k replaced by x_k + h, restored to
 * the saved value exactly afterwards (not by subtracting h: floating point is not associative).
 */
export function blackBox(fn: string, f: ScalarFunction, x: unknown, name: CoordinateName = defaultName): Partial {
  checkFunction(fn, f);
  const point = copyPoint(fn, x);
  const work = Float64Array.from(point);
  const expected = Float64Array.from(point);
  let calls = 0;
  return {
    n: point.length,
    at: (k) => point[k],
    value(k, h) {
      calls++;
      if (h === 0) return call(fn, f, work, expected, k, h, () => "");
      work[k] = expected[k] = point[k] + h;
      try {
        return call(fn, f, work, expected, k, h, () => `with ${name(k)} moved by ${h.toExponential(3)}`);
      } finally {
        work[k] = expected[k] = point[k];
      }
    },
    evaluations: () => calls,
  };
}

/**
 * Where a point x + t·u lies, in the user's words: the step along the direction and the
 * coordinates it moved, those whose sign it flipped first (a domain edge such as log near 0
 * is crossed there), then those moved furthest relative to their size; at most three named.
 */
export function describeLinePoint(x: Float64Array, u: Float64Array, t: number, name: CoordinateName = defaultName): string {
  const moved: number[] = [];
  for (let k = 0; k < x.length; k++) if (u[k] !== 0) moved.push(k);
  const to = (k: number) => x[k] + t * u[k];
  const flips = (k: number) => (Math.sign(to(k)) !== Math.sign(x[k]) ? 1 : 0);
  const reach = (k: number) => Math.abs(t * u[k]) / Math.max(Math.abs(x[k]), Number.MIN_VALUE);
  moved.sort((p, q) => flips(q) - flips(p) || reach(q) - reach(p) || p - q);
  const shown = moved
    .slice(0, 3)
    .map((k) => `${name(k)} ${x[k].toExponential(3)} → ${to(k).toExponential(3)}`)
    .join(", ");
  const more = moved.length > 3 ? `, … ${moved.length} coordinates in all` : "";
  return `at a point along a random direction through x (step ${t.toExponential(3)}, moving ${shown}${more})`;
}

/**
 * f along lines: a Partial whose coordinate c is the direction u_c, so that value(c, t) is
 * f(x + t·u_c), on a private copy. `at(c)` is max_k |x_k|, so that a relative step along a
 * unit direction is relative to the size of x. An error names the coordinates the line moved,
 * never the direction's index c.
 */
export function alongLines(
  fn: string,
  f: ScalarFunction,
  x: Float64Array,
  directions: readonly Float64Array[],
  name: CoordinateName = defaultName,
): Partial {
  let scale = 0;
  for (let k = 0; k < x.length; k++) scale = Math.max(scale, Math.abs(x[k]));
  const moved = new Float64Array(x.length);
  const expected = new Float64Array(x.length);
  let calls = 0;
  return {
    n: directions.length,
    at: () => scale,
    value(c, t) {
      calls++;
      const u = directions[c];
      for (let k = 0; k < x.length; k++) moved[k] = x[k] + t * u[k];
      expected.set(moved);
      return call(fn, f, moved, expected, -1, t, () => describeLinePoint(x, u, t, name));
    },
    evaluations: () => calls,
  };
}
