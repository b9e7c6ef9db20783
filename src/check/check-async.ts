/**
 * The async checks: checkGradientAsync, checkJacobianAsync, checkVJPAsync, checkJVPAsync. f (and
 * a claimed gradient, Jacobian, VJP or JVP given as a function) may return a Promise — code on a
 * GPU or a worker; the report is the sync check's, in a Promise. They replay the sync check on
 * the settled values (replay.ts), so verdicts are identical; a rejecting f rejects with the
 * check's typed error. Evaluations run one after another unless `concurrency` allows more.
 */
import { FunctionEvaluationError, InvalidArgumentError } from "../base/errors.js";
import { type Structure, StructureError } from "../base/structure.js";
import { type CheckOptions, checkGradient } from "./check-gradient.js";
import { checkJacobian } from "./check-jacobian.js";
import { checkJVP, checkVJP } from "./check-product.js";
import type { JacobianCheckOptions } from "./jacobian-options.js";
import type { JacobianCheckReport } from "./jacobian-report.js";
import { type AsyncOptions, concurrencyOf, replay } from "./replay.js";
import type { GradientCheckReport } from "./report.js";

type MaybeAsync<T> = T | Promise<T>;
// biome-ignore lint/suspicious/noExplicitAny: the sync checks' overloads take any structure
type Loose = any;

function split<O extends AsyncOptions>(fn: string, options: O | undefined) {
  const { concurrency: _, ...rest } = options ?? ({} as O);
  return { concurrency: concurrencyOf(fn, options), rest };
}

/** The sync check's typed error, naming the async function the caller called. */
function renamed(error: unknown, fn: string): unknown {
  if (error instanceof FunctionEvaluationError)
    return new FunctionEvaluationError(fn, error.problem, error.coordinate, error.step, error.cause, error.location);
  if (error instanceof StructureError) return new StructureError(fn, error.path, error.expected, error.received);
  if (error instanceof InvalidArgumentError) return new InvalidArgumentError(fn, error.argument, error.expected, error.received);
  return error;
}

/** Runs a sync check on replayed f and claim; the report's evaluations are the real calls of f. */
async function replayed<R extends { evaluations: number }>(
  fn: string,
  f: unknown,
  claim: unknown,
  options: AsyncOptions | undefined,
  check: (f: Loose, claim: Loose, rest: Loose) => R,
): Promise<R> {
  const { concurrency, rest } = split(fn, options);
  try {
    if (typeof f !== "function") return check(f, claim, rest); // the sync check's typed error, as a rejection
    const fns = typeof claim === "function" ? [f as Loose, claim as Loose] : [f as Loose];
    const { result, calls } = await replay(fns, (sync) => check(sync[0], sync.length > 1 ? sync[1] : claim, rest), concurrency);
    return { ...result, evaluations: calls[0] };
  } catch (error) {
    throw renamed(error, fn);
  }
}

/** checkGradient for an f (and gradient function) that may return Promises. */
export function checkGradientAsync(
  f: (x: Float64Array) => MaybeAsync<number>,
  x: ArrayLike<number>,
  analytic: ArrayLike<number> | ((x: Float64Array) => MaybeAsync<ArrayLike<number>>),
  options?: CheckOptions & AsyncOptions,
): Promise<GradientCheckReport>;
export function checkGradientAsync<S extends Structure>(
  f: (x: S) => MaybeAsync<number>,
  x: S,
  analytic: Structure | ((x: S) => MaybeAsync<Structure>),
  options?: CheckOptions & AsyncOptions,
): Promise<GradientCheckReport>;
export async function checkGradientAsync(
  f: unknown,
  x: unknown,
  analytic: unknown,
  options?: CheckOptions & AsyncOptions,
): Promise<GradientCheckReport> {
  return replayed("checkGradientAsync", f, analytic, options, (g, a, rest) => checkGradient(g, x as Loose, a, rest));
}

/** checkJacobian for an f (and Jacobian function) that may return Promises. */
export async function checkJacobianAsync<X = ArrayLike<number>>(
  f: (x: Loose) => MaybeAsync<ArrayLike<number>>,
  x: X,
  jacobian: ArrayLike<ArrayLike<number> | Structure> | ((x: Loose) => MaybeAsync<ArrayLike<ArrayLike<number> | Structure>>),
  options?: JacobianCheckOptions & AsyncOptions,
): Promise<JacobianCheckReport> {
  return replayed("checkJacobianAsync", f, jacobian, options, (g, j, rest) => checkJacobian(g, x as Loose, j, rest));
}

/** checkVJP for an f (and vjp) that may return Promises. */
export async function checkVJPAsync<X = ArrayLike<number>>(
  f: (x: Loose) => MaybeAsync<ArrayLike<number>>,
  x: X,
  vjp: (x: Loose, v: Float64Array) => MaybeAsync<unknown>,
  options?: JacobianCheckOptions & AsyncOptions,
): Promise<JacobianCheckReport> {
  return replayed("checkVJPAsync", f, vjp, options, (g, p, rest) => checkVJP(g, x as Loose, p, rest));
}

/** checkJVP for an f (and jvp) that may return Promises. */
export async function checkJVPAsync<X = ArrayLike<number>>(
  f: (x: Loose) => MaybeAsync<ArrayLike<number>>,
  x: X,
  jvp: (x: Loose, t: Loose) => MaybeAsync<ArrayLike<number>>,
  options?: JacobianCheckOptions & AsyncOptions,
): Promise<JacobianCheckReport> {
  return replayed("checkJVPAsync", f, jvp, options, (g, p, rest) => checkJVP(g, x as Loose, p, rest));
}
