/**
 * Central differences and Richardson extrapolation over them, coordinate by coordinate,
 * each with an estimate of its own error, and a flag where f has a kink inside the stencil.
 */
import { FunctionEvaluationError, InvalidArgumentError } from "../base/errors.js";
import { blackBox, type Partial, type ScalarFunction } from "./evaluate.js";
import { type Precision, precisions } from "./precision.js";
import {
  centralStep,
  epsilonOf,
  KINK_NOISE,
  KINK_RATIO,
  MAX_RETRIES,
  NOISE_NORM,
  RETRY_RATIO,
  RICHARDSON_NOISE_GAIN,
  richardsonStep,
  stepAt,
} from "./step.js";

export type Method = "central" | "richardson";
export type { Precision } from "./precision.js";

export interface DifferentiateOptions {
  /** "richardson" (default): 6 evaluations per coordinate, error estimate with truncation. "central": 2, rounding estimate only. */
  method?: Method;
  /** Relative step h/max(1, |x_k|); defaults to ∛ε for central, 2^−7 (float64) or 2^−4 (float32) for richardson. */
  step?: number;
  /** The precision f computes in ("float64" default, or "float32" for code that rounds with Math.fround). */
  precision?: Precision;
}

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
  /** Per coordinate, the one-sided slopes [f(x) − f(x − h)]/h and [f(x + h) − f(x)]/h at the smallest step. */
  left: Float64Array;
  right: Float64Array;
  /** f(x). */
  value: number;
  /** The estimated size of the rounding noise in one evaluation of f (at least ε_f·|f(x)|). */
  noise: number;
  method: Method;
  precision: Precision;
  /** Calls of f: central 2 per coordinate + 1, richardson 6 per coordinate + 1 (more where the step is retried). */
  evaluations: number;
}

/** Options checked and defaulted. */
export function resolveDifferentiateOptions(fn: string, options: DifferentiateOptions): Required<DifferentiateOptions> {
  const method = options.method ?? "richardson";
  if (method !== "central" && method !== "richardson") throw new InvalidArgumentError(fn, "options.method", '"central" or "richardson"', method);
  const precision = options.precision ?? "float64";
  if (!precisions.includes(precision)) throw new InvalidArgumentError(fn, "options.precision", '"float64" or "float32"', precision);
  const step = options.step ?? (method === "central" ? centralStep(precision) : richardsonStep(precision));
  if (typeof step !== "number" || !(step > 0) || !Number.isFinite(step)) throw new InvalidArgumentError(fn, "options.step", "a positive finite number", step);
  return { method, precision, step };
}

/** Scratch for one stencil: D_1..3, E_1..3, right and left slopes, and the largest |f| seen. */
const D = 0;
const E = 3;
const RIGHT = 6;
const LEFT = 7;
const SCALE = 8;

/**
 * The Richardson stencil at step h: D_m = [f(x + h_m) − f(x − h_m)] / 2h_m and the even parts
 * E_m = f(x + h_m) + f(x − h_m) − 2 f(x), for h_m = h, h/2, h/4.
 */
function stencil(partial: Partial, k: number, h: number, f0: number, s: Float64Array): void {
  s[SCALE] = Math.abs(f0);
  for (let m = 0; m < 3; m++) {
    const hm = h / 2 ** m;
    const up = partial.value(k, hm);
    const down = partial.value(k, -hm);
    s[D + m] = (up - down) / (2 * hm);
    s[E + m] = up + down - 2 * f0;
    s[SCALE] = Math.max(s[SCALE], Math.abs(up), Math.abs(down));
    if (m === 2) {
      s[RIGHT] = (up - f0) / hm;
      s[LEFT] = (f0 - down) / hm;
    }
  }
}

/** R = (64 D_3 − 20 D_2 + D_1)/45 cancels the h² and h⁴ terms; |R − (4 D_3 − D_2)/3| estimates its truncation error. */
const extrapolate = (s: Float64Array): number => (64 * s[D + 2] - 20 * s[D + 1] + s[D]) / 45;
const truncation = (s: Float64Array): number => Math.abs(extrapolate(s) - (4 * s[D + 2] - s[D + 1]) / 3);

/** Non-finite values near x mean the stencil reached past f's domain (log near 0, say): shrink the step. */
const isDomainEdge = (error: unknown): boolean => error instanceof FunctionEvaluationError && typeof error.cause === "number";
const DOMAIN_RETRIES = 12;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1];
}

/**
 * Differentiates the coordinates `coordinates` (default: all) of a Partial.
 *
 * central:    D(h) = [f(x + h) − f(x − h)] / 2h;  error ≈ ε_f (|f(x+h)| + |f(x−h)|) / 2h (rounding only)
 * richardson: R = (64 D(h/4) − 20 D(h/2) + D(h)) / 45, error ≈ |R − (4 D(h/4) − D(h/2))/3| + 4.07 σ_f/h,
 *             with σ_f the noise in f estimated from the even parts (see step.ts); the step is
 *             shrunk where f leaves its domain or varies faster than the step can resolve.
 */
