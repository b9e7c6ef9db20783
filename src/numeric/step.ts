/**
 * Step sizes and the error model: the one home of every numerical constant the
 * differentiator uses.
 *
 * A central difference D(h) = [f(x + h) − f(x − h)] / 2h has two errors:
 *   truncation ≈ h² |f'''| / 6                (falls as the step shrinks)
 *   rounding   ≈ σ_f / h                      (grows as it shrinks)
 * where σ_f is the size of the rounding noise in one evaluation of f, at least ε·|f|.
 */
import type { Precision } from "./precision.js";

/** Unit roundoff of float64: 2^−53. */
export const EPSILON_64 = 2 ** -53;
/** Unit roundoff of float32: 2^−24. */
export const EPSILON_32 = 2 ** -24;

export function epsilonOf(precision: Precision): number {
  return precision === "float32" ? EPSILON_32 : EPSILON_64;
}

/**
 * Relative step for plain central differences, ∛ε: the h that balances h²|f'''|/6 against
 * ε|f|/h when |f| ≈ |f'''| and x is of order one (≈ 4.8e-6 in float64).
 */
export function centralStep(precision: Precision): number {
  return Math.cbrt(epsilonOf(precision));
}

/**
 * Relative first step for Richardson extrapolation. Three central differences at h, h/2, h/4
 * combine to an error of order h⁶, so the step that balances truncation against rounding is
 * near ε^(1/7): 5e-3 in float64, 0.09 in float32. Powers of two keep h/2 and h/4 exact:
 * 2^−7 ≈ 7.8e-3 and 2^−4 = 0.0625 (a little below the balance, since large steps meet
 * more of f's non-smoothness).
 */
export function richardsonStep(precision: Precision): number {
  return precision === "float32" ? 2 ** -4 : 2 ** -7;
}

/**
 * The step actually taken at x_k for a relative step `relative`: h ≈ relative·max(1, |x_k|),
 * chosen so that x_k ± h, x_k ± h/2 and x_k ± h/4 are all exactly representable (in float32
 * when f computes in float32): every difference quotient of the stencil then divides by the
 * distance the arguments truly moved, at all three steps. h is 4 times the exact quarter
 * step (x_k + h/4) − x_k. Where even that fails (x_k ± h crosses into a coarser binade and
 * x_k is not on its grid, so no step of that size is exact at all three), h alone is made
 * exact, as (x_k + h) − x_k. (Making only h exact is not enough:
 * after a domain-edge retry h/2 and h/4 were off by up to an ulp of x_k, a relative error of
 * 1e-10 in the step and a false alarm on log(x − 100) at 100.001.)
 */
export function stepAt(xk: number, relative: number, precision: Precision = "float64"): number {
  const round = precision === "float32" ? Math.fround : (v: number) => v;
  const x = round(xk);
  const quarter = round(x + (relative * Math.max(1, Math.abs(xk))) / 4) - x;
  const h = 4 * quarter;
  if (!(h > 0) || !Number.isFinite(h) || exactSteps(x, h, round)) return h;
  return round(x + relative * Math.max(1, Math.abs(xk))) - x;
}

/** True when x ± h/2^m (m = 0, 1, 2) are exact: (x + s) − x = s and x − (x − s) = s. */
function exactSteps(x: number, h: number, round: (v: number) => number): boolean {
  for (let m = 0; m < 3; m++) {
    const s = h / 2 ** m;
    if (round(x + s) - x !== s || x - round(x - s) !== s) return false;
  }
  return true;
}

/** The spacing of floating-point numbers at x in the given precision (≥ the smallest subnormal). */
export function ulpOf(x: number, precision: Precision): number {
  const [bits, tiny] = precision === "float32" ? [23, 2 ** -149] : [52, 2 ** -1074];
  const a = Math.abs(x);
  if (!(a > 0) || !Number.isFinite(a)) return tiny;
  return Math.max(tiny, 2 ** (Math.floor(Math.log2(a)) - bits));
}

/**
 * Noise in f, from the even parts E_m = f(x + h_m) + f(x − h_m) − 2 f(x) at h, h/2, h/4:
 * N = E_1 − 20 E_2 + 64 E_3 cancels the h² and h⁴ terms, so for smooth f it is O(h⁶) plus
 * rounding noise. Its coefficients over the seven values have norm √17094 ≈ 130.7, and a
 * normal variable's median |Z| is 0.674: σ_f ≈ median |N| / (130.7 · 0.674).
 */
export const NOISE_NORM = Math.sqrt(2 + 2 * 400 + 2 * 4096 + 90 * 90) * 0.674;

