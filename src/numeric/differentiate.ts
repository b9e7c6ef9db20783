/**
 * Central differences and Richardson extrapolation over them, coordinate by coordinate,
 * each with an estimate of its own error.
 */
import { InvalidArgumentError } from "../base/errors.js";
import { blackBox, type Partial, type ScalarFunction } from "./evaluate.js";
import { CENTRAL_STEP, EPSILON_32, EPSILON_64, RICHARDSON_STEP, stepAt } from "./step.js";

/** How the numerical derivative is taken: central differences, or Richardson extrapolation over them. */
export type Method = "central" | "richardson";
/** The floating-point precision f computes in, which sets its rounding error ε_f. */
export type Precision = "float64" | "float32";

/** Options for the numerical differentiator. */
export interface DifferentiateOptions {
  /** "central": 2 evaluations per coordinate. "richardson" (default): 6, and an error estimate that includes truncation. */
  method?: Method;
  /** Relative step; defaults to CENTRAL_STEP or RICHARDSON_STEP. */
  step?: number;
  /** The precision f computes in; sets ε_f for the rounding estimate. */
  precision?: Precision;
}

/** The numerical gradient with, per coordinate, its error estimate and the evidence behind it. */
export interface Derivatives {
  /** The numerical gradient. */
  gradient: Float64Array;
  /** Per coordinate, an estimate of |numeric − true| (truncation + rounding for "richardson", rounding only for "central"). */
  error: Float64Array;
  /** Per coordinate, the rounding part of the error: ε_f·|f|/h amplified by the stencil. The floor no step can beat. */
  rounding: Float64Array;
  /** Per coordinate, the first step taken. */
  step: Float64Array;
  /** Per coordinate, the one-sided slopes [f(x+h) − f(x)]/h and [f(x) − f(x−h)]/h at the smallest step: a kink shows as their disagreement. */
  right: Float64Array;
  left: Float64Array;
  /** f(x). */
  value: number;
  method: Method;
  /** Calls of f. "central" costs 2n + 1, "richardson" 6n + 1. */
  evaluations: number;
}

export function epsilonOf(precision: Precision): number {
  return precision === "float32" ? EPSILON_32 : EPSILON_64;
}

/**
 * Differentiates every coordinate of a Partial.
 *
 * central:    D(h) = [f(x + h) − f(x − h)] / 2h
 * richardson: D1 = D(h), D2 = D(h/2), D3 = D(h/4);
 *             R = (64 D3 − 20 D2 + D1) / 45     (cancels the h² and h⁴ terms),
 *             error ≈ |R − (4 D3 − D2)/3|  (the gap to the h⁴-accurate estimate) + rounding
 * rounding:   ε_f·|f(x)|/h per difference quotient, amplified by the stencil's weights:
 *             1 for central, (64·4 + 20·2 + 1)/45 ≈ 6.6 for richardson.
 */
export function differentiatePartial(partial: Partial, options: DifferentiateOptions = {}, fn = "numericalGradient"): Derivatives {
  const method = options.method ?? "richardson";
  if (method !== "central" && method !== "richardson") throw new InvalidArgumentError(fn, "options.method", '"central" or "richardson"', method);
  const relative = options.step ?? (method === "central" ? CENTRAL_STEP : RICHARDSON_STEP);
  if (typeof relative !== "number" || !(relative > 0) || !Number.isFinite(relative))
    throw new InvalidArgumentError(fn, "options.step", "a positive finite number", relative);
  const precision = options.precision ?? "float64";
  if (precision !== "float64" && precision !== "float32") throw new InvalidArgumentError(fn, "options.precision", '"float64" or "float32"', precision);
  const eps = epsilonOf(precision);
  const { n } = partial;
  const out: Derivatives = {
    gradient: new Float64Array(n),
    error: new Float64Array(n),
    rounding: new Float64Array(n),
    step: new Float64Array(n),
    right: new Float64Array(n),
    left: new Float64Array(n),
    value: partial.value(0, 0),
    method,
    evaluations: 0,
  };
  const f0 = out.value;
  for (let k = 0; k < n; k++) {
    const h = stepAt(partial.at(k), relative);
    out.step[k] = h;
    if (method === "central") {
      const up = partial.value(k, h);
      const down = partial.value(k, -h);
      out.gradient[k] = (up - down) / (2 * h);
      out.rounding[k] = (eps * (Math.abs(up) + Math.abs(down))) / (2 * h);
      out.error[k] = out.rounding[k];
      out.right[k] = (up - f0) / h;
      out.left[k] = (f0 - down) / h;
      continue;
    }
    let scale = Math.abs(f0);
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let m = 0, hm = h; m < 3; m++, hm /= 2) {
      const up = partial.value(k, hm);
      const down = partial.value(k, -hm);
      scale = Math.max(scale, Math.abs(up), Math.abs(down));
      const d = (up - down) / (2 * hm);
      if (m === 0) d1 = d;
      else if (m === 1) d2 = d;
      else {
        d3 = d;
        out.right[k] = (up - f0) / hm;
        out.left[k] = (f0 - down) / hm;
      }
    }
    const r = (64 * d3 - 20 * d2 + d1) / 45;
    const rounding = (((64 * 4 + 20 * 2 + 1) / 45) * eps * scale) / h;
    out.gradient[k] = r;
    out.rounding[k] = rounding;
    out.error[k] = Math.abs(r - (4 * d3 - d2) / 3) + rounding;
  }
  out.evaluations = partial.evaluations();
  return out;
}

/** differentiatePartial for a black-box f at x. */
export function differentiate(f: ScalarFunction, x: ArrayLike<number>, options: DifferentiateOptions = {}, fn = "differentiate"): Derivatives {
  return differentiatePartial(blackBox(fn, f, x), options, fn);
}

/**
 * The numerical gradient of f at x, by central differences (the default here, 2n + 1 calls
 * of f) or Richardson extrapolation (6n + 1 calls, far more accurate). f is called on a
 * private copy; x is not changed.
 *
 * @example
 * numericalGradient((x) => x[0] ** 2 + 3 * x[1], [2, 5]); // ≈ [4, 3]
 */
export function numericalGradient(f: ScalarFunction, x: ArrayLike<number>, options: DifferentiateOptions = {}): Float64Array {
  return differentiate(f, x, { method: "central", ...options }, "numericalGradient").gradient;
}
