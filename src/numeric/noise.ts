/**
 * σ_f, the rounding noise in one evaluation of f: the floor under every error estimate. It is
 * measured, not assumed, from the noise probes N of the stencils (stencil.ts).
 */
import type { Partial } from "./evaluate.js";
import { centreFreeProbe, plateau, probe, repeats, SCALE, signedProbe, stencil, WIDTH } from "./stencil.js";
import { KINK_NOISE, LADDER_RATIO, mayBeRounding, NOISE_FALL, NOISE_RELATIVE, roundingCap } from "./step.js";

/** The value a fraction q of the way up the sorted values (lower, no interpolation); 0 for none. */
function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(q * (sorted.length - 1))];
}
const median = (values: readonly number[]): number => quantile(values, 0.5);
const lowerQuartile = (values: readonly number[]): number => quantile(values, 0.25);

/**
 * σ_f, the rounding noise in one evaluation of f, is the median of the probes of NOISE_PROBES
 * stencils at smaller steps, h·2^(−j/16)/64, on coordinates spread across the whole layout
 * (strided: coordinate ⌊(j + ½)·m/16⌋ of the m active ones, never the first 16 by index,
 * which in a network's flat layout are all first-layer weights, all moving the same kinked
 * units). N's smooth part falls as h⁶ (64⁶ ≈ 7e10 times smaller than at h), while rounding
 * noise does not fall with the step, so these probes measure the noise alone even where f is
 * not quite smooth at the scale of h. Much smaller steps would not do: points that close
 * share most of their rounding (the same operations on nearly the same numbers round alike),
 * so their differences under-state the noise that steps of size h meet — measured: 1e3 times
 * too small on a saturated network. The median of 16 |Z| falls below half its expected value
 * with probability under 1e-3.
 *
 * Kink signal is never counted as noise. At a kink inside the stencil N falls only as h
 * (it is 7·jump·h), so a probe at h/64 near 1/64 of the probe at h may be a kink's: such a
 * probe is repeated at a step 8 times smaller, and where it falls there too (by more than
 * NOISE_FALL) it is signal and left out. (A probe near the one at h is noise; one far below
 * h's /64 is the smooth part gone. Only the ambiguous band costs the extra stencil.)
 *
 * With at least NOISE_PROBES coordinates, the probes at h itself give a second candidate, and
 * σ_f is the larger: where coordinates are smooth at h they measure the noise at the very steps
 * the estimates use. Only coordinates judged smooth at h count — their probe within
 * KINK_NOISE of the noise level from the small steps or of the structural rounding floor —
 * and their lower quartile is used, rescaled to the median (for |Z| the quartile is 0.473 of
 * the median), so that neither kinks nor a few rough coordinates can inflate σ_f, whatever
 * their fraction.
 */
export const NOISE_PROBES = 16;
/** The lower quartile of |Z| over its median: 0.3186 / 0.6745. */
const QUARTILE_OF_MEDIAN = 0.3186 / 0.6745;
const NOISE_STEP_DIVISOR = 64;

/**
 * σ_f from the probes at the stencils' own steps (`probes`, one per coordinate of `list`) and
 * from NOISE_PROBES extra stencils at h/64 (see above): the larger of the two candidates.
 * `floor` is the structural rounding floor (richardson.ts): a probe under KINK_NOISE × it is
 * judged smooth.
 */
export function measureNoise(
  partial: Partial,
  list: ArrayLike<number>,
  steps: Float64Array,
  probes: readonly number[],
  f0: number,
  floor: number,
  eps: number,
): number {
  const small = noiseLevel(partial, list, steps, probes, f0, floor, eps);
  if (list.length < NOISE_PROBES) return small;
  const limit = KINK_NOISE * Math.max(small, floor);
  const smooth = probes.filter((p) => p <= limit); // NaN and ∞ (overflowed sums) never count
  const atStep = smooth.length >= NOISE_PROBES ? lowerQuartile(smooth) / QUARTILE_OF_MEDIAN : 0;
  return Math.max(atStep, small);
}

