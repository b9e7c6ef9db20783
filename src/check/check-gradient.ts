/**
 * checkGradient: is a claimed gradient of f at x right? assertGradient: the same, throwing.
 * Both run on a Subject — f seen coordinate by coordinate and along lines — so that
 * checkNetwork can supply a faster view of the same f.
 */
import { checkOptions, InvalidArgumentError } from "../base/errors.js";
import { createRandom, type Random } from "../base/random.js";
import { type DifferentiateOptions, differentiatePartial, type NoiseHint, resolveDifferentiateOptions } from "../numeric/differentiate.js";
import { alongLines, blackBox, checkFunction, copyPoint, type Partial, type ScalarFunction } from "../numeric/evaluate.js";
import { epsilonOf } from "../numeric/step.js";
import { compare, type Naming } from "./compare.js";
import {
  type Block,
  DEFAULT_DIRECTIONS,
  DEFAULT_SAMPLES,
  FULL_LIMIT,
  LEAF,
  type Mode,
  modeLimits,
  modes,
  randomDirection,
  sparseCoordinates,
} from "./modes.js";
import { type DirectionCheck, GradientCheckError, type GradientCheckReport } from "./report.js";
import { taylorTest } from "./taylor.js";
import { boundAt, passes, type Rule, ruleFor, type Tolerance } from "./tolerance.js";

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
}

/** The claimed gradient at x, or a function that returns it (called once, on a copy of x). */
export type Analytic = ArrayLike<number> | ((x: Float64Array) => ArrayLike<number>);

/** What a check differentiates: f at x, coordinate by coordinate (`partial`) and as a black box (`f`, for lines). */
export interface Subject {
  partial: Partial;
  f: ScalarFunction;
  x: Float64Array;
  /** A lower bound for the noise in f, where its structure tells one (see NoiseHint). */
  noiseFloor?: number;
  /** Strata for "sparse" (a network's per-layer biases and weights). */
  blocks?: readonly Block[];
  /** f along the lines x + t·u_c, when faster than alongLines(f, x, directions) (a network's). */
  lines?: (directions: readonly Float64Array[]) => Partial;
  naming: Naming;
}

export const DEFAULT_SEED = 1;

function resolveOptions(fn: string, options: CheckOptions, n: number) {
  for (const key of ["atol", "rtol"] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)))
      throw new InvalidArgumentError(fn, `options.${key}`, "a finite number ≥ 0", v);
  }
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

const linesOf = (fn: string, subject: Subject, directions: readonly Float64Array[]): Partial =>
  subject.lines ? subject.lines(directions) : alongLines(fn, subject.f, subject.x, directions);

/** ⟨a, u_c⟩ for each direction against d/dt f(x + t u_c), with bounds from their error estimates. */
function checkDirections(
  fn: string,
  subject: Subject,
  analytic: Float64Array,
  directions: Float64Array[],
  support: ArrayLike<number>,
  options: DifferentiateOptions,
  rule: Rule,
  noise: NoiseHint,
) {
  const lines = linesOf(fn, subject, directions);
  const d = differentiatePartial(lines, options, fn, undefined, noise);
  // Every u_k on the support has size 1/√m, so Σ_k |a_k u_k| = Σ |a_k| / √m over the support.
  let absolute = 0;
  for (let c = 0; c < support.length; c++) absolute += Math.abs(analytic[support[c]]);
  const scale = absolute / Math.sqrt(support.length);
  const checks = directions.map((u, c): DirectionCheck => {
    let dot = 0;
    for (let k = 0; k < u.length; k++) dot += analytic[k] * u[k];
    const [numeric, numericError] = [d.gradient[c], d.error[c]];
    const bound = boundAt(rule, dot, numeric, numericError, 0, scale);
    return { analytic: dot, numeric, numericError, bound, ok: d.kink[c] === 1 || passes(dot, numeric, bound), support: support.length };
  });
  return { checks, noise: d.noise, evaluations: lines.evaluations(), lines };
}

/**
 * Directional mode: k random unit directions; where one disagrees, bisection over blocks
 * (one direction per half, recursing into halves that disagree) down to blocks of LEAF
 * coordinates, whose coordinates are then checked one by one. Returns the top-level checks,
 * the coordinates to check one by one, the noise and the calls of f spent on lines.
 */
