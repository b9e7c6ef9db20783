/**
 * Central differences and Richardson extrapolation over them, coordinate by coordinate,
 * each with an estimate of its own error, and a flag where f has a kink inside the stencil.
 */
import { checkOptions, FunctionEvaluationError, InvalidArgumentError } from "../base/errors.js";
import { blackBox, type Partial, type ScalarFunction } from "./evaluate.js";
import { type Precision, precisions } from "./precision.js";
import { centralStep, epsilonOf, KINK_NOISE, NOISE_NORM, RICHARDSON_NOISE_GAIN, richardsonStep, stepAt } from "./step.js";

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

/** The noise probe N = E_1 − 20 E_2 + 64 E_3, in units of σ_f (see step.ts): O(h⁶) for smooth f, large at a kink. */
const probe = (s: Float64Array): number => Math.abs(s[E] - 20 * s[E + 1] + 64 * s[E + 2]) / NOISE_NORM;

/**
 * σ_f for each coordinate's rounding term: the larger of the global σ_f and the median of the
 * final probes (after retries) over a window of WINDOW coordinates around it (the global one
 * alone when there are few). The coordinate's own probe is a third candidate, taken where the
 * rounding term is formed: the largest of the three. Rounding noise differs between groups of coordinates — a
 * network's first-layer weights move every later operation, its last-layer weights few — and
 * neighbouring coordinates tend to belong to one group, so a local median follows it.
 */
function localNoise(probes: readonly number[], count: number, floor: number): Float64Array {
  const sigmas = new Float64Array(count);
  if (probes.length <= WINDOW) return sigmas.fill(Math.max(floor, median(probes)));
  const window = new Float64Array(WINDOW);
  for (let c = 0; c < count; c++) {
    const start = Math.min(Math.max(0, c - WINDOW / 2), count - WINDOW);
    for (let q = 0; q < WINDOW; q++) {
      const v = probes[start + q];
      let r = q;
      for (; r > 0 && window[r - 1] > v; r--) window[r] = window[r - 1];
      window[r] = v;
    }
    sigmas[c] = Math.max(floor, window[(WINDOW - 1) >> 1]);
  }
  return sigmas;
}
const WINDOW = 16;

/** σ_f from NOISE_PROBES stencils at tiny steps (6 calls of f each), over the coordinates in turn. */
function noiseLevel(partial: Partial, list: ArrayLike<number>, steps: Float64Array, f0: number): number {
  if (list.length === 0) return 0;
  const scratch = new Float64Array(WIDTH);
  const probes: number[] = [];
  for (let j = 0; j < NOISE_PROBES; j++) {
    const c = j % list.length;
    stencil(partial, list[c], (steps[c] * 2 ** (-j / NOISE_PROBES)) / NOISE_STEP_DIVISOR, f0, scratch);
    probes.push(probe(scratch));
  }
  return median(probes);
}

/** Non-finite values near x mean the stencil reached past f's domain (log near 0, say): shrink the step. */
const isDomainEdge = (error: unknown): boolean => error instanceof FunctionEvaluationError && typeof error.cause === "number";
const DOMAIN_RETRIES = 12;

/** The lower median; a Float64Array sorts numerically without a comparator call per comparison. */
/** The value a fraction q of the way up the sorted values (lower, no interpolation); 0 for none. */
function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(q * (sorted.length - 1))];
}
const median = (values: readonly number[]): number => quantile(values, 0.5);
const lowerQuartile = (values: readonly number[]): number => quantile(values, 0.25);

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
  richardsonPass(partial, list, relative, precision, out, noise);
  out.evaluations = partial.evaluations();
  return out;
}

/** Stencils for every coordinate, one row of WIDTH numbers each, then the judgement. */
const WIDTH = 9;
/**
 * σ_f, the rounding noise in one evaluation of f, is the median of NOISE_PROBES probes taken
 * with stencils at smaller steps, h·2^(−j/16)/64 on coordinates in turn: N's smooth part falls as
 * h⁶ (64⁶ ≈ 7e10 times smaller than at h), while rounding noise does not fall with the step, so
 * these probes measure the noise alone even where f is not quite smooth at the scale of h.
 * Much smaller steps would not do: points that close share most of their rounding (the same
 * operations on nearly the same numbers round alike), so their differences under-state the
 * noise that steps of size h meet — measured: 1e3 times too small on a saturated network. The
 * median of 16 |Z| falls below half its expected value with probability under 1e-3.
 * With at least NOISE_PROBES coordinates, the probes at h itself give a second candidate, and
 * σ_f is the larger: where most coordinates are smooth at h they measure the noise at the very
 * steps the estimates use. Their lower quartile is used, rescaled to the median (for |Z| the
 * quartile is 0.473 of the median), so that up to three quarters of the coordinates may be
 * rough (relu units near their kinks, say) without inflating σ_f; with fewer coordinates, one
 * rough coordinate would set it.
 */
