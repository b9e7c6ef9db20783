/**
 * When does a claimed derivative a agree with a numerical one n? The one home of that rule.
 *
 * A coordinate mismatches when |a − n| > bound, where bound is
 * - with the user's atol and/or rtol:  atol + rtol·max(|a|, |n|), exactly as stated;
 * - by default, calibrated from the differentiator's own error estimate:
 *       SAFETY·error + ANALYTIC_ROUNDING·ε·scale + GRADIENT_ROUNDING·ε·‖a‖∞ + SUBNORMAL
 *   `error` estimates |n − true derivative| (truncation + rounding, numeric/differentiate.ts).
 *   Raw error estimates sometimes under-estimate (a truncation estimate that happens to be
 *   small, a noise estimate from few coordinates), so they are multiplied by SAFETY, chosen
 *   from the false-alarm benchmark (bench/verdicts.mjs). The second term allows for rounding
 *   in the analytic gradient, computed in floating point too: `scale` is max(|a|, |n|), or
 *   Σ|g_k u_k| for a directional derivative ⟨g, u⟩, where terms may cancel. The third allows
 *   for rounding relative to the gradient's scale rather than the coordinate's: backprop's sums
 *   cancel, and a saturated sigmoid's θ' = x(1 − x) loses its digits as 1 − x nears ε (found by
 *   the false-alarm benchmark: 2 alarms in 5.9 million coordinates without it).
 * A non-finite a or n always mismatches.
 */
/** A fixed tolerance, replacing the calibrated bound when either field is given. */
export interface Tolerance {
  /** Absolute tolerance; with or without rtol, replaces the calibrated bound. */
  atol?: number;
  /** Relative tolerance, against max(|a|, |n|); with or without atol, replaces the calibrated bound. */
  rtol?: number;
}

/** Multiplies the numerical error estimate. */
export const SAFETY = 32;
/** Rounding allowed in the analytic gradient, in units of ε·scale. */
export const ANALYTIC_ROUNDING = 256;
/** Rounding allowed in any coordinate of the analytic gradient, in units of ε·‖a‖∞. */
export const GRADIENT_ROUNDING = 16;
/** Differences below the smallest normal float64, 2^−1022, carry no relative precision: they always pass. */
export const SUBNORMAL = 2 ** -1022;

/** The comparison rule a report applied: calibrated from the error estimates, or fixed by atol and rtol. */
export interface Rule {
  readonly kind: "calibrated" | "fixed";
  readonly atol: number;
  readonly rtol: number;
  /** Unit roundoff of the precision f and its gradient compute in. */
  readonly epsilon: number;
}

export function ruleFor(tolerance: Tolerance, epsilon: number): Rule {
  if (tolerance.atol === undefined && tolerance.rtol === undefined) return { kind: "calibrated", atol: 0, rtol: 0, epsilon };
  return { kind: "fixed", atol: tolerance.atol ?? 0, rtol: tolerance.rtol ?? 0, epsilon };
}

/** The largest |a − n| that passes. */
export function boundAt(rule: Rule, a: number, n: number, error: number, gradientScale: number, scale = Math.max(Math.abs(a), Math.abs(n))): number {
  if (rule.kind === "fixed") return rule.atol + rule.rtol * Math.max(Math.abs(a), Math.abs(n));
  return SAFETY * error + ANALYTIC_ROUNDING * rule.epsilon * scale + GRADIENT_ROUNDING * rule.epsilon * gradientScale + SUBNORMAL;
}

/** ‖a‖∞ over the finite entries. */
export function gradientScale(analytic: Float64Array): number {
  let scale = 0;
  for (const v of analytic) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  return scale;
}

/** |a − n| / max(|a|, |n|), and 0 when both are 0. */
export function relativeError(a: number, n: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(n));
  return scale === 0 ? 0 : Math.abs(a - n) / scale;
}

export function passes(a: number, n: number, bound: number): boolean {
  return Number.isFinite(a) && Number.isFinite(n) && Math.abs(a - n) <= bound;
}

/** How the rule reads in a report. */
export function describeRule(rule: Rule): string {
  if (rule.kind === "fixed") return `|a − n| ≤ ${rule.atol} + ${rule.rtol}·max(|a|, |n|)`;
  return `bound = ${SAFETY} × the numerical error estimate + ${ANALYTIC_ROUNDING}ε·|a| + ${GRADIENT_ROUNDING}ε·‖a‖∞`;
}
