/**
 * checkGradient: is a claimed gradient of f at x right? assertGradient: the same, throwing.
 * Both run on a Subject — f seen coordinate by coordinate and along lines — so that
 * checkNetwork can supply a faster view of the same f.
 */
import { checkOptions, InvalidArgumentError, isPromise } from "../base/errors.js";
import { createRandom, type Random } from "../base/random.js";
import { isStructured, type Structure } from "../base/structure.js";
import { type DifferentiateOptions, differentiatePartial, resolveDifferentiateOptions } from "../numeric/differentiate.js";
import { blackBox, checkFunction, copyPoint, type Partial, type ScalarFunction } from "../numeric/evaluate.js";
import { epsilonOf } from "../numeric/step.js";
import { compare } from "./compare.js";
import { directional } from "./directional.js";
import { observe } from "./hints.js";
import { DEFAULT_DIRECTIONS, DEFAULT_SAMPLES, drawDirection, FULL_LIMIT, type Mode, modeLimits, modes, sparseCoordinates } from "./modes.js";
import { availableWorkers, BLACK_BOX_PARALLEL_MIN, prefetched } from "./parallel.js";
import { type DirectionCheck, type EvaluationsByPurpose, GradientCheckError, type GradientCheckReport } from "./report.js";
import { pointOf } from "./structured.js";
import { linesOf, range, type Subject } from "./subject.js";
import { float32Line, lineOf, type TaylorContext, type TaylorTest, taylorTest } from "./taylor.js";
import { ruleFor, type Tolerance } from "./tolerance.js";

/** Options for checkGradient: how to differentiate, the tolerance (default: calibrated), coordinate names. */
export interface CheckOptions extends DifferentiateOptions, Tolerance {
  /** "auto" (default): "full" up to `fullLimit` coordinates, "directional" above. */
  mode?: Mode | "auto";
  /** Coordinates drawn by "sparse" (default 32), directions drawn by "directional" (default 8). */
  k?: number;
  /** Seed of every random choice: sampled coordinates, directions (default 1). */
  seed?: number;
  /** Largest n that "auto" checks in full (default 4096 for a black-box f). */
  fullLimit?: number;
  /** Names coordinate k in reports; default "x[k]". */
  name?: (k: number) => string;
  /**
   * Accept unresolved coordinates (false by default): a coordinate whose bound is not small
   * against the gradient's scale (or not finite) fails the check unless this is true; it is
   * named in the report either way (see check/tolerance.ts).
   */
  allowUnresolved?: boolean;
  /**
   * Threads a full check spreads its default-step stencils over (check/parallel.ts), the main
   * thread included: default os.availableParallelism() where the check can use them, 1 turns it
   * off. checkGradient needs `module` for them; checkNetwork rebuilds its E itself. The report is bit
   * for bit the one-worker report.
   */
  workers?: number;
  /**
   * checkGradient with workers: the URL (file://…) of an ES module whose `f` export (or default
   * export's `f`) is this same f; each worker imports it. Without it, checkGradient uses one thread.
   */
  module?: string;
}

/** The claimed gradient at x, or a function that returns it (called once, on a copy of x). */
export type Analytic = ArrayLike<number> | ((x: Float64Array) => ArrayLike<number>);

export const DEFAULT_SEED = 1;

/**
 * The keys CheckOptions has (DifferentiateOptions' and Tolerance's included): any other key is a typo, refused.
 * Typed as a record of every key, so that an option added to the interface fails to compile until it is listed here.
 */
const CHECK_OPTION_KEY_SET: Readonly<Record<keyof CheckOptions, true>> = {
  method: true,
  step: true,
  precision: true,
  atol: true,
  rtol: true,
  mode: true,
  k: true,
  seed: true,
  fullLimit: true,
  name: true,
  allowUnresolved: true,
  workers: true,
  module: true,
};
export const CHECK_OPTION_KEYS: readonly string[] = Object.keys(CHECK_OPTION_KEY_SET);