/**
 * The Richardson value R = (64 D_3 − 20 D_2 + D_1)/45 amplifies noise of size σ in each
 * evaluation to a standard deviation of √(64²·8 + 20²·2 + 1/2)/45 ≈ 4.07 σ/h.
 */
export const RICHARDSON_NOISE_GAIN = Math.sqrt(64 * 64 * 8 + 20 * 20 * 2 + 0.5) / 45;

/**
 * Where the noise probe N exceeds KINK_NOISE·σ_f (about 6.5 standard deviations of N's own
 * noise, ≈ 1.48 σ_f in the units N is measured in, since NOISE_NORM includes the median factor
 * 0.674), f is not smooth at the scale of the step: a kink, or variation too fast for the
 * step. The stencil is retried at h/8, and a coordinate whose N still stands out there is
 * reported as a kink.
 */
export const KINK_NOISE = 16;

/**
 * The step ladder (richardson.ts). Each coordinate starts at the default step; where that
 * stencil is not in its asymptotic regime, is rough, or its error estimate is not small
 * against the derivatives' scale, further stencils are taken at steps LADDER_RATIO times
 * smaller (truncation-bound or not smooth) or larger (rounding-bound and smooth), and the
 * level with the smallest error estimate among the trusted ones is kept. Smooth, resolved
 * coordinates stop at the first level and cost what they always did.
 *
 * - LADDER_RATIO = 8: the probe of a smooth f then falls by 8⁶ ≈ 2.6e5 from one level to the
 *   next, a kink's by 8 (it is 7·jump·h), rounding noise's not at all: one level apart tells
 *   the three apart.
 * - MAX_SHRINK = 14 levels down (8¹⁴ ≈ 4e12, so 2^−7 reaches 2e-15 of max(1, |x|): far enough
 *   for f whose scale near x is |x| itself, cbrt at 1e-6 or atan(x/1e-9) at 1e-5), and never
 *   below MIN_STEP_ULPS ulps of x_k for the smallest sub-step h/4 (float32 reaches that in a
 *   few levels: there a still-rough coordinate is a kink).
 * - MAX_GROW = 3 levels up (to 4·max(1, |x_k|) from 2^−7): where rounding bounds the error and
 *   f is polynomial-like at that scale (Rosenbrock at a badly scaled point) a larger step is
 *   exact and far less noisy; the asymptotic test stops the growth where it is not.
 */
export const LADDER_RATIO = 8;
export const MAX_SHRINK = 14;
export const MAX_GROW = 3;
export const MIN_STEP_ULPS = 4;

/**
 * When to climb the ladder from a trusted, smooth level: its bound (SAFETY × error, see
 * check/tolerance.ts) is above RESOLVE_TARGET × the largest numerical derivative — a
 * 1e-7·‖g‖∞ error must stay detectable — or above WEAK_TARGET × the coordinate's own
 * derivative.
 */
export const RESOLVE_TARGET = 1e-8;
export const WEAK_TARGET = 1e-2;
/** The bound's safety factor as the ladder sees it (the same as check/tolerance.ts's SAFETY). */
export const LADDER_SAFETY = 32;

/**
 * The truncation estimate |R − (4 D_3 − D_2)/3| is trusted only in its asymptotic regime:
 * there D_1 − D_2 ≈ 4 (D_2 − D_3) (an h² error) up to 16 (an h⁴ error). A level is asymptotic
 * when the ratio of its successive differences lies in [ASYMPTOTIC_LOW, ASYMPTOTIC_HIGH], or
 * both differences are within ASYMPTOTIC_NOISE × the noise over h (then rounding, not
 * truncation, is all there is). Outside it (a step far beyond f's own scale near x: 1/x at
 * 1e-5 with h = 2^−7 gives a derivative of the wrong sign) the level is not used.
 */
export const ASYMPTOTIC_LOW = 2;
export const ASYMPTOTIC_HIGH = 32;
export const ASYMPTOTIC_NOISE = 64;

/**
 * The kink verdict, from a coordinate's own evidence: the one-sided slopes at the smallest
 * sub-step differ by jump = E_3/(h/4); for smooth f that falls as h (f''·h/4), at a kink it
 * tends to the jump in slope. A level shows kink evidence when |E_3| > KINK_NOISE × its noise
 * and the jump is within a factor KINK_CONSISTENCY of the previous level's (a smooth f's
 * would have fallen by 8); KINK_LEVELS such pairs in a row make the verdict.
 */
export const KINK_CONSISTENCY = 2.5;
export const KINK_LEVELS = 2;

