/**
 * checkHessian: is a claimed Hessian of a scalar f at x right? Every entry is judged against its
 * own bound, built from the error estimate of its second difference (numeric/second-differences.ts),
 * and the claimed matrix's symmetry is judged against rounding. checkHessianAsync: the same for an
 * f that returns a Promise, evaluated one call at a time.
 */
import { checkOptions, FunctionEvaluationError, InvalidArgumentError, isPromise } from "../base/errors.js";
import { copyPoint } from "../numeric/evaluate.js";
import { type Precision, precisions } from "../numeric/precision.js";
import { type HessianEstimate, type SecondOptions, type SecondRequest, secondDifferences } from "../numeric/second-differences.js";
import { epsilonOf } from "../numeric/step.js";
import type { Asymmetry, HessianCheckReport, HessianKink, HessianMismatch, HessianResolution } from "./hessian-report.js";
import { HessianCheckError } from "./hessian-report.js";
import { asymmetryBound, boundAt, passes, resolved, ruleFor, type Tolerance } from "./tolerance.js";

/** Options for checkHessian. */
export interface HessianCheckOptions extends Tolerance {
  /** The precision f computes in (default "float64"): it sets ε, the step and the rounding model. */
  precision?: Precision;
  /** First relative step of the stencils (default 2^−7 in float64, 2^−4 in float32; see numeric/second-differences.ts). */
  step?: number;
  /** Names coordinate k; entries are then named ∂²f/∂a∂b. Default: entries are H[i][j]. */
  name?: (k: number) => string;
  /** Accept entries whose bound is not small against max |H| (false by default; they are named either way). */
  allowUnresolved?: boolean;
}

const OPTION_KEY_SET: Readonly<Record<keyof HessianCheckOptions, true>> = {
  precision: true,
  step: true,
  atol: true,
  rtol: true,
  name: true,
  allowUnresolved: true,
};
const OPTION_KEYS: readonly string[] = Object.keys(OPTION_KEY_SET);

/** A Hessian as n rows of n numbers (a function returning one is called once, on a copy of x). */
export type HessianMatrix = ArrayLike<ArrayLike<number>>;
/** The claimed Hessian for checkHessian: the n×n matrix as rows, or a synchronous function of x returning it. */
export type AnalyticHessian = HessianMatrix | ((x: Float64Array) => HessianMatrix);
/** The claimed Hessian for checkHessianAsync: the matrix, or a function of x returning it or a Promise of it. */
export type AsyncAnalyticHessian = HessianMatrix | ((x: Float64Array) => HessianMatrix | PromiseLike<HessianMatrix>);

/**
 * What a caller that knows f's structure adds (checkNetworkHessian does): not a public option, as
 * a black-box f offers neither. Both only widen what is allowed, each where its rounding is shown.
 */
export interface HessianHint {
  /** f's rounding beyond ROUNDING_ULPS·ε·|f|: a floor, and per coordinate (SecondOptions.noise). */
  noise?: SecondOptions["noise"];
  /**
   * Row-major n×n: per entry, the claim's |abs| pass, Σ of the magnitudes of the terms H_ij was
   * summed from (network/hessian.ts, hessianMagnitudes); the claim's rounding is a few ε of it
   * (check/tolerance.ts, CLAIM_ROUNDING).
   */
  magnitude?: Float64Array;
}

interface Resolved {
  precision: Precision;
  step: number | undefined;
  name: ((k: number) => string) | undefined;
  allowUnresolved: boolean;
  tolerance: Tolerance;
}

function resolveOptions(fn: string, given: HessianCheckOptions | undefined): Resolved {
  const options = checkOptions(fn, given, "options", OPTION_KEYS);
  for (const key of ["atol", "rtol"] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)))
      throw new InvalidArgumentError(fn, `options.${key}`, "a finite number ≥ 0", v);
  }
  const precision = options.precision ?? "float64";
  if (!precisions.includes(precision)) throw new InvalidArgumentError(fn, "options.precision", '"float64" or "float32"', precision);
  const { step } = options;
  if (step !== undefined && (typeof step !== "number" || !(step > 0) || !(step < 1)))
    throw new InvalidArgumentError(fn, "options.step", "a relative step in (0, 1)", step);
  if (options.name !== undefined && typeof options.name !== "function")
    throw new InvalidArgumentError(fn, "options.name", "a function (k: number) => string", options.name);
  if (options.allowUnresolved !== undefined && typeof options.allowUnresolved !== "boolean")
    throw new InvalidArgumentError(fn, "options.allowUnresolved", "true or false", options.allowUnresolved);
  return {
    precision,
    step,
    name: options.name,
    allowUnresolved: options.allowUnresolved === true,
    tolerance: { atol: options.atol, rtol: options.rtol },
  };
}