/**
 * σ_f for each coordinate's rounding term: the larger of the global σ_f and the median of the
 * final probes over the WINDOW coordinates judged smooth (`smooth[c]` = 1) nearest to it in
 * the layout (the global one alone when there are few). The coordinate's own probe is a third
 * candidate, taken where the rounding term is formed: the largest of the three. Rounding noise
 * differs between groups of coordinates — a network's first-layer weights move every later
 * operation, its last-layer weights few — and neighbouring coordinates tend to belong to one
 * group, so a local median follows it. Kinks and coordinates the ladder could not settle do
 * not count: their probes are signal, not noise (nor, by the caller's mask, coordinates near a
 * domain edge: their rounding is their own, richardson.ts). The noise of the coordinates that move f through
 * the same inner value is a further floor (innerGroupNoise, taken beside this in richardson.ts).
 */
export function localNoise(probes: readonly number[], smooth: Uint8Array, floor: number): Float64Array {
  const count = probes.length;
  const sigmas = new Float64Array(count);
  let m = 0;
  for (let c = 0; c < count; c++) m += smooth[c];
  const kept = new Float64Array(m);
  const at = new Int32Array(m);
  for (let c = 0, q = 0; c < count; c++)
    if (smooth[c]) {
      kept[q] = probes[c];
      at[q++] = c;
    }
  if (kept.length <= WINDOW) return sigmas.fill(Math.max(floor, median(Array.from(kept))));
  const window = new Float64Array(WINDOW);
  let next = 0;
  for (let c = 0; c < count; c++) {
    while (next < at.length && at[next] < c) next++;
    const start = Math.min(Math.max(0, next - WINDOW / 2), kept.length - WINDOW);
    for (let q = 0; q < WINDOW; q++) {
      const v = kept[start + q];
      let r = q;
      for (; r > 0 && window[r - 1] > v; r--) window[r] = window[r - 1];
      window[r] = v;
    }
    sigmas[c] = Math.max(floor, window[(WINDOW - 1) >> 1]);
  }
  return sigmas;
}
const WINDOW = 16;

/**
 * Per coordinate, the noise of the coordinates that move f through the same inner value as it (the
 * same g_k²/curvature_k, `inner`, to INNER_SAME; NaN: unknown): the upper quartile of their probes,
 * rescaled to the median, over groups of at least two. A smooth probe never over-states f's
 * noise, but it under-states it where its stencil moves f's inner values little, and their
 * rounding is then shared (see measureNoise). Found by test:deep (seed 2): e = (tanh(w·u + b) − y)²
 * near a perfect fit with u = (8.9e-8, 3.0e-8): a step of w_0 moves s by 7e-10, its probe read 6e-27
 * and the bias's 5e-22 (tanh's rounding felt at 2|x − y|); the median of the three took w_0's, and
 * the slope's bias from that shared rounding failed a right ∂e/∂w_0 at 5.4× its bound. Groups, not
 * all neighbours: sqrt(x_0) + acosh(x_1) near 1 share no inner value, and acosh's own noise must not
 * blunt sqrt's bound.
 */
export function innerGroupNoise(probes: readonly number[], inner: Float64Array): Float64Array {
  const count = probes.length;
  const out = new Float64Array(count);
  const order = Array.from({ length: count }, (_, c) => c).filter((c) => Number.isFinite(inner[c]) && inner[c] !== 0);
  order.sort((a, b) => inner[a] - inner[b]);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && Math.abs(inner[order[end]] - inner[order[start]]) <= INNER_SAME * Math.abs(inner[order[start]])) end++;
    if (end - start >= 2) {
      const members = Float64Array.from(order.slice(start, end), (c) => probes[c]).sort();
      const level = members[Math.ceil(0.75 * (members.length - 1))] / UPPER_OF_MEDIAN;
      for (let q = start; q < end; q++) out[order[q]] = level;
    }
    start = end;
  }
  return out;
}
/** Two coordinates share an inner value where their g²/curvature agree to this fraction. */
const INNER_SAME = 1e-3;
/** The upper quartile of |Z| over its median: 1.1503 / 0.6745. */
const UPPER_OF_MEDIAN = 1.1503 / 0.6745;

