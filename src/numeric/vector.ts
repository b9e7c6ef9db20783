/**
 * The oracle's view of a vector map f: ℝⁿ → ℝᵐ. f is called once per stencil point and all m
 * outputs are kept: `rowOf(map, i)` is output i as a scalar Partial, reading the shared cache,
 * so that differentiating every row over the same stencil (richardson.ts) costs the calls of
 * one row. Each row then gets its own noise estimate and scale: output i's rounding is measured
 * on output i alone, so rows of size 10⁶ and 10⁻⁶ are judged as sharply.
 */
import { describeValue, FunctionEvaluationError, isPromise } from "../base/errors.js";
import { type CoordinateName, describeLinePoint, type Partial } from "./evaluate.js";

/** A vector map as the checks call it: with a Float64Array it must not change; it returns m numbers. */
export type VectorFunction = (x: Float64Array) => ArrayLike<number>;

/** f(x + h·e_k) for every output at once, evaluated once per point and cached. */
export interface VectorPartial {
  /** The public function calling f, for errors. */
  readonly fn: string;
  readonly n: number;
  /** Number of outputs (fixed by f(x)). */
  readonly m: number;
  at(k: number): number;
  /** All m outputs at x + h·e_k (h = 0: f(x)); entries may be non-finite away from x (the rows decide). */
  values(k: number, h: number): Float64Array;
  /** Calls of f so far. */
  evaluations(): number;
  /** Where x + h·e_k is, in the user's words (for errors). */
  place(k: number, h: number): string;
  /** Names output i ("y[i]" unless the caller names them). */
  output(i: number): string;
  /** How many output values f returned so far, and whether every one was a float32 number (Math.fround(v) === v). */
  seen(): { values: number; float32: boolean };
}

/** Counts f's output values and whether all are float32 numbers: the sign of an f computing in float32. */
function observer() {
  let values = 0;
  let float32 = true;
  return {
    note(out: Float64Array): Float64Array {
      values += out.length;
      if (float32) for (const v of out) if (Math.fround(v) !== v) float32 = false;
      return out;
    },
    seen: () => ({ values, float32 }),
  };
}

/**
 * Calls f on `argument` and returns a fresh copy of its m outputs. f throwing, changing its
 * argument, returning a Promise, something not array-like, a different number of outputs than
 * at x, or a non-number entry is a FunctionEvaluationError naming where and the value; a
 * non-finite entry is too at x itself (`strict`), and is left for the row to judge elsewhere.
 */
export function callVector(
  fn: string,
  f: VectorFunction,
  argument: Float64Array,
  expected: Float64Array,
  m: number,
  where: { k: number; h: number; place: () => string | undefined; output: (i: number) => string },
): Float64Array {
  const { k, h } = where;
  const fail: (problem: string, cause: unknown) => never = (problem, cause) => {
    throw new FunctionEvaluationError(fn, problem, h === 0 ? -1 : k, h, cause, h === 0 ? undefined : where.place());
  };
  let result: unknown;
  try {
    result = f(argument);
  } catch (error) {
    argument.set(expected);
    fail("threw", error);
  }
  for (let i = 0; i < argument.length; i++)
    if (!Object.is(argument[i], expected[i])) {
      const received = argument[i];
      argument.set(expected);
      fail(`changed its argument (entry ${i})`, received);
    }
  if (isPromise(result))
    fail(
      "returned a Promise (an async function): use the check's Async form (checkJacobianAsync, checkVJPAsync, checkJVPAsync), or await f's data first",
      result,
    );
  const like = result as ArrayLike<unknown> | null;
  if (typeof like !== "object" || like === null || typeof like.length !== "number")
    fail(`returned ${describeValue(result)}, not an array of ${m < 0 ? "" : `${m} `}numbers`, String(result));
  if (m >= 0 && like.length !== m)
    fail(`returned ${like.length} outputs, but ${m} at x (the number of outputs must not change)`, `length ${like.length}`);
  if (like.length === 0) fail("returned no outputs (an empty array)", "length 0");
  const out = new Float64Array(like.length);
  for (let i = 0; i < like.length; i++) {
    const v = like[i];
    if (typeof v !== "number") fail(`returned ${typeof v} at output ${where.output(i)}, not a number`, describeValue(v));
    if (h === 0 && !Number.isFinite(v)) fail(`returned ${v} at output ${where.output(i)}`, v);
    out[i] = v as number;
  }
  return out;
}