/** Checks the claimed matrix's shape and entries: n rows of n finite numbers, each named by its place. */
export function claimedHessian(fn: string, value: unknown, n: number, argument = "hessian"): Float64Array {
  if (isPromise(value))
    throw new InvalidArgumentError(
      fn,
      argument,
      `an n×n matrix, or a synchronous function returning one (it returned a Promise: use ${fn}Async, or await the matrix first)`,
      value,
    );
  const rows = value as ArrayLike<unknown> | null;
  if (typeof rows !== "object" || rows === null || typeof rows.length !== "number")
    throw new InvalidArgumentError(fn, argument, `${n} rows of ${n} numbers (an n×n matrix, n = x.length), or a function returning them`, value);
  if (rows.length !== n) throw new InvalidArgumentError(fn, `${argument}.length`, `${n} rows (the length of x)`, rows.length);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as ArrayLike<unknown> | null;
    if (typeof row !== "object" || row === null || typeof row.length !== "number")
      throw new InvalidArgumentError(fn, `${argument}[${i}]`, `a row of ${n} numbers`, row);
    if (row.length !== n) throw new InvalidArgumentError(fn, `${argument}[${i}].length`, `${n} (the length of x)`, row.length);
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (typeof v !== "number" || Number.isNaN(v)) throw new InvalidArgumentError(fn, `${argument}[${i}][${j}]`, "a number", v);
      out[i * n + j] = v;
    }
  }
  return out;
}

function callClaim(fn: string, hessian: unknown, x: Float64Array): unknown {
  if (typeof hessian !== "function") return hessian;
  try {
    return (hessian as (x: Float64Array) => unknown)(Float64Array.from(x));
  } catch (error) {
    throw new InvalidArgumentError(fn, "hessian", "a function that returns the Hessian (it threw)", error instanceof Error ? error.message : error);
  }
}

/** Where f was called, in the user's words. */
function place(r: SecondRequest, name: (k: number) => string): string {
  if (r.i < 0) return "at the given point";
  const first = `with ${name(r.i)} moved by ${r.hi.toExponential(3)}`;
  return r.j < 0 ? first : `${first} and ${name(r.j)} by ${r.hj.toExponential(3)}`;
}

/**
 * f's value at a request, checked: a number, and f left its argument alone. A non-finite value at f(x)
 * is an error at once; at a moved point it is passed on as NaN (the stencil retries at a smaller step)
 * and kept in `failure`, thrown if no step stays inside f's domain.
 */
function checked(fn: string, result: unknown, r: SecondRequest, work: Float64Array, name: (k: number) => string, failure: { error?: Error }): number {
  const error = (problem: string, cause: unknown): FunctionEvaluationError =>
    new FunctionEvaluationError(fn, problem, r.i < 0 ? -1 : r.i, r.hi, cause, r.i < 0 ? undefined : place(r, name));
  for (let k = 0; k < work.length; k++) if (!Object.is(work[k], r.point[k])) throw error(`changed its argument (entry ${k})`, work[k]);
  if (typeof result !== "number") throw error(`returned ${typeof result}, not a number`, result);
  if (Number.isFinite(result)) return result;
  if (r.i < 0) throw error(`returned ${result}`, result);
  failure.error = error(`returned ${result}`, result);
  return Number.NaN;
}

/** The estimate, unless a stencil found no step inside f's domain: then the last failure there. */
function finished(estimate: HessianEstimate, failure: { error?: Error }): HessianEstimate {
  if (estimate.outside >= 0 && failure.error !== undefined) throw failure.error;
  return estimate;
}

