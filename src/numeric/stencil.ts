/**
 * One Richardson stencil along one coordinate: the row of numbers every later judgement reads
 * (D_m, E_m, one-sided slopes, the largest |f| met), and what it yields: the extrapolated
 * derivative, its truncation estimate and the noise probe.
 */
import type { Partial } from "./evaluate.js";
import { GRID_SPAN, NOISE_NORM, PROBE_COEFFICIENTS } from "./step.js";

/** Numbers in one row. */
export const WIDTH = 14;
/**
 * Scratch for one stencil: D_1..3, E_1..3, right and left slopes, the largest |f| seen, f's value
 * grid where this stencil shows one (step.ts, GRID_SPAN; else 0), the gcd of its differences (0
 * where no coarser than float64's own grid), the least |D_m| among the steps at which f moved both
 * ways (f(x + h_m) − f(x) and f(x − h_m) − f(x) nonzero, of opposite signs; 0 at none), and the
 * least nonzero |f(x ± h_m) − f(x)| (0 where f did not move), and 1 where f equals f(x) bit for bit
 * at all three steps on one side of x (flat there: a plateau's side), else 0.
 */
export const D = 0;
export const E = 3;
export const RIGHT = 6;
export const LEFT = 7;
export const SCALE = 8;
export const GRID = 9;
export const GCD = 10;
export const BOTH_WAYS = 11;
export const LEAST_MOVE = 12;
export const ONE_SIDED = 13;

/**
 * The Richardson stencil at step h: D_m = [f(x + h_m) − f(x − h_m)] / 2h_m and the even parts
 * E_m = [f(x + h_m) − f(x)] + [f(x − h_m) − f(x)], for h_m = h, h/2, h/4.
 */
export function stencil(partial: Partial, k: number, h: number, f0: number, s: Float64Array): void {
  s[SCALE] = Math.abs(f0);
  for (let m = 0; m < 3; m++) {
    const hm = h / 2 ** m;
    const up = partial.value(k, hm);
    const down = partial.value(k, -hm);
    s[D + m] = (up - down) / (2 * hm);
    // (up − f0) + (down − f0), not up + down − 2 f0: the same value where nothing overflows,
    // and finite for f near the largest float64 (weights of 1e308).
    s[E + m] = up - f0 + (down - f0);
    s[SCALE] = Math.max(s[SCALE], Math.abs(up), Math.abs(down));
    if (m === 2) {
      s[RIGHT] = (up - f0) / hm;
      s[LEFT] = (f0 - down) / hm;
    }
    differences[2 * m] = up - f0;
    differences[2 * m + 1] = down - f0;
  }
  valueGrid(s);
  moves(s);
}

/** Into s[BOTH_WAYS], s[LEAST_MOVE] and s[ONE_SIDED], from the six differences (see WIDTH). */
function moves(s: Float64Array): void {
  s[BOTH_WAYS] = 0;
  s[LEAST_MOVE] = 0;
  const d = differences;
  s[ONE_SIDED] = (d[0] === 0 && d[2] === 0 && d[4] === 0) || (d[1] === 0 && d[3] === 0 && d[5] === 0) ? 1 : 0;
  for (let m = 0; m < 3; m++) {
    const [up, down] = [d[2 * m], d[2 * m + 1]];
    // Signs, not the product: two moves of ~1e-236 multiply to −0 (a linear f of coefficients ~1e-220
    // cancelling to 0 at x, `npm test` seed 1586499963), and f moving both ways read as moving one way.
    if (productSign ? up * down < 0 : (up > 0 && down < 0) || (up < 0 && down > 0))
      s[BOTH_WAYS] = s[BOTH_WAYS] > 0 ? Math.min(s[BOTH_WAYS], Math.abs(s[D + m])) : Math.abs(s[D + m]);
    least(Math.abs(up), s);
    least(Math.abs(down), s);
  }
}
const least = (move: number, s: Float64Array): void => {
  if (move > 0 && !(s[LEAST_MOVE] > 0 && s[LEAST_MOVE] <= move)) s[LEAST_MOVE] = move;
};

/** The six differences f(x ± h_m) − f(x) of the last stencil (reused: no allocation per stencil). */
const differences = new Float64Array(6);

/**
 * Into s[GCD], the exact gcd of the six differences (Euclid's algorithm; % is exact on doubles):
 * every value the stencil met lies on a grid of this spacing; 0 where it is no coarser than 2^−60
 * of the largest difference (float64's own grid: nothing to learn), which also bounds Euclid's
 * steps. Into s[GRID], the quantum of f's value grid this stencil shows (step.ts, GRID_SPAN), or 0:
 * that gcd, where it is at most 1/GRID_SPAN of the largest difference and the probe is not 0 but
 * within what rounding to it can make. (A probe of exactly 0 is exact arithmetic — a polynomial of
 * degree ≤ 5 at dyadic points, x² at 1 with h = 2^−7 has a gcd of h²/16 — not rounding: there the
 * values are exact, and their gcd a coincidence of representation.)
 */