const NOISE_PROBES = 16;
/** The lower quartile of |Z| over its median: 0.3186 / 0.6745. */
const QUARTILE_OF_MEDIAN = 0.3186 / 0.6745;
const NOISE_STEP_DIVISOR = 64;
/** Step shrinks by 8 at a time, at most this often: 8^6 ≈ 2.6e5, so a first step of 2^−7 can come down to 3e-8. */
const MAX_RETRIES = 6;

/**
 * Two passes. First, a stencil at the default step for every coordinate, shrinking the step
 * where f leaves its domain; σ_f is then the median noise probe |N|/NOISE_NORM (a median, so
 * that a few non-smooth coordinates cannot inflate it). Second, where N stands out of the
 * noise, f is not smooth at the scale of the step (a kink, a pole or a domain edge near x,
 * or a very short scale): the stencil is tried again at h/8, up to MAX_RETRIES times, until N
 * settles into the noise, and the last stencil is kept. (Keeping a larger step whose estimate
 * "agrees" would be wrong at a kink right at x: every step then gives the same average of the
 * two one-sided slopes.) A coordinate whose N never settles is marked as a kink. "Noise" is
 * measured against max(σ_f, ε·max|f| over the stencil): f's rounding grows with the values the
 * stencil meets, which may be far larger than f(x).
 */
function richardsonPass(partial: Partial, list: ArrayLike<number>, relative: number, precision: Precision, out: Derivatives, noise: NoiseHint): void {
  const eps = epsilonOf(precision);
  const rows = new Float64Array(WIDTH * list.length);
  const steps = new Float64Array(list.length);
  /** One row at a time, copied in and out of `rows` (a view per coordinate would allocate 10⁵ of them at n = 10⁵). */
  const row = new Float64Array(WIDTH);
  const load = (c: number): Float64Array => {
    for (let q = 0; q < WIDTH; q++) row[q] = rows[WIDTH * c + q];
    return row;
  };
  for (let c = 0; c < list.length; c++) {
    const k = list[c];
    let h = stepAt(partial.at(k), relative, precision);
    for (let tries = 0; ; tries++) {
      try {
        stencil(partial, k, h, out.value, row);
        rows.set(row, WIDTH * c);
        break;
      } catch (error) {
        if (!isDomainEdge(error) || tries === DOMAIN_RETRIES) throw error;
        h = stepAt(partial.at(k), h / 8 / Math.max(1, Math.abs(partial.at(k))), precision);
      }
    }
    steps[c] = h;
  }
  const probes = Array.from({ length: list.length }, (_, c) => probe(load(c)));
  const atStep = list.length >= NOISE_PROBES ? lowerQuartile(probes) / QUARTILE_OF_MEDIAN : 0;
  const measured = noise.measured ?? Math.max(atStep, noiseLevel(partial, list, steps, out.value));
  const sigma = Math.max(eps * Math.abs(out.value), noise.floor ?? 0, measured);
  out.noise = sigma;
  /** f's own rounding at the values the stencil met: at least ε·max|f| there. */
  const local = (s: Float64Array): number => Math.max(sigma, eps * s[SCALE]);
  const rough = (p: number, s: Float64Array): boolean => p > KINK_NOISE * local(s);
  for (let c = 0; c < list.length; c++) {
    const k = list[c];
    load(c);
    for (let tries = 0; rough(probes[c], row) && tries < MAX_RETRIES; tries++) {
      steps[c] = stepAt(partial.at(k), steps[c] / 8 / Math.max(1, Math.abs(partial.at(k))), precision);
      stencil(partial, k, steps[c], out.value, row);
      rows.set(row, WIDTH * c);
      probes[c] = probe(row);
    }
    if (rough(probes[c], row)) out.kink[k] = 1;
  }
  const sigmas = localNoise(probes, list.length, sigma);
  for (let c = 0; c < list.length; c++) {
    const k = list[c];
    load(c);
    out.step[k] = steps[c];
    out.gradient[k] = extrapolate(row);
    out.right[k] = row[RIGHT];
    out.left[k] = row[LEFT];
    out.rounding[k] = (RICHARDSON_NOISE_GAIN * Math.max(sigmas[c], probes[c], local(row))) / steps[c];
    out.error[k] = truncation(row) + out.rounding[k];
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
  return differentiate(f, x, { method: "central", ...checkOptions("numericalGradient", options) }, "numericalGradient").gradient;
}