function directional(fn: string, subject: Subject, analytic: Float64Array, k: number, random: Random, options: DifferentiateOptions, rule: Rule) {
  const n = analytic.length;
  const floor = subject.noiseFloor;
  const everyCoordinate = range(n);
  const top = checkDirections(
    fn,
    subject,
    analytic,
    Array.from({ length: k }, () => randomDirection(n, random)),
    everyCoordinate,
    options,
    rule,
    { floor },
  );
  let evaluations = top.evaluations;
  const leaves: number[] = [];
  const bisect = (block: Int32Array): void => {
    if (block.length <= LEAF) return void leaves.push(...block);
    const mid = block.length >> 1;
    for (const half of [block.subarray(0, mid), block.subarray(mid)]) {
      const result = checkDirections(fn, subject, analytic, [randomDirection(n, random, half)], half, options, rule, {
        floor,
        measured: top.noise,
      });
      evaluations += result.evaluations;
      if (!result.checks[0].ok) bisect(half);
    }
  };
  if (top.checks.some((c) => !c.ok)) bisect(everyCoordinate);
  return { checks: top.checks, leaves: Int32Array.from(leaves), noise: top.noise, evaluations, lines: top.lines };
}

/** 0, 1, …, n − 1 (Int32Array.from with a mapping function costs ms at n = 10⁵). */
function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let c = 0; c < n; c++) out[c] = c;
  return out;
}

/** Checks a claimed gradient of a Subject: the engine behind checkGradient and checkNetwork. */
export function checkSubject(fn: string, subject: Subject, analytic: Float64Array, given: CheckOptions | undefined): GradientCheckReport {
  const options = checkOptions(fn, given);
  const { n } = subject.partial;
  const { mode, k, seed, differentiation } = resolveOptions(fn, options, n);
  const random = createRandom(seed);
  const rule = ruleFor(options, epsilonOf(differentiation.precision));
  let directions: DirectionCheck[] = [];
  let lineEvaluations = 0;
  let lineNoise: number | undefined;
  let checked: Int32Array;
  /** The Taylor test's line (its coordinate 0) and ⟨a, d⟩ along it: the first direction of a directional check, else a fresh one. */
  let taylorLine: Partial | undefined;
  let slope = 0;
  if (mode === "full") checked = range(n);
  else if (mode === "sparse") checked = sparseCoordinates(n, k, subject.blocks ?? [], random);
  else {
    const result = directional(fn, subject, analytic, k, random, differentiation, rule);
    [directions, checked, lineEvaluations, lineNoise] = [result.checks, result.leaves, result.evaluations, result.noise];
    [taylorLine, slope] = [result.lines, result.checks[0].analytic];
  }
  const numeric = differentiatePartial(subject.partial, differentiation, fn, checked, { floor: subject.noiseFloor, measured: lineNoise });
  const result = compare(analytic, numeric, rule, checked, subject.naming);
  if (taylorLine === undefined) {
    const d = randomDirection(n, random);
    for (let c = 0; c < n; c++) slope += analytic[c] * d[c];
    taylorLine = linesOf(fn, subject, [d]);
  }
  const before = taylorLine.evaluations();
  const taylor = taylorTest(taylorLine, slope, numeric.noise);
  lineEvaluations += taylorLine.evaluations() - before;
  return {
    ok: result.mismatches.length === 0 && directions.every((e) => e.ok),
    mode,
    coverage: modeLimits(mode, n, checked.length),
    analytic,
    numeric: numeric.gradient,
    numericError: numeric.error,
    bound: result.bound,
    checked: Array.from(checked),
    directions,
    taylor,
    noise: numeric.noise,
    maxAbsError: result.maxAbsError,
    maxRelError: result.maxRelError,
    maxRatio: result.maxRatio,
    mismatches: result.mismatches,
    nonDifferentiable: result.nonDifferentiable,
    evaluations: subject.partial.evaluations() + lineEvaluations,
    method: numeric.method,
    precision: numeric.precision,
    rule,
    seed,
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
export function checkGradient(f: ScalarFunction, x: ArrayLike<number>, analytic: Analytic, options: CheckOptions = {}): GradientCheckReport {
  const fn = "checkGradient";
  checkFunction(fn, f);
  const point = copyPoint(fn, x);
  const claimed = claimedGradient(fn, analytic, point);
  const name = checkOptions(fn, options).name ?? ((k: number) => `x[${k}]`);
  if (typeof name !== "function") throw new InvalidArgumentError(fn, "options.name", "a function (k: number) => string", name);
  const subject: Subject = { partial: blackBox(fn, f, point), f, x: point, naming: { name } };
  return checkSubject(fn, subject, claimed, options);
}

/** checkGradient, throwing a GradientCheckError (message: the report's table) when the check fails. */
export function assertGradient(f: ScalarFunction, x: ArrayLike<number>, analytic: Analytic, options: CheckOptions = {}): GradientCheckReport {
  const report = checkGradient(f, x, analytic, options);
  if (!report.ok) throw new GradientCheckError(report);
  return report;
}