/** Judges every entry and the claim's symmetry. */
function judge(estimate: HessianEstimate, claimed: Float64Array, options: Resolved, evaluations: number, hint: HessianHint = {}): HessianCheckReport {
  const { n } = estimate;
  const rule = ruleFor(options.tolerance, epsilonOf(options.precision));
  const coordinate = options.name;
  const name =
    coordinate === undefined ? (i: number, j: number) => `H[${i}][${j}]` : (i: number, j: number) => `∂²f/∂${coordinate(i)}∂${coordinate(j)}`;
  let scale = 0;
  for (let k = 0; k < n * n; k++) {
    if (Number.isFinite(claimed[k])) scale = Math.max(scale, Math.abs(claimed[k]));
    if (estimate.kink[k] === 0) scale = Math.max(scale, Math.abs(estimate.value[k]));
  }
  const zeroClaim = claimed.every((v) => v === 0);
  const bound = new Float64Array(n * n);
  const mismatches: HessianMismatch[] = [];
  const nonDifferentiable: HessianKink[] = [];
  const unresolved: HessianResolution[] = [];
  const asymmetry: Asymmetry[] = [];
  let maxRatio = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      const [a, v] = [claimed[k], estimate.value[k]];
      bound[k] = boundAt(rule, a, v, estimate.error[k], scale);
      if (estimate.kink[k] === 1) {
        const e = estimate.levels;
        const kink: HessianKink = { row: i, column: j, name: name(i, j), estimates: [e[3 * k], e[3 * k + 1], e[3 * k + 2]] };
        if (!Number.isNaN(estimate.sides[2 * k])) [kink.left, kink.right] = [estimate.sides[2 * k], estimate.sides[2 * k + 1]];
        nonDifferentiable.push(kink);
        continue;
      }
      const error = Math.abs(a - v);
      const ratio = Number.isFinite(a) ? error / bound[k] : Number.NaN;
      if (!Number.isNaN(ratio)) maxRatio = Math.max(maxRatio, ratio);
      // f did not move along the pair at all: a claim outside the bound there is beyond what f's values show
      // (rounding inside f, a saturated unit, may hide a curvature), not refuted by them: unresolved, not a mismatch.
      if (estimate.still[k] === 1 && Number.isFinite(a) && !passes(a, v, bound[k]))
        unresolved.push({ row: i, column: j, name: name(i, j), bound: Infinity, resolution: Infinity });
      else if (!passes(a, v, bound[k]))
        mismatches.push({ row: i, column: j, name: name(i, j), analytic: a, numeric: v, error, bound: bound[k], ratio });
      // Resolved: the bound is small against max |H|; or the claim is the zero matrix (f linear, or flat
      // along every pair) and the entry's error is f's own rounding at the default step, truncation no larger:
      // as resolved as values of f allow. A nonzero claim below the bound is never resolved at the floor:
      // f = 10⁹ + x² has H = 2 but a bound of 13, and a claim of 2.2 must not pass as if it were seen.
      else if (rule.kind === "calibrated" && !resolved(bound[k], scale) && !(zeroClaim && estimate.error[k] <= 2 * estimate.floor[k]))
        unresolved.push({ row: i, column: j, name: name(i, j), bound: bound[k], resolution: scale > 0 ? bound[k] / scale : Infinity });
      if (j > i) {
        const [upper, lower] = [a, claimed[j * n + i]];
        const magnitude = hint.magnitude === undefined ? 0 : Math.max(hint.magnitude[k], hint.magnitude[j * n + i]);
        const allowed = asymmetryBound(rule, upper, lower, scale, magnitude);
        const difference = Math.abs(upper - lower);
        if (!(difference <= allowed))
          asymmetry.push({ row: i, column: j, name: `${name(i, j)} ≠ ${name(j, i)}`, upper, lower, difference, bound: allowed });
      }
    }
  mismatches.sort((p, q) => (Number.isNaN(q.ratio) ? Infinity : q.ratio) - (Number.isNaN(p.ratio) ? Infinity : p.ratio));
  const rows = (values: Float64Array): Float64Array[] => Array.from({ length: n }, (_, i) => values.slice(i * n, (i + 1) * n));
  return {
    ok: mismatches.length === 0 && asymmetry.length === 0 && (options.allowUnresolved || unresolved.length === 0),
    n,
    analytic: rows(claimed),
    numeric: rows(estimate.value),
    numericError: rows(estimate.error),
    bound: rows(bound),
    scale,
    mismatches,
    asymmetry,
    nonDifferentiable,
    unresolved,
    maxRatio,
    evaluations,
    minimumEvaluations: n * n,
    rule,
    name,
  };
}

