/**
 * When does a claimed derivative a agree with a numerical one n? The one home of that rule.
 *
 * A coordinate mismatches when |a − n| > bound, where bound is
 * - with the user's atol and/or rtol:  atol + rtol·max(|a|, |n|), exactly as stated;
 * - by default, calibrated from the differentiator's own error estimate:
 *       SAFETY·error + ANALYTIC_ROUNDING·ε·scale
 *   `error` estimates |n − true derivative| (truncation + rounding, numeric/differentiate.ts).
 *   Raw error estimates sometimes under-estimate (a truncation estimate that happens to be
 *   small, a noise estimate from few coordinates), so they are multiplied by SAFETY, chosen
 *   from the false-alarm benchmark (bench/verdicts.mjs). The second term allows for rounding
 *   in the analytic gradient, computed in floating point too: `scale` is max(|a|, |n|), or
 *   Σ|g_k u_k| for a directional derivative ⟨g, u⟩, where terms may cancel.
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
export function boundAt(rule: Rule, a: number, n: number, error: number, scale = Math.max(Math.abs(a), Math.abs(n))): number {
  if (rule.kind === "fixed") return rule.atol + rule.rtol * Math.max(Math.abs(a), Math.abs(n));
  return SAFETY * error + ANALYTIC_ROUNDING * rule.epsilon * scale;
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
  return `bound = ${SAFETY} × the numerical error estimate + ${ANALYTIC_ROUNDING}ε·|a|`;
}
