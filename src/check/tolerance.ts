/**
 * When does a claimed derivative a agree with a numerical one n? The one home of that rule.
 *
 * A coordinate mismatches when |a − n| > bound, where bound is
 * - with the user's atol and/or rtol:  atol + rtol·max(|a|, |n|), exactly as stated;
 * - by default, calibrated from the differentiator's own error estimate:
 *       SAFETY·error_k + ANALYTIC_ROUNDING·ε·max(|a|, |n|)
 *   error_k estimates |n − true derivative| (see numeric/differentiate.ts). Raw error
 *   estimates sometimes under-estimate, so they are multiplied by SAFETY, a factor chosen
 *   from the false-alarm benchmark (bench/verdicts.mjs). The second term allows for the
 *   rounding in the analytic gradient itself, which is computed in floating point too.
 * A non-finite a or n always mismatches.
 */
/** A fixed tolerance, replacing the calibrated bound when either field is given. */
export interface Tolerance {
  /** Absolute tolerance; with rtol, replaces the calibrated bound. */
  atol?: number;
  /** Relative tolerance, against max(|a|, |n|); with atol, replaces the calibrated bound. */
  rtol?: number;
}

/** Multiplies the numerical error estimate. */
export const SAFETY = 10;
/** Rounding allowed in the analytic gradient, in units of ε·max(|a|, |n|). */
export const ANALYTIC_ROUNDING = 256;

/** The comparison rule a report applied: calibrated from the error estimates, or fixed by atol and rtol. */
export interface Rule {
  readonly kind: "calibrated" | "fixed";
  readonly atol: number;
  readonly rtol: number;
  /** Machine epsilon of the precision f computes in. */
  readonly epsilon: number;
}

export function ruleFor(tolerance: Tolerance, epsilon: number): Rule {
  if (tolerance.atol === undefined && tolerance.rtol === undefined) return { kind: "calibrated", atol: 0, rtol: 0, epsilon };
  return { kind: "fixed", atol: tolerance.atol ?? 0, rtol: tolerance.rtol ?? 0, epsilon };
}

/** The largest |a − n| that passes, at one coordinate. */
export function boundAt(rule: Rule, a: number, n: number, error: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(n));
  if (rule.kind === "fixed") return rule.atol + rule.rtol * scale;
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