/** Test-only seam (properties/jacobian-mutations.test.ts): planted mistakes in the vector oracle. */
export interface VectorMutation {
  /** The cache keys a point by its coordinate only, not its step: every stencil point of a column reads the first one cached. */
  stepBlindCache?: boolean;
}
let mutation: VectorMutation = {};
/** Sets the planted mistake (test-only; `{}` restores the real behaviour). */
export function setVectorMutation(m: VectorMutation): void {
  mutation = m;
}

/** Caches values per coordinate and step. */
function cached(compute: (k: number, h: number) => Float64Array): (k: number, h: number) => Float64Array {
  const store = new Map<number, Map<number, Float64Array>>();
  return (k, given) => {
    const h = mutation.stepBlindCache ? 1 : given;
    let byStep = store.get(k);
    if (byStep === undefined) {
      byStep = new Map();
      store.set(k, byStep);
    }
    let v = byStep.get(h);
    if (v === undefined) {
      v = compute(k, given);
      byStep.set(h, v);
    }
    return v;
  };
}

const defaultOutput = (i: number): string => `y[${i}]`;

/**
 * f as a black box, coordinate by coordinate, on a private copy of x restored exactly after each
 * call. f(x) is taken at once: it fixes m.
 */
export function vectorBlackBox(
  fn: string,
  f: VectorFunction,
  x: Float64Array,
  name: CoordinateName,
  output: (i: number) => string = defaultOutput,
): VectorPartial {
  const point = Float64Array.from(x);
  const work = Float64Array.from(point);
  const expected = Float64Array.from(point);
  let calls = 0;
  let m = -1;
  const watch = observer();
  const place = (k: number, h: number) => `with ${name(k)} moved by ${h.toExponential(3)}`;
  const values = cached((k, h) => {
    calls++;
    if (h !== 0) work[k] = expected[k] = point[k] + h;
    try {
      return watch.note(callVector(fn, f, work, expected, m, { k, h, place: () => place(k, h), output }));
    } finally {
      work[k] = expected[k] = point[k];
    }
  });
  const f0 = values(0, 0);
  m = f0.length;
  return {
    fn,
    n: point.length,
    m,
    at: (k) => point[k],
    values: (k, h) => (h === 0 ? f0 : values(k, h)),
    evaluations: () => calls,
    place,
    output,
    seen: watch.seen,
  };
}

/** f along lines x + t·u_c (coordinate c is direction c), cached; `at(c)` is max_k |x_k|. */
export function vectorLines(
  fn: string,
  f: VectorFunction,
  x: Float64Array,
  m: number,
  directions: readonly Float64Array[],
  name: CoordinateName,
  output: (i: number) => string = defaultOutput,
): VectorPartial {
  let scale = 0;
  for (let k = 0; k < x.length; k++) scale = Math.max(scale, Math.abs(x[k]));
  const moved = new Float64Array(x.length);
  const expected = new Float64Array(x.length);
  let calls = 0;
  const watch = observer();
  const place = (c: number, t: number) => describeLinePoint(x, directions[c], t, name);
  const values = cached((c, t) => {
    calls++;
    const u = directions[c];
    for (let k = 0; k < x.length; k++) moved[k] = x[k] + t * u[k];
    expected.set(moved);
    return watch.note(callVector(fn, f, moved, expected, m, { k: c, h: t, place: () => place(c, t), output }));
  });
  return { fn, n: directions.length, m, at: () => scale, values, evaluations: () => calls, place, output, seen: watch.seen };
}

/**
 * Output i of a vector map as a scalar Partial. A non-finite entry away from x is a
 * FunctionEvaluationError whose cause is the number, which the differentiator reads as the edge
 * of f's domain for this row (it shrinks this row's step only).
 */
export function rowOf(map: VectorPartial, i: number): Partial {
  return {
    n: map.n,
    at: (k) => map.at(k),
    value(k, h) {
      const v = map.values(k, h)[i];
      if (!Number.isFinite(v)) throw new FunctionEvaluationError(map.fn, `returned ${v} at output ${map.output(i)}`, k, h, v, map.place(k, h));
      return v;
    },
    evaluations: () => map.evaluations(),
  };
}