export function differentiatePartial(partial: Partial, options: DifferentiateOptions = {}, fn = "numericalGradient", coordinates?: ArrayLike<number>): Derivatives {
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
    left: new Float64Array(n),
    right: new Float64Array(n),
    value,
    noise: eps * Math.abs(value),
    method,
    precision,
    evaluations: 0,
  };
  const list = coordinates ?? Array.from({ length: n }, (_, k) => k);
  if (method === "central") {
    for (let c = 0; c < list.length; c++) {
      const k = list[c];
      const h = stepAt(partial.at(k), relative, precision);
      const up = partial.value(k, h);
      const down = partial.value(k, -h);
      out.step[k] = h;
      out.gradient[k] = (up - down) / (2 * h);
      out.rounding[k] = out.error[k] = (eps * (Math.abs(up) + Math.abs(down))) / (2 * h);
      out.right[k] = (up - value) / h;
      out.left[k] = (value - down) / h;
    }
    out.evaluations = partial.evaluations();
    return out;
  }
  const s = new Float64Array(9);
  const best = new Float64Array(9);
  const evens = new Float64Array(3 * list.length);
  const truncations = new Float64Array(list.length);
  for (let c = 0; c < list.length; c++) {
    const k = list[c];
    let h = stepAt(partial.at(k), relative, precision);
    for (let tries = 0; ; tries++) {
      try {
        stencil(partial, k, h, value, s);
        break;
      } catch (error) {
        if (!isDomainEdge(error) || tries === DOMAIN_RETRIES) throw error;
        h = stepAt(partial.at(k), (h / 8) / Math.max(1, Math.abs(partial.at(k))), precision);
      }
    }
    best.set(s);
    let bestH = h;
    let bestError = truncation(s) + (RICHARDSON_NOISE_GAIN * eps * s[SCALE]) / h;
    for (let tries = 0; tries < MAX_RETRIES && truncation(best) > (RETRY_RATIO * RICHARDSON_NOISE_GAIN * eps * best[SCALE]) / bestH; tries++) {
      h /= 8;
      stencil(partial, k, h, value, s);
      const error = truncation(s) + (RICHARDSON_NOISE_GAIN * eps * s[SCALE]) / h;
      if (!(error < bestError)) break;
      best.set(s);
      bestH = h;
      bestError = error;
    }
    out.step[k] = bestH;
    out.gradient[k] = extrapolate(best);
    out.right[k] = best[RIGHT];
    out.left[k] = best[LEFT];
    evens.set(best.subarray(E, E + 3), 3 * c);
    truncations[c] = truncation(best);
  }
  judgeNoiseAndKinks(out, list, evens, truncations, eps);
  out.evaluations = partial.evaluations();
  return out;
}

/**
 * Second pass, once every stencil is in: σ_f from the noise probes N = E_1 − 20 E_2 + 64 E_3
 * (median over coordinates whose even parts do not grow like h, so that kinks and one
 * coordinate's curvature cannot inflate it), kink flags, and each coordinate's
 * error = truncation + 4.07 σ_f / h.
 */
function judgeNoiseAndKinks(out: Derivatives, list: ArrayLike<number>, evens: Float64Array, truncations: Float64Array, eps: number): void {
  const probe = (c: number): number => Math.abs(evens[3 * c] - 20 * evens[3 * c + 1] + 64 * evens[3 * c + 2]) / NOISE_NORM;
  const isKink = (c: number, sigma: number): boolean => {
    const [e1, e2, e3] = [evens[3 * c], evens[3 * c + 1], evens[3 * c + 2]];
    const grows = (small: number, large: number): boolean => Math.abs(small) > KINK_NOISE * sigma && small / large > KINK_RATIO;
    return grows(e3, e2) || grows(e2, e1);
  };
  const floor = eps * Math.abs(out.value);
  const all = Array.from({ length: list.length }, (_, c) => c);
  const sigma = Math.max(floor, median(all.filter((c) => !isKink(c, floor)).map(probe)));
  out.noise = sigma;
  for (let c = 0; c < list.length; c++) {
    const k = list[c];
    out.kink[k] = isKink(c, sigma) ? 1 : 0;
    out.rounding[k] = (RICHARDSON_NOISE_GAIN * sigma) / out.step[k];
    out.error[k] = truncations[c] + out.rounding[k];
  }
}

/** differentiatePartial for a black-box f at x. */
export function differentiate(f: ScalarFunction, x: ArrayLike<number>, options: DifferentiateOptions = {}, fn = "differentiate"): Derivatives {
  return differentiatePartial(blackBox(fn, f, x), options, fn);
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
  return differentiate(f, x, { method: "central", ...options }, "numericalGradient").gradient;
}
