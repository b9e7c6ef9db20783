/**
 * Central differences and Richardson extrapolation over them, coordinate by coordinate,
 * each with an estimate of its own error, and a flag where f has a kink inside the stencil.
 */
import { checkOptions, InvalidArgumentError } from "../base/errors.js";
import { blackBox, type Partial, type ScalarFunction } from "./evaluate.js";
import { type Precision, precisions } from "./precision.js";
import { richardsonPass } from "./richardson.js";
import { centralStep, epsilonOf, richardsonStep, stepAt } from "./step.js";

/** How the numerical derivative is taken: central differences, or Richardson extrapolation over them. */
export type Method = "central" | "richardson";

/**
 * What the caller knows of the noise in f: `measured`, σ_f from an earlier differentiation of
 * the same f at the same x (the noise probes are then skipped); `floor`, a lower bound for σ_f
 * from the structure of f (a network knows how its outputs round), for f whose values are
 * quantised more coarsely than ε·|f| — where f(x ± h) may even come out equal to f(x).
 */
export interface NoiseHint {
  measured?: number;
  floor?: number;
  /**
   * Levels the step ladder may climb above the default step (step.ts, MAX_GROW by default). A
   * caller that knows f's smooth range near x is no wider than the default step says 0, or gives
   * smoothRange per coordinate: a network's E, whose saturated units a larger step carries across
   * their curved range, where
   * three sub-steps can agree and look asymptotic while the derivative is still far off (found
   * by the property suite: right gradients of saturated tanh/sigmoid networks failed at ratio 1.0,
   * the numerical error estimate 30× too small at a grown step).
   */
  maxGrow?: number;
  /**
   * Per coordinate k, the widest step over which f is known to stay smooth along x_k: a grown
   * level (maxGrow) is taken only at steps up to it. A network's E along a weight below a tanh,
   * sigmoid or softmax (check/smooth-range.ts); ∞ where f is piecewise polynomial along x_k.
   */
  smoothRange?: Float64Array;
  /**
   * Per coordinate k, a lower bound for the noise in f when x_k moves, where f's structure tells
   * one the global estimate cannot see: e as a function of s_j^(l) rounds x_j = θ(s_j) to ε|x_j|,
   * which e feels as ε|x_j|·|∂e/∂x_j| — far above ε|e| where a saturated unit's slope is ~1e-15
   * (checkBackprop's δ checks; a right δ of 6.9e-13 was judged against a numerical 0 that
   * claimed to be exact, on a tanh unit at s = 17.85 whose x sat 6 ulps below 1).
   */
  coordinateFloor?: Float64Array;
}
export type { Precision } from "./precision.js";

/** Options for the numerical differentiator. */
export interface DifferentiateOptions {
  /** "richardson" (default): 6 evaluations per coordinate, error estimate with truncation. "central": 2, rounding estimate only. */
  method?: Method;
  /** Relative step h/max(1, |x_k|); defaults to ∛ε for central, 2^−7 (float64) or 2^−4 (float32) for richardson. */
  step?: number;
  /** The precision f computes in ("float64" default, or "float32" for code that rounds with Math.fround). */
  precision?: Precision;
}

/** The numerical gradient with, per coordinate, its error estimate and the evidence behind it. */
export interface Derivatives {
  /** The numerical gradient (NaN at coordinates not differentiated). */
  gradient: Float64Array;
  /** Per coordinate, an estimate of |numeric − true derivative|: truncation + rounding (richardson), rounding only (central). */
  error: Float64Array;
  /** Per coordinate, the rounding part of `error`: σ_f/h amplified by the stencil. */
  rounding: Float64Array;
  /** Per coordinate, the first step of the stencil that was kept. */
  step: Float64Array;
  /** Per coordinate, 1 when the stencil straddles a kink of f (richardson only). */
  kink: Uint8Array;
  /**
   * Per coordinate, 1 when the kept estimate is trusted: a smooth level in its asymptotic
   * regime (richardson), or any central difference. 0 where the ladder found none: the
   * estimate's error then includes the spread of its differences, and the check reports the
   * coordinate as unresolved.
   */
  settled: Uint8Array;
  /** Per coordinate, the one-sided slopes [f(x) − f(x − h)]/h and [f(x + h) − f(x)]/h at the smallest step. */
  left: Float64Array;
  right: Float64Array;
  /** f(x). */
  value: number;
  /** The estimated size of the rounding noise in one evaluation of f (at least ε_f·|f(x)|). */
  noise: number;
  /**
   * The noise as the probes measured it, before the structural floor (richardson; as `noise`
   * for central): what f's conditioning κ = measured / (ε·|f|) is read from (check/tolerance.ts).
   */
  measuredNoise: number;
  method: Method;
  precision: Precision;
  /** Calls of f: central 2 per coordinate + 1, richardson 6 per coordinate + 1 (more where the step is retried). */
  evaluations: number;
  /** The part of `evaluations` spent measuring σ_f (noise.ts's extra stencils at h/64); the rest is f(x) and the coordinates' own stencils. */
  noiseEvaluations: number;
}

