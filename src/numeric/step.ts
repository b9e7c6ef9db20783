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
 * The step actually taken at x_k for a relative step `relative`: h = relative·max(1, |x_k|),
 * then made exactly representable as (x_k + h) − x_k (in float32 when f computes in float32),
 * so the difference quotient divides by the distance the arguments truly moved.
 */
export function stepAt(xk: number, relative: number, precision: Precision = "float64"): number {
  const h = relative * Math.max(1, Math.abs(xk));
  if (precision === "float32") return Math.fround(Math.fround(xk) + h) - Math.fround(xk);
  return xk + h - xk;
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