function start(fn: string, f: unknown, x: unknown, options: HessianCheckOptions | undefined, hint: HessianHint = {}) {
  if (typeof f !== "function") throw new InvalidArgumentError(fn, "f", "a function (x: Float64Array) => number", f);
  const point = copyPoint(fn, x);
  const resolvedOptions = resolveOptions(fn, options);
  const coordinate = resolvedOptions.name ?? ((k: number) => `x[${k}]`);
  const work = new Float64Array(point.length);
  return {
    point,
    resolvedOptions,
    coordinate,
    work,
    run: secondDifferences(point, { precision: resolvedOptions.precision, step: resolvedOptions.step, noise: hint.noise }),
  };
}

/**
 * Compares a claimed Hessian of a scalar f at x with one computed from values of f alone: central
 * second differences on the diagonal and four-point mixed differences off it, each extrapolated by
 * Richardson with its own error estimate (6n² + 1 calls of f). Returns a report; it never throws for
 * a wrong Hessian (see assertHessian). f is called on a private copy of x.
 *
 * @example
 * const report = checkHessian((x) => x[0] * x[0] * x[1], [1, 2], [[4, 2], [2, 0]]);
 * report.ok; // true
 */
export function checkHessian(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  hessian: AnalyticHessian,
  options?: HessianCheckOptions,
): HessianCheckReport {
  return checkHessianWith(f, x, hessian, options, {});
}

/** checkHessian with what the caller knows of f's rounding and the claim's (HessianHint). Not exported from the package. */
export function checkHessianWith(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  hessian: AnalyticHessian,
  options: HessianCheckOptions | undefined,
  hint: HessianHint,
): HessianCheckReport {
  const fn = "checkHessian";
  const { point, resolvedOptions, coordinate, work, run } = start(fn, f, x, options, hint);
  const claimed = claimedHessian(fn, callClaim(fn, hessian, point), point.length);
  let evaluations = 0;
  const failure: { error?: Error } = {};
  let step = run.next();
  while (!step.done) {
    const r = step.value;
    work.set(r.point);
    let result: unknown;
    try {
      result = f(work);
    } catch (error) {
      throw new FunctionEvaluationError(fn, "threw", r.i, r.hi, error, r.i < 0 ? undefined : place(r, coordinate));
    }
    evaluations++;
    if (isPromise(result))
      throw new FunctionEvaluationError(
        fn,
        "returned a Promise (an async function): checkHessian evaluates f synchronously; use checkHessianAsync",
        r.i,
        r.hi,
        result,
        r.i < 0 ? undefined : place(r, coordinate),
      );
    step = run.next(checked(fn, result, r, work, coordinate, failure));
  }
  return judge(finished(step.value, failure), claimed, resolvedOptions, evaluations, hint);
}

/**
 * checkHessian for an f that may return a Promise (and a Hessian function that may): the same
 * stencils and verdict, f awaited one call at a time. A rejecting f rejects with a FunctionEvaluationError.
 */
export async function checkHessianAsync(
  f: (x: Float64Array) => number | PromiseLike<number>,
  x: ArrayLike<number>,
  hessian: AsyncAnalyticHessian,
  options?: HessianCheckOptions,
): Promise<HessianCheckReport> {
  const fn = "checkHessianAsync";
  const { point, resolvedOptions, coordinate, work, run } = start(fn, f, x, options);
  let claim = callClaim(fn, hessian, point);
  if (isPromise(claim))
    try {
      claim = await claim;
    } catch (error) {
      throw new InvalidArgumentError(
        fn,
        "hessian",
        "a function whose Promise resolves to the Hessian (it rejected)",
        error instanceof Error ? error.message : error,
      );
    }
  const claimed = claimedHessian(fn, claim, point.length);
  let evaluations = 0;
  const failure: { error?: Error } = {};
  let step = run.next();
  while (!step.done) {
    const r = step.value;
    work.set(r.point);
    let result: unknown;
    try {
      result = await f(work);
    } catch (error) {
      throw new FunctionEvaluationError(fn, "threw (or its Promise rejected)", r.i, r.hi, error, r.i < 0 ? undefined : place(r, coordinate));
    }
    evaluations++;
    step = run.next(checked(fn, result, r, work, coordinate, failure));
  }
  return judge(finished(step.value, failure), claimed, resolvedOptions, evaluations);
}

/** checkHessian, throwing a HessianCheckError (message: the report's table) when the check fails. */
export function assertHessian(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  hessian: AnalyticHessian,
  options?: HessianCheckOptions,
): HessianCheckReport {
  const report = checkHessian(f, x, hessian, options);
  if (!report.ok) throw new HessianCheckError(report);
  return report;
}