function valueGrid(s: Float64Array): void {
  s[GCD] = 0;
  s[GRID] = 0;
  let largest = 0;
  for (let i = 0; i < 6; i++) largest = Math.max(largest, Math.abs(differences[i]));
  if (!(largest > 0) || !Number.isFinite(largest)) return;
  const least = largest * 2 ** -60;
  let q = 0;
  for (let i = 0; i < 6; i++) {
    let a = Math.abs(differences[i]);
    let b = q;
    while (b > 0) {
      if (b < least) return; // the gcd divides b
      const r = a % b;
      a = b;
      b = r;
    }
    q = a;
  }
  if (q < least) return;
  s[GCD] = q;
  const n = Math.abs(s[E] - 20 * s[E + 1] + 64 * s[E + 2]);
  if (q <= largest / GRID_SPAN && n > 0 && n <= (PROBE_COEFFICIENTS * q) / 2) s[GRID] = q;
}

/** R = (64 D_3 − 20 D_2 + D_1)/45 cancels the h² and h⁴ terms; |R − (4 D_3 − D_2)/3| estimates its truncation error. */
/** Written as D_3 plus a combination of differences (the same R), so that derivatives near the largest float64 do not overflow. */
export const extrapolate = (s: Float64Array): number => s[D + 2] + (s[D] - s[D + 1] - 19 * (s[D + 1] - s[D + 2])) / 45;
export const truncation = (s: Float64Array): number => Math.abs(extrapolate(s) - (s[D + 2] + (s[D + 2] - s[D + 1]) / 3));

/** The noise probe N = E_1 − 20 E_2 + 64 E_3, in units of σ_f (see step.ts): O(h⁶) for smooth f, large at a kink. */
/** True when every value the stencil met equals f(x): f does not move along this coordinate. */
export const isFlat = (s: Float64Array): boolean => s[D] === 0 && s[D + 1] === 0 && s[D + 2] === 0 && s[E] === 0 && s[E + 1] === 0 && s[E + 2] === 0;

/** N itself, with its sign (in the same units): two probes of rounding noise are independent, a signal's repeat. */
export const signedProbe = (s: Float64Array): number => (s[E] - 20 * s[E + 1] + 64 * s[E + 2]) / NOISE_NORM;

/**
 * M = E_1 − 5E_2 + 4E_3, with its sign: a second probe that holds no f(x) at all (its coefficients
 * on the E_m sum to 0, so the −2 f(x) in each cancels exactly) and cancels the h² term, leaving
 * O(h⁴) for smooth f. Two such probes at different steps share no evaluation of f, so for rounding
 * noise their signs are independent draws; N's are not (noise.ts, the band's sign test).
 */
export const centreFreeProbe = (s: Float64Array): number => s[E] - 5 * s[E + 1] + 4 * s[E + 2];

/**
 * Is a probe that did not fall with the step a deterministic signal rather than noise? Two probes
 * of rounding noise at different steps are independent draws; a signal that does not depend on
 * the step (E ≈ −2 f(x) across a pole, a jump far inside the stencil) repeats itself to within
 * REPEAT of its size.
 */
export const repeats = (n1: number, n2: number): boolean => Math.abs(n1 - n2) <= REPEAT * Math.abs(n1);
const REPEAT = 0.1;

export const probe = (s: Float64Array): number => Math.abs(s[E] - 20 * s[E + 1] + 64 * s[E + 2]) / NOISE_NORM;

/**
 * Is the stencil at step h a plateau on each side: f(x + h_m) − f(x) the same for m = 1..3, and
 * f(x − h_m) − f(x) too, within 1/PLATEAU of the jump between the sides? That is a step in f
 * narrower than h/4 (a sigmoid of width 1e-6 met with steps of 1e-4: D_m ∝ 1/h_m and E_m constant),
 * or f moving by a quantum or two of a coarse value grid: either way the stencil reads the jump, not
 * f's noise. Rounding moves each of the six values on its own; a smooth f moves the outer values
 * by more than the inner ones (a slope g: spread 0.75·g·h against a jump of 0.5·g·h).
 */
export function plateau(s: Float64Array, h: number): boolean {
  let upMin = Infinity;
  let upMax = -Infinity;
  let downMin = Infinity;
  let downMax = -Infinity;
  for (let m = 0; m < 3; m++) {
    const hm = h / 2 ** m;
    const up = (s[E + m] + 2 * hm * s[D + m]) / 2;
    const down = (s[E + m] - 2 * hm * s[D + m]) / 2;
    upMin = Math.min(upMin, up);
    upMax = Math.max(upMax, up);
    downMin = Math.min(downMin, down);
    downMax = Math.max(downMax, down);
  }
  const jump = Math.abs((upMin + upMax) / 2 - (downMin + downMax) / 2);
  return jump > 0 && jump > PLATEAU * (upMax - upMin + (downMax - downMin));
}
const PLATEAU = 8;

let productSign = false;
/** Test-only seam (properties/false-alarms.test.ts, case 25): both ways read from the product's sign, which underflows (`false` restores the signs). */
export function setProductSign(on: boolean): void {
  productSign = on;
}
