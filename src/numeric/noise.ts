/**
 * σ_f, the rounding noise in one evaluation of f: the floor under every error estimate. It is
 * measured, not assumed, from the noise probes N of the stencils (stencil.ts).
 */
import type { Partial } from "./evaluate.js";
import { probe, stencil, WIDTH } from "./stencil.js";

/** The value a fraction q of the way up the sorted values (lower, no interpolation); 0 for none. */
function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(q * (sorted.length - 1))];
}
const median = (values: readonly number[]): number => quantile(values, 0.5);
const lowerQuartile = (values: readonly number[]): number => quantile(values, 0.25);

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
export const NOISE_PROBES = 16;
/** The lower quartile of |Z| over its median: 0.3186 / 0.6745. */
const QUARTILE_OF_MEDIAN = 0.3186 / 0.6745;
const NOISE_STEP_DIVISOR = 64;

/**
 * σ_f from the probes at the stencils' own steps (`probes`, one per coordinate) and from
 * NOISE_PROBES extra stencils at h/64 (see above): the larger of the two candidates.
 */
export function measureNoise(partial: Partial, list: ArrayLike<number>, steps: Float64Array, probes: readonly number[], f0: number): number {
  const atStep = list.length >= NOISE_PROBES ? lowerQuartile(probes) / QUARTILE_OF_MEDIAN : 0;
  return Math.max(atStep, noiseLevel(partial, list, steps, f0));
}

/**
 * σ_f for each coordinate's rounding term: the larger of the global σ_f and the median of the
 * final probes (after retries) over a window of WINDOW coordinates around it (the global one
 * alone when there are few). The coordinate's own probe is a third candidate, taken where the
 * rounding term is formed: the largest of the three. Rounding noise differs between groups of coordinates — a
 * network's first-layer weights move every later operation, its last-layer weights few — and
 * neighbouring coordinates tend to belong to one group, so a local median follows it.
 */
export function localNoise(probes: readonly number[], count: number, floor: number): Float64Array {
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

/** The median probe of NOISE_PROBES stencils at steps h/64 (6 calls of f each), over the coordinates in turn. */
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