/** Options checked and defaulted. */
export function resolveDifferentiateOptions(fn: string, given: DifferentiateOptions | undefined): Required<DifferentiateOptions> {
  const options = checkOptions(fn, given);
  const method = options.method ?? "richardson";
  if (method !== "central" && method !== "richardson") throw new InvalidArgumentError(fn, "options.method", '"central" or "richardson"', method);
  const precision = options.precision ?? "float64";
  if (!precisions.includes(precision)) throw new InvalidArgumentError(fn, "options.precision", '"float64" or "float32"', precision);
  const step = options.step ?? (method === "central" ? centralStep(precision) : richardsonStep(precision));
  if (typeof step !== "number" || !(step > 0) || !Number.isFinite(step))
    throw new InvalidArgumentError(fn, "options.step", "a positive finite number", step);
  return { method, precision, step };
}

/**
 * Differentiates the coordinates `coordinates` (default: all) of a Partial.
 *
 * central:    D(h) = [f(x + h) − f(x − h)] / 2h;  error ≈ ε_f (|f(x+h)| + |f(x−h)|) / 2h (rounding only)
 * richardson: R = (64 D(h/4) − 20 D(h/2) + D(h)) / 45, error ≈ |R − (4 D(h/4) − D(h/2))/3| + 4.07 σ_f/h,
 *             with σ_f the noise in f estimated from the even parts (see step.ts); the step is
 *             shrunk where f leaves its domain or varies faster than the step can resolve.
 */
export function differentiatePartial(
  partial: Partial,
  options: DifferentiateOptions = {},
  fn = "numericalGradient",
  coordinates?: ArrayLike<number>,
  noise: NoiseHint = {},
): Derivatives {
  const { method, precision, step: relative } = resolveDifferentiateOptions(fn, options);
  const eps = epsilonOf(precision);
  const { n } = partial;
  const value = partial.value(0, 0);
  const out: Derivatives = {
    gradient: new Float64Array(n).fill(Number.NaN),
    error: new Float64Array(n).fill(Number.NaN),
    rounding: new Float64Array(n).fill(Number.NaN),
    step: new Float64Array(n),
    kink: new Uint8Array(n),
    settled: new Uint8Array(n),
    left: new Float64Array(n),
    right: new Float64Array(n),
    value,
    noise: eps * Math.abs(value),
    measuredNoise: eps * Math.abs(value),
    method,
    precision,
    evaluations: 0,
    noiseEvaluations: 0,
  };
  const list = coordinates ?? Array.from({ length: n }, (_, k) => k);
  if (method === "central") {
    for (let c = 0; c < list.length; c++) {
      const k = list[c];
      const h = stepAt(partial.at(k), relative, precision);
      const up = partial.value(k, h);
      const down = partial.value(k, -h);
      out.step[k] = h;
      out.settled[k] = 1;
      out.gradient[k] = (up - down) / (2 * h);
      out.rounding[k] = out.error[k] = (eps * (Math.abs(up) + Math.abs(down))) / (2 * h);
      out.right[k] = (up - value) / h;
      out.left[k] = (value - down) / h;
    }
    out.evaluations = partial.evaluations();
    return out;
  }
  richardsonPass(partial, list, relative, precision, out, noise);
  out.evaluations = partial.evaluations();
  return out;
}

/**
 * The keys DifferentiateOptions has: any other key given to differentiate or numericalGradient is refused.
 * A record of every key, so that an option added to the interface fails to compile until it is listed here.
 */
const DIFFERENTIATE_OPTION_KEY_SET: Readonly<Record<keyof DifferentiateOptions, true>> = { method: true, step: true, precision: true };
export const DIFFERENTIATE_OPTION_KEYS: readonly string[] = Object.keys(DIFFERENTIATE_OPTION_KEY_SET);

/** differentiatePartial for a black-box f at x. */
export function differentiate(f: ScalarFunction, x: ArrayLike<number>, options: DifferentiateOptions = {}, fn = "differentiate"): Derivatives {
  return differentiatePartial(blackBox(fn, f, x), checkOptions(fn, options, "options", DIFFERENTIATE_OPTION_KEYS), fn);
}

/**
 * The numerical gradient of f at x. Central differences by default (2n + 1 calls of f, error
 * ≈ ε|f|/h + h²|f'''|/6 ≈ 1e-10 for well-scaled f); `{ method: "richardson" }` for 6n + 1 calls
 * and errors near 1e-13. `differentiate` returns the error estimates too. f is called on a
 * private copy; x is not changed.
 *
 * @example
 * numericalGradient((x) => x[0] ** 2 + 3 * x[1], [2, 5]); // ≈ [4, 3]
 */
export function numericalGradient(f: ScalarFunction, x: ArrayLike<number>, options: DifferentiateOptions = {}): Float64Array {
  return differentiate(
    f,
    x,
    { method: "central", ...checkOptions("numericalGradient", options, "options", DIFFERENTIATE_OPTION_KEYS) },
    "numericalGradient",
  ).gradient;
}
