/**
 * Step sizes and the error model: the one home of every numerical constant the
 * differentiator uses.
 *
 * A central difference D(h) = [f(x + h) − f(x − h)] / 2h has two errors:
 *   truncation ≈ h² |f'''| / 6          (falls as the step shrinks)
 *   rounding   ≈ ε_f (|f(x+h)| + |f(x−h)|) / 2h   (grows as it shrinks)
 * where ε_f is the relative error of one evaluation of f.
 */

/** Unit roundoff of float64: 2^−53. */
export const EPSILON_64 = 2 ** -53;
/** Unit roundoff of float32: 2^−24. */
export const EPSILON_32 = 2 ** -24;

/**
 * Relative step for plain central differences, ∛ε ≈ 4.8e-6 (with ε = 2^−53): the h that
 * balances h²|f'''|/6 against ε|f|/h when |f| ≈ |f'''| and x is of order one. Scaled by
 * max(1, |x_k|) so that the step stays resolvable at large |x_k|.
 */
export const CENTRAL_STEP = Math.cbrt(EPSILON_64);

/**
 * Relative first step for Richardson extrapolation, 2^−7 ≈ 7.8e-3. Three central
 * differences at h, h/2, h/4 combine to an error of order h⁶, so the step that balances
 * truncation against rounding is near ε^(1/7) ≈ 5e-3; a power of two keeps h/2 and h/4 exact.
 */
export const RICHARDSON_STEP = 2 ** -7;

/**
 * The step actually taken at x_k for a relative step `relative`: h = relative·max(1, |x_k|),
 * then made exactly representable as (x_k + h) − x_k, so the difference quotient divides
 * by the distance the arguments truly moved.
 */
export function stepAt(xk: number, relative: number): number {
  const h = relative * Math.max(1, Math.abs(xk));
  return xk + h - xk;
}