function resolveOptions(fn: string, options: CheckOptions, n: number) {
  for (const key of ["atol", "rtol"] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)))
      throw new InvalidArgumentError(fn, `options.${key}`, "a finite number ≥ 0", v);
  }
  if (options.allowUnresolved !== undefined && typeof options.allowUnresolved !== "boolean")
    throw new InvalidArgumentError(fn, "options.allowUnresolved", "true or false", options.allowUnresolved);
  const mode = options.mode ?? "auto";
  if (!modes.includes(mode)) throw new InvalidArgumentError(fn, "options.mode", modes.map((m) => `"${m}"`).join(", "), mode);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new InvalidArgumentError(fn, "options.seed", "an integer", seed);
  const fullLimit = options.fullLimit ?? FULL_LIMIT;
  if (typeof fullLimit !== "number" || !(fullLimit >= 0)) throw new InvalidArgumentError(fn, "options.fullLimit", "a number ≥ 0", fullLimit);
  const resolved: Mode = mode === "auto" ? (n <= fullLimit ? "full" : "directional") : mode;
  const k = options.k ?? (resolved === "directional" ? DEFAULT_DIRECTIONS : DEFAULT_SAMPLES);
  if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError(fn, "options.k", "a positive integer", k);
  return { mode: resolved, k, seed, differentiation: resolveDifferentiateOptions(fn, options) };
}

