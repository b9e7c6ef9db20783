/**
 * checkGradient: is a claimed gradient of f at x right? assertGradient: the same, throwing.
 */
import { InvalidArgumentError } from "../base/errors.js";
import { type DifferentiateOptions, differentiatePartial, epsilonOf } from "../numeric/differentiate.js";
import { blackBox, copyPoint, type Partial, type ScalarFunction } from "../numeric/evaluate.js";
import { compare } from "./compare.js";
import { type GradientCheckReport, GradientCheckError } from "./report.js";
import { ruleFor, type Tolerance } from "./tolerance.js";

/** Options for checkGradient: how to differentiate, the tolerance (default: calibrated), coordinate names. */
export interface CheckOptions extends DifferentiateOptions, Tolerance {
  /** Names coordinate k in reports; default "x[k]". */
  name?: (k: number) => string;
}

/** The claimed gradient at x, or a function that returns it (called once, on a copy of x). */
export type Analytic = ArrayLike<number> | ((x: Float64Array) => ArrayLike<number>);

const checkTolerance = (fn: string, options: Tolerance): void => {
  for (const key of ["atol", "rtol"] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)))
      throw new InvalidArgumentError(fn, `options.${key}`, "a finite number ≥ 0", v);
  }
};

/** Resolves `analytic` to a Float64Array of the right length, without letting it see the caller's x. */
export function claimedGradient(fn: string, analytic: Analytic, x: Float64Array): Float64Array {
  let value: unknown = analytic;
  if (typeof analytic === "function") {
    try {
      value = analytic(Float64Array.from(x));
    } catch (error) {
      throw new InvalidArgumentError(fn, "analytic", "a function that returns the gradient (it threw)", error instanceof Error ? error.message : error);
    }
  }
  const like = value as ArrayLike<unknown> | null;
  if (typeof like !== "object" || like === null || typeof like.length !== "number")
    throw new InvalidArgumentError(fn, "analytic", `an array of ${x.length} numbers, or a function returning one`, value);
  if (like.length !== x.length) throw new InvalidArgumentError(fn, "analytic.length", `${x.length} (the length of x)`, like.length);
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    if (typeof like[k] !== "number") throw new InvalidArgumentError(fn, `analytic[${k}]`, "a number", like[k]);
    out[k] = like[k] as number;
  }
  return out;
}

/** Checks a claimed gradient against the numerical derivatives of a Partial. */
export function checkPartial(fn: string, partial: Partial, analytic: Float64Array, options: CheckOptions): GradientCheckReport {
  checkTolerance(fn, options);
  const numeric = differentiatePartial(partial, options, fn);
  const rule = ruleFor(options, epsilonOf(options.precision ?? "float64"));
  return compare({ analytic, numeric, rule, name: options.name ?? ((k) => `x[${k}]`) });
}

/**
 * Compares a claimed gradient of f at x with the numerical gradient, coordinate by coordinate,
 * and returns a report (it never throws for a wrong gradient; see assertGradient).
 *
 * By default the numerical gradient comes from Richardson extrapolation (6n + 1 calls of f)
 * and each coordinate's bound from its own error estimate; pass atol and/or rtol to use
 * |a − n| ≤ atol + rtol·max(|a|, |n|) instead. f is called on a private copy of x.
 *
 * @example
 * const report = checkGradient((x) => x[0] * x[0], [3], [6]);
 * report.ok; // true
 */
export function checkGradient(f: ScalarFunction, x: ArrayLike<number>, analytic: Analytic, options: CheckOptions = {}): GradientCheckReport {
  const partial = blackBox("checkGradient", f, x);
  const claimed = claimedGradient("checkGradient", analytic, copyPoint("checkGradient", x));
  return checkPartial("checkGradient", partial, claimed, options);
}

/** checkGradient, throwing a GradientCheckError (message: the report's table) when the check fails. */
export function assertGradient(f: ScalarFunction, x: ArrayLike<number>, analytic: Analytic, options: CheckOptions = {}): GradientCheckReport {
  const report = checkGradient(f, x, analytic, options);
  if (!report.ok) throw new GradientCheckError(report);
  return report;
}