/**
 * A probe that does not fall over three levels (by less than NOISE_FALL each time; two levels can
 * both straddle a kink beyond x) and does not repeat itself (stencil.ts, `repeats`) is rounding
 * noise, not signal: the noise was underestimated for this coordinate, which is then judged with
 * its own probe as noise rather than shrunk further (shrinking a smooth f because rounding was
 * underestimated only makes the rounding error larger). A probe that repeats itself is a deterministic signal — a step in f, or a pole, beyond
 * the stencil's scale — and the ladder goes on down.
 */
export const NOISE_FALL = 2.5;

/**
 * The rounding cap: NOISE_CAP × the structural floor, or × ε times the largest |f| the stencil met
 * (rounding at the stencil's points, where f may be far from its value at x: a term constant plus
 * something small, e^{x/2} at x = 0, has |∂f/∂x_k·x_k| = 0). A probe below it that neither falls
 * with the step nor repeats itself is rounding.
 *
 * Above it, up to NOISE_RELATIVE × that |f|, lies the band of hidden cancellation (a near-perfect
 * fit's sums lose digits no black box sees): a probe there is rounding only if its repeat at a step
 * 8 times smaller also flips its sign — two draws of rounding do half the time, a signal that drifts
 * with the step does not. That sign test is what keeps a fixed fraction of |f| from passing signal
 * as rounding: |f| is mostly terms that do not move with x_k (1/x at 5e-5 beside cbrt at 1e-4:
 * |f| ≈ 2e4, 2⁻²⁰·|f| ≈ 0.02), and cbrt's probe there (8e-3, drifting 10 % per level, one sign) stopped
 * every ladder at the default step (finding 19). Above the band a probe is signal outright (cbrt at
 * 1e-6 or 1/x at 1e-5 with a step far beyond x: E ≈ −2 f(x) at every step).
 */
/**
 * How far a grid confirmed from six differences may overshoot f's quantum: their gcd is a multiple
 * of it, twice it where every difference is an even number of quanta (ln Σ e^{s_k} − s_y of about
 * 1e-6 from logits of 15 lies on ulp(8) = 1.8e-15, its stencils' differences on 3.6e-15).
 */
export const GRID_OVERSHOOT = 4;

/**
 * f's value grid. Where f is a small difference of large terms (a softmax cross-entropy near a
 * perfect fit, e = ln Σ e^{s_k} − s_y with logits of size 16: e ≈ 5e-5 lies on the grid of
 * ulp(16) ≈ 3.6e-15), every value the stencil meets is a multiple of a quantum q far above
 * ulp(f), and f's rounding is up to q/2 per value — far above ε·|f| and any structural floor, and
 * deterministic (a staircase), so it neither falls nor flips sign from step to step as the ladder's
 * noise tests expect; a level whose values sit on one tread then looks exact (probe 0, D_1 = D_2 =
 * D_3) with a wrong slope. A stencil shows such a grid when the exact gcd q of its six
 * differences f(x ± h_m) − f(x) is at most GRID_SPAN⁻¹ of the largest of them (the values move by
 * many quanta, so the grid is far finer than the signal) and its probe N is within what rounding
 * to q can make, 0 < |N| ≤ 260·q/2 (260: the 1-norm of N's coefficients over the seven values;
 * N = 0 is exact arithmetic, not rounding). Then
 * q/2 is a floor under this coordinate's noise. A kink on an exactly computed dyadic grid passes
 * the second test only where its jump in slope is under 130/(7·GRID_SPAN) ≈ 2 % of the slope, and
 * its bound then covers the jump.
 */
export const GRID_SPAN = 1024;
/** The 1-norm of N's coefficients over the seven values: 2·1 + 2·20 + 2·64 + 90. */
export const PROBE_COEFFICIENTS = 260;

export const NOISE_CAP = 1024;
export const NOISE_RELATIVE = 2 ** -20;

/** The rounding cap above: NOISE_CAP·max(floor, ε·|f|max over the stencil). */
export const roundingCap = (floor: number, eps: number, scale: number): number => NOISE_CAP * Math.max(floor, eps * scale);

/**
 * Can a probe p that did not fall with the step, whose signed values at the two steps are n1 and
 * n2 (and did not repeat), be rounding? Below the cap, yes; in the band of hidden cancellation
 * only if the sign flipped; above it, never.
 */
export const mayBeRounding = (p: number, n1: number, n2: number, floor: number, eps: number, scale: number): boolean =>
  p <= roundingCap(floor, eps, scale) || (p <= NOISE_RELATIVE * scale && (noBandSignTest || Math.sign(n1) !== Math.sign(n2)));

/** Test-only seam (set through richardson.ts, setLadderMutation): the band without its sign test (69859e5's rule). */
let noBandSignTest = false;
export function setNoBandSignTest(on: boolean): void {
  noBandSignTest = on;
}