/** Which of the m coordinates the j-th noise probe takes: strided across the layout. */
export function noiseCoordinate(j: number, m: number): number {
  return m >= NOISE_PROBES ? Math.floor(((j + 0.5) * m) / NOISE_PROBES) : j % m;
}

/**
 * The median probe of NOISE_PROBES stencils at steps h/64 (6 calls of f each) on coordinates
 * strided across the layout, leaving out probes that are signal: above what rounding can be
 * (step.ts, `roundingCap`), or suspect and confirmed. A probe above KINK_NOISE × the
 * structural rounding floor, or in a kink's band, is repeated at a step 8 times smaller: signal
 * falls with the step (by more than NOISE_FALL) or repeats itself (stencil.ts, `repeats`: across
 * a pole E ≈ −2 f(x) at every step), noise does neither. (The structural floor is no upper bound
 * on rounding — terms that are constants plus something small, e^{x/2} at x = 0, have
 * |∂f/∂x_k·x_k| = 0 — so a probe above it is only suspect, never discarded unseen.)
 */
function noiseLevel(
  partial: Partial,
  list: ArrayLike<number>,
  steps: Float64Array,
  probes: readonly number[],
  f0: number,
  floor: number,
  eps: number,
): number {
  if (list.length === 0) return 0;
  const scratch = new Float64Array(WIDTH);
  const kept: number[] = [];
  for (let j = 0; j < NOISE_PROBES; j++) {
    const c = noiseCoordinate(j, list.length);
    const h = (steps[c] * 2 ** (-j / NOISE_PROBES)) / NOISE_STEP_DIVISOR;
    stencil(partial, list[c], h, f0, scratch);
    const p = probe(scratch);
    if (!Number.isFinite(p) || p > Math.max(roundingCap(floor, eps, scratch[SCALE]), NOISE_RELATIVE * scratch[SCALE])) continue;
    // A jump inside the stencil is signal whatever its size next to f (stencil.ts, `plateau`).
    if (!mutation.noPlateau && plateau(scratch, h)) continue;
    const scale = scratch[SCALE];
    const n1 = signedProbe(scratch);
    const m1 = centreFreeProbe(scratch);
    const kinkBand = p > 0 && p < (NOISE_FALL * probes[c]) / NOISE_STEP_DIVISOR && p * NOISE_STEP_DIVISOR * NOISE_FALL > probes[c];
    if (kinkBand || p > KINK_NOISE * floor) {
      stencil(partial, list[c], h / LADDER_RATIO, f0, scratch);
      if (probe(scratch) < p / NOISE_FALL || repeats(n1, signedProbe(scratch))) continue;
      // The band's sign test (step.ts, `mayBeRounding`) is taken on the probes that hold no f(x)
      // (stencil.ts, `centreFreeProbe`), not on N: every N here shares f(x)'s own noise, with
      // weight −90 of N's √17094 (47 % of its variance), and where that draw is large (|Z| ≳ 1.3)
      // it gives all 16 probes one sign. Their signs then rarely flip, the few that do are those
      // near 0, and σ_f fell to the structural floor: 1e-5 σ on f + σ·Z at n = 16 for 4 draws in
      // 40, at n = 32 for 3 (σ = 1e-10 to 1e-6; test/noise-calibration.test.ts). A signal that
      // drifts with the step keeps its sign in these probes too.
      const repeat = centreSignTest ? signedProbe(scratch) : centreFreeProbe(scratch);
      if (!mayBeRounding(p, centreSignTest ? n1 : m1, repeat, floor, eps, scale)) continue;
      // Two draws of the noise, kept by tests on both: their mean, which scatters less than either.
      kept.push((p + probe(scratch)) / 2);
      continue;
    }
    kept.push(p);
  }
  return median(kept);
}

/** Test-only seam (set through richardson.ts, setLadderMutation): the band's sign test on N itself, which shares f(x)'s draw (the rule before 2026-12-03). */
let centreSignTest = false;
/** Test-only seam: plateaus counted as noise (the rule before the sharp-sigmoid-beside-a-pole find). */
const mutation = { noPlateau: false };
export function setNoPlateau(on: boolean): void {
  mutation.noPlateau = on;
}
export function setCentreSignTest(on: boolean): void {
  centreSignTest = on;
}
