/**
 * checkJacobian: is a claimed Jacobian of f: ℝⁿ → ℝᵐ at x right? Every entry J[i][k] against
 * the numerical ∂f_i/∂x_k, each output judged against its own row's error and scale
 * (entries.ts). Also the full-mode engine that checkVJP and checkJVP use once they have rebuilt
 * the claimed Jacobian.
 */
import { InvalidArgumentError, isPromise } from "../base/errors.js";
import type { Structure } from "../base/structure.js";
import { differentiateRows } from "../numeric/jacobian.js";
import { type VectorFunction, type VectorPartial, vectorBlackBox } from "../numeric/vector.js";
import { type EntryName, type EntryVerdicts, judgeEntries } from "./entries.js";
import { type JacobianCheckOptions, type ResolvedJacobianOptions, resolveJacobianOptions } from "./jacobian-options.js";
import type { JacobianCheckReport, JacobianDirection, JacobianForm } from "./jacobian-report.js";
import { type Point, pointOf } from "./structured.js";
import { range } from "./subject.js";

/** The claimed Jacobian at x: m rows, each flat (n numbers) or of x's structure, or a function of x returning them. */
export type ClaimedJacobian<X> = ArrayLike<ArrayLike<number> | Structure> | ((x: X) => ArrayLike<ArrayLike<number> | Structure>);

/** What every Jacobian check starts from: f flat, its oracle, the point, the options. */
export interface JacobianSetup {
  fn: string;
  point: Point;
  /** f on flat points (a fresh structure for f at every call when x is structured). */
  flat: VectorFunction;
  map: VectorPartial;
  options: ResolvedJacobianOptions;
  name: EntryName;
  m: number;
  n: number;
}

export function setupJacobian(fn: string, f: unknown, x: unknown, given: JacobianCheckOptions | undefined): JacobianSetup {
  if (typeof f !== "function") throw new InvalidArgumentError(fn, "f", "a function (x) => ArrayLike<number>", f);
  const inputName = given?.inputName;
  const point = pointOf(fn, x, typeof inputName === "function" ? inputName : undefined);
  const options = resolveJacobianOptions(fn, given, point.x.length);
  const user = f as (x: unknown) => ArrayLike<number>;
  const flat: VectorFunction = point.shape ? (p) => user(point.argument(p)) : (user as VectorFunction);
  const map = vectorBlackBox(fn, flat, point.x, point.name, options.outputName);
  const named = point.shape !== undefined || given?.inputName !== undefined || given?.outputName !== undefined;
  const name: EntryName = named ? (i, k) => `∂${options.outputName(i)}/∂${point.name(k)}` : (i, k) => `J[${i}][${k}]`;
  return { fn, point, flat, map, options, name, m: map.m, n: point.x.length };
}

/** The claimed Jacobian as m flat rows; its shape checked against m and n. */
export function claimedRows(setup: JacobianSetup, claim: unknown, argument: string): Float64Array[] {
  const { fn, point, m } = setup;
  let value = claim;
  if (typeof claim === "function") {
    try {
      value = claim(point.argument(Float64Array.from(point.x)));
    } catch (error) {
      throw new InvalidArgumentError(fn, argument, "a function returning the Jacobian (it threw)", error instanceof Error ? error.message : error);
    }
  }
  if (isPromise(value))
    throw new InvalidArgumentError(
      fn,
      argument,
      "m rows, or a synchronous function returning them (it returned a Promise: use the Async form)",
      value,
    );
  const rows = value as ArrayLike<unknown> | null;
  if (typeof rows !== "object" || rows === null || typeof rows.length !== "number")
    throw new InvalidArgumentError(fn, argument, `${m} rows (f has ${m} outputs), each of x's ${point.x.length} inputs`, value);
  if (rows.length !== m) throw new InvalidArgumentError(fn, `${argument}.length`, `${m} (the number of outputs of f at x)`, rows.length);
  return Array.from({ length: m }, (_, i) => point.read(rows[i], fn, `${argument}[${i}]`));
}

/** Fewer values than this say nothing: a few dyadic values are float32 numbers by chance (as check/hints.ts). */
const FLOAT32_HINT_VALUES = 8;