/** Resolves `analytic` to a Float64Array of the right length, without letting it see the caller's x. */
export function claimedGradient(fn: string, analytic: Analytic, x: Float64Array): Float64Array {
  let value: unknown = analytic;
  if (typeof analytic === "function") {
    try {
      value = analytic(Float64Array.from(x));
    } catch (error) {
      throw new InvalidArgumentError(
        fn,
        "analytic",
        "a function that returns the gradient (it threw)",
        error instanceof Error ? error.message : error,
      );
    }
  }
  if (isPromise(value))
    throw new InvalidArgumentError(
      fn,
      "analytic",
      "an array of numbers, or a synchronous function returning one (it returned a Promise: await the gradient first and pass the array)",
      value,
    );
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

/**
 * The Taylor test (advisory: it never throws and never changes the verdict). In float64 along
 * `line` (the first direction of a directional check) or a fresh direction; in float32 along a
 * fresh direction whose points are rounded to float32, evaluated on the black-box f.
 */
function secondOpinion(
  fn: string,
  subject: Subject,
  analytic: Float64Array,
  random: Random,
  noise: number,
  line: Partial | undefined,
  slope: number,
  context: TaylorContext,
): { test: TaylorTest; evaluations: number } {
  if (context.precision === "float32") {
    const d = drawDirection(subject.partial.n, random, analytic);
    let calls = 0;
    const rounded = float32Line(subject.f, subject.x, d.u, analytic);
    const counted = {
      ...rounded,
      value: (h: number) => {
        calls++;
        return rounded.value(h);
      },
    };
    return { test: taylorTest(counted, noise, context), evaluations: calls };
  }
  let [along, dot] = [line, slope];
  if (along === undefined) {
    const d = drawDirection(subject.partial.n, random, analytic);
    [along, dot] = [linesOf(fn, subject, [d.u]), d.dot];
  }
  const before = along.evaluations();
  const test = taylorTest(
    lineOf((h) => (along as Partial).value(0, h), dot, along.at(0)),
    noise,
    context,
  );
  return { test, evaluations: along.evaluations() - before };
}

/** See GradientCheckReport.smallestVisibleError: min over the directions of √m·(bound + numeric error). */
function smallestVisible(directions: readonly DirectionCheck[]): number {
  let least = Infinity;
  for (const d of directions) least = Math.min(least, Math.sqrt(d.support) * (d.bound + d.numericError));
  return least;
}

/** Checks a claimed gradient of a Subject: the engine behind checkGradient and checkNetwork. */
export function checkSubject(fn: string, given: Subject, analytic: Float64Array, givenOptions: CheckOptions | undefined): GradientCheckReport {
  const options = checkOptions(fn, givenOptions, "options", CHECK_OPTION_KEYS);
  const observation = observe(given);
  const { subject } = observation;
  const { n } = subject.partial;
  const { mode, k, seed, differentiation } = resolveOptions(fn, options, n);
  const random = createRandom(seed);
  const rule = ruleFor(options, epsilonOf(differentiation.precision));
  let directions: DirectionCheck[] = [];
  let lineSpent = { directions: 0, noise: 0, bisection: 0 };
  let lineNoise: number | undefined;
  let checked: Int32Array;
  /** The Taylor test's line (its coordinate 0) and ⟨a, d⟩ along it: the first direction of a directional check, else a fresh one. */
  let taylorLine: Partial | undefined;
  let slope = 0;
  if (mode === "full") checked = range(n);
  else if (mode === "sparse") checked = sparseCoordinates(n, k, subject.blocks ?? [], random);
  else {
    const result = directional(fn, subject, analytic, k, random, differentiation, rule);
    [directions, checked, lineSpent, lineNoise] = [result.checks, result.leaves, result.spent, result.noise];
    [taylorLine, slope] = [result.lines, result.checks[0].analytic];
  }
  const numeric = differentiatePartial(subject.partial, differentiation, fn, checked, {
    floor: subject.noiseFloor,
    measured: lineNoise,
    maxGrow: subject.maxGrow,
    smoothRange: subject.smoothRange,
    coordinateFloor: subject.coordinateFloor,
  });
  let pointScale = 1;
  for (let q = 0; q < subject.x.length; q++) pointScale = Math.max(pointScale, Math.abs(subject.x[q]));
  const result = compare(analytic, numeric, rule, checked, subject.naming, pointScale);
  const taylor = secondOpinion(fn, subject, analytic, random, numeric.noise, taylorLine, slope, {
    precision: differentiation.precision,
    kinks: result.nonDifferentiable.length,
  });
  const onCoordinates = subject.partial.evaluations();
  const evaluationsByPurpose: EvaluationsByPurpose = {
    perCoordinate: onCoordinates - numeric.noiseEvaluations,
    noise: numeric.noiseEvaluations + lineSpent.noise,
    taylor: taylor.evaluations,
    directions: lineSpent.directions,
    bisection: lineSpent.bisection,
  };
  const ok = result.mismatches.length === 0 && directions.every((e) => e.ok) && (options.allowUnresolved === true || result.unresolved.length === 0);
  return {
    ok,
    mode,
    coverage: modeLimits(mode, n, checked.length),
    analytic,
    numeric: numeric.gradient,
    numericError: numeric.error,
    bound: result.bound,
    ratio: result.ratio,
    checked: Array.from(checked),
    directions,
    smallestVisibleError: mode === "directional" ? smallestVisible(directions) : null,
    taylor: taylor.test,
    noise: numeric.noise,
    maxAbsError: result.maxAbsError,
    maxRelError: result.maxRelError,
    maxRatio: result.maxRatio,
    mismatches: result.mismatches,
    nonDifferentiable: result.nonDifferentiable,
    unresolved: result.unresolved,
    weaklyResolved: result.weaklyResolved,
    evaluations: onCoordinates + lineSpent.directions + lineSpent.noise + lineSpent.bisection + taylor.evaluations,
    evaluationsByPurpose,
    method: numeric.method,
    precision: numeric.precision,
    rule,
    seed,
    hints: observation.hints([...result.mismatches, ...result.unresolved], !ok, differentiation.precision, numeric.gradient, analytic),
  };
}

/**
 * Compares a claimed gradient of f at x with the numerical gradient and returns a report
 * (it never throws for a wrong gradient; see assertGradient).
 *
 * By default every coordinate (up to 4096; random directions above) is differentiated by
 * Richardson extrapolation (6n + 1 calls of f) and judged against a bound built from its own
 * error estimate; pass atol and/or rtol for |a − n| ≤ atol + rtol·max(|a|, |n|) instead.
 * f is called on a private copy of x; x is not changed.
 *
 * @example
 * const report = checkGradient((x) => x[0] * x[0], [3], [6]);
 * report.ok; // true
 */
export function checkGradient(f: ScalarFunction, x: ArrayLike<number>, analytic: Analytic, options?: CheckOptions): GradientCheckReport;
export function checkGradient<S extends Structure>(
  f: (x: S) => number,
  x: S,
  analytic: Structure | ((x: S) => Structure),
  options?: CheckOptions,
): GradientCheckReport;
export function checkGradient(f: unknown, x: unknown, analytic: unknown, options: CheckOptions = {}): GradientCheckReport {
  const fn = "checkGradient";
  checkFunction(fn, f);
  const name = checkOptions(fn, options).name;
  if (name !== undefined && typeof name !== "function") throw new InvalidArgumentError(fn, "options.name", "a function (k: number) => string", name);
  if (isStructured(x)) return checkStructured(fn, f as unknown as (x: unknown) => number, x, analytic, options, name);
  const point = copyPoint(fn, x);
  const claimed = claimedGradient(fn, analytic as Analytic, point);
  const named = name ?? ((k: number) => `x[${k}]`);
  const subject: Subject = { partial: blackBox(fn, f as ScalarFunction, point, named), f: f as ScalarFunction, x: point, naming: { name: named } };
  const { workers, module, ...rest } = checkOptions(fn, options);
  const threads = workerCount(fn, workers);
  if (module !== undefined && typeof module !== "string") throw new InvalidArgumentError(fn, "options.module", "a module URL (file://…)", module);
  if (module !== undefined && threads > 1 && point.length >= BLACK_BOX_PARALLEL_MIN && fullRichardson(rest, point.length, FULL_LIMIT)) {
    const { step, precision } = resolveDifferentiateOptions(fn, rest);
    const job = { kind: "module" as const, url: module, point };
    subject.partial = prefetched(subject.partial, () => blackBox(fn, f as ScalarFunction, point, named), job, step, precision, threads);
  }
  return checkSubject(fn, subject, claimed, rest);
}

/** checkGradient on a structured x: f gets a fresh structure at every call, coordinates are named by path. */
function checkStructured(
  fn: string,
  f: (x: unknown) => number,
  x: unknown,
  analytic: unknown,
  options: CheckOptions,
  name: ((k: number) => string) | undefined,
): GradientCheckReport {
  const point = pointOf(fn, x, name);
  let claim = analytic;
  if (typeof analytic === "function") {
    try {
      claim = analytic(point.argument(Float64Array.from(point.x)));
    } catch (error) {
      throw new InvalidArgumentError(
        fn,
        "analytic",
        "a function that returns the gradient (it threw)",
        error instanceof Error ? error.message : error,
      );
    }
  }
  const claimed = point.read(claim, fn, "analytic");
  const flat: ScalarFunction = (p) => f(point.argument(p));
  const subject: Subject = { partial: blackBox(fn, flat, point.x, point.name), f: flat, x: point.x, naming: { name: point.name } };
  const { workers: _workers, module: _module, ...rest } = checkOptions(fn, options); // the workers path takes a flat x
  return checkSubject(fn, subject, claimed, rest);
}

/** options.workers checked; its default, os.availableParallelism(). */
export function workerCount(fn: string, workers: unknown): number {
  if (workers !== undefined && !(Number.isInteger(workers) && (workers as number) >= 1))
    throw new InvalidArgumentError(fn, "options.workers", "a positive integer", workers);
  return (workers as number | undefined) ?? availableWorkers();
}

/** Whether these options make a full Richardson check of n coordinates (the only kind parallel.ts computes ahead); false where an option is invalid, which checkSubject then reports. */
export function fullRichardson(options: CheckOptions, n: number, defaultLimit: number): boolean {
  const mode = options.mode ?? "auto";
  const limit = options.fullLimit ?? defaultLimit;
  const full = mode === "full" || (mode === "auto" && typeof limit === "number" && n <= limit);
  if (!full || (options.method ?? "richardson") !== "richardson") return false;
  try {
    resolveDifferentiateOptions("checkGradient", options);
    return true;
  } catch {
    return false;
  }
}

/** checkGradient, throwing a GradientCheckError (message: the report's table) when the check fails. */
export function assertGradient(f: ScalarFunction, x: ArrayLike<number>, analytic: Analytic, options?: CheckOptions): GradientCheckReport;
export function assertGradient<S extends Structure>(
  f: (x: S) => number,
  x: S,
  analytic: Structure | ((x: S) => Structure),
  options?: CheckOptions,
): GradientCheckReport;
export function assertGradient(f: unknown, x: unknown, analytic: unknown, options: CheckOptions = {}): GradientCheckReport {
  const report = checkGradient(f as ScalarFunction, x as ArrayLike<number>, analytic as Analytic, options);
  if (!report.ok) throw new GradientCheckError(report);
  return report;
}
