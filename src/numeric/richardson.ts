/**
 * Richardson extrapolation over central differences, every coordinate with an error estimate
 * built from measured noise, steps shrunk where f is not smooth at their scale, and kinks flagged.
 */
import { FunctionEvaluationError } from "../base/errors.js";
import type { Derivatives, NoiseHint } from "./differentiate.js";
import type { Partial } from "./evaluate.js";
import { localNoise, measureNoise } from "./noise.js";
import type { Precision } from "./precision.js";
import { extrapolate, isFlat, LEFT, probe, RIGHT, SCALE, stencil, truncation, WIDTH } from "./stencil.js";
import { epsilonOf, KINK_NOISE, RICHARDSON_NOISE_GAIN, stepAt } from "./step.js";

/** Non-finite values near x mean the stencil reached past f's domain (log near 0, say): shrink the step. */
const isDomainEdge = (error: unknown): boolean => error instanceof FunctionEvaluationError && typeof error.cause === "number";
const DOMAIN_RETRIES = 12;

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
export function richardsonPass(
  partial: Partial,
  list: ArrayLike<number>,
  relative: number,
  precision: Precision,
  out: Derivatives,
  noise: NoiseHint,
): void {
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
  // Coordinates that do not move f at all (f(x ± h e_k) = f(x) exactly: a weight on a zero input,
  // say) show no noise either; counting their zero probes would understate it.
  const probes: number[] = [];
  const active: number[] = [];
  for (let c = 0; c < list.length; c++) {
    probes.push(probe(load(c)));
    if (!isFlat(row)) active.push(c);
  }
  const measured =
    noise.measured ??
    measureNoise(
      partial,
      active.map((c) => list[c]),
      Float64Array.from(active, (c) => steps[c]),
      active.map((c) => probes[c]),
      out.value,
    );
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