/** The report from entry verdicts and the evidence around them. */
export function reportOf(
  setup: JacobianSetup,
  form: JacobianForm,
  claimed: Float64Array[],
  numeric: { gradient: Float64Array; error: Float64Array }[],
  verdicts: EntryVerdicts,
  checked: ArrayLike<number>,
  extra: { directions: JacobianDirection[]; claimEvaluations: number; mode: "full" | "directional"; coverage: string; lineEvaluations?: number },
): JacobianCheckReport {
  const { options, map, n, m } = setup;
  const unresolvedFail = !options.allowUnresolved && verdicts.unresolved.length > 0;
  const ok = verdicts.mismatches.length === 0 && !unresolvedFail && extra.directions.every((d) => d.ok);
  const seen = map.seen();
  const float32 = !ok && options.differentiation.precision === "float64" && seen.float32 && seen.values >= FLOAT32_HINT_VALUES;
  return {
    ok,
    form,
    mode: extra.mode,
    coverage: extra.coverage,
    m,
    n,
    analytic: claimed,
    numeric: numeric.map((d) => d.gradient),
    numericError: numeric.map((d) => d.error),
    bound: verdicts.bound,
    ratio: verdicts.ratio,
    checked: Array.from(checked),
    directions: extra.directions,
    rows: verdicts.rows,
    mismatches: verdicts.mismatches,
    nonDifferentiable: verdicts.nonDifferentiable,
    unresolved: verdicts.unresolved,
    weaklyResolved: verdicts.weaklyResolved,
    maxAbsError: verdicts.maxAbsError,
    maxRelError: verdicts.maxRelError,
    maxRatio: verdicts.maxRatio,
    evaluations: map.evaluations() + (extra.lineEvaluations ?? 0),
    minimumEvaluations: 2 * n,
    claimEvaluations: extra.claimEvaluations,
    method: options.differentiation.method,
    precision: options.differentiation.precision,
    rule: options.rule,
    seed: options.seed,
    hints: float32
      ? [
          `every one of the ${seen.values} values of f the check met is a float32 number: if f computes in float32 (tfjs, Float32Array, Math.fround), pass { precision: "float32" } — checked as float64, its rounding is taken 2²⁹ times too small`,
        ]
      : [],
  };
}

/** Judges claimed rows at every column: the full mode of every form. */
export function judgeFull(setup: JacobianSetup, form: JacobianForm, claimed: Float64Array[], claimEvaluations: number): JacobianCheckReport {
  const { fn, map, options, point, n, m } = setup;
  const columns = range(n);
  const numeric = differentiateRows(map, options.differentiation, fn, columns);
  let pointScale = 1;
  for (const v of point.x) pointScale = Math.max(pointScale, Math.abs(v));
  const verdicts = judgeEntries(claimed, numeric, options.rule, columns, setup.name, options.outputName, pointScale);
  return reportOf(setup, form, claimed, numeric, verdicts, columns, {
    directions: [],
    claimEvaluations,
    mode: "full",
    coverage: `full: every one of the ${m}×${n} entries was checked, each output against its own scale`,
  });
}

/**
 * Compares a claimed Jacobian of f at x (m rows of n, or a function of x returning them) with
 * the numerical one, entry by entry, and returns a report (it never throws for a wrong
 * Jacobian). f is evaluated once per stencil point for all its outputs (6n + 1 calls, and
 * a few noise probes per output); x may be flat or structured (`{ W: number[][], b }`), and is
 * never changed.
 *
 * @example
 * const arm = (q: Float64Array) => [Math.cos(q[0]), Math.sin(q[0])];
 * checkJacobian(arm, [0.3], (q) => [[-Math.sin(q[0])], [Math.cos(q[0])]]).ok; // true
 */
export function checkJacobian(
  f: VectorFunction,
  x: ArrayLike<number>,
  jacobian: ClaimedJacobian<Float64Array>,
  options?: JacobianCheckOptions,
): JacobianCheckReport;
export function checkJacobian<S extends Structure>(
  f: (x: S) => ArrayLike<number>,
  x: S,
  jacobian: ClaimedJacobian<S>,
  options?: JacobianCheckOptions,
): JacobianCheckReport;
export function checkJacobian(f: unknown, x: unknown, jacobian: unknown, options: JacobianCheckOptions = {}): JacobianCheckReport {
  const setup = setupJacobian("checkJacobian", f, x, options);
  if (setup.options.mode === "directional" && options.mode === "directional")
    throw new InvalidArgumentError("checkJacobian", "options.mode", '"full" or "auto" (a whole Jacobian is checked entry by entry)', options.mode);
  const claimed = claimedRows(setup, jacobian, "jacobian");
  return judgeFull(setup, "jacobian", claimed, typeof jacobian === "function" ? 1 : 0);
}
