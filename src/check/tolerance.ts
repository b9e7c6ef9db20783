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
 *
 * Near a perfect fit the analytic gradient is worse conditioned than ε·|a|: backprop's terms
 * are of size S while their sum, and e itself, are tiny, so a carries rounding of ε·S. The
 * measured noise in f shows that conditioning: κ = σ_f / (ε·|f|) (1 for a well-conditioned
 * f). How far a's own sums cancel, a black box does not show — measured on a near-perfect tanh
 * fit at a near-stationary point: f conditioned by κ ≈ 6e3, a by 1e7 (its terms of 1e-5 summing
 * to 1e-12) — so where κ ≥ CONDITIONED the allowance grows by CONDITIONING_CAP·‖a‖∞ outright:
 * as much as it may, so that a 1e-7·‖a‖∞ error on any coordinate stays detectable wherever the
 * numerical derivative resolves it.
 *
 * A coordinate is resolved when its calibrated bound is finite, at most UNRESOLVED·‖g‖∞ (g:
 * the larger of the analytic and numerical gradients' scales) or at most 2·SUBNORMAL (no
 * difference below the smallest normal carries precision anyway), and the differentiator trusted
 * its estimate (numeric/step.ts, the ladder). An unresolved coordinate fails the check by
 * default: a pass whose bound is as large as the gradient itself says nothing
 * (`allowUnresolved: true` accepts them, still named in the report). A resolved coordinate
 * whose bound exceeds WEAK·|a_k| is named as weakly resolved: errors below a tenth of its own
 * derivative could pass there; it does not fail.
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
/** The analytic allowance's growth with f's conditioning: this fraction of ‖a‖∞. */
export const CONDITIONING_CAP = 1e-8;
/** f counts as ill-conditioned (near a perfect fit, or cancelling) when its noise exceeds ε·|f| this many times. */
export const CONDITIONED = 4;
/** A bound above this fraction of the gradient's scale leaves the coordinate unresolved. */
export const UNRESOLVED = 1e-1;
/**
 * The gradient's scale is at least RESOLVABLE_NOISE·σ_f / max(1, ‖x‖∞), so that a bound at the
 * floor f's own rounding sets at the default step — SAFETY × 4.07σ_f/h with h = 2^−7·max(1, |x|),
 * ≈ 2^14·σ_f/max(1, |x|) — counts as resolved (with a margin of 6). At a stationary point
 * (logistic regression at w = 0 on symmetric data: ‖g‖∞ = 0 or 4e-308; a saturated softmax:
 * 1e-19) such a bound is the best resolution there is, not a pass that means nothing;
 * atan(x/1e-9) at 1e-5 with an error estimate of 867, 10¹⁴ times that floor, stays unresolved.
 */
export const RESOLVABLE_NOISE = 2 ** 20;
/** A bound above this fraction of the coordinate's own |a_k| leaves it weakly resolved. */
export const WEAK = 1e-1;
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
export function boundAt(
  rule: Rule,
  a: number,
  n: number,
  error: number,
  gradientScale: number,
  scale = Math.max(Math.abs(a), Math.abs(n)),
  conditioning = 1,
): number {
  if (rule.kind === "fixed") return rule.atol + rule.rtol * Math.max(Math.abs(a), Math.abs(n));
  const analytic = ANALYTIC_ROUNDING * rule.epsilon * scale;
  const growth = conditioning >= CONDITIONED ? CONDITIONING_CAP * gradientScale : 0;
  return SAFETY * error + analytic + growth + GRADIENT_ROUNDING * rule.epsilon * gradientScale + SUBNORMAL;
}

/** f's conditioning as its measured noise shows it: σ_f / (ε·|f|), at least 1 (Infinity where f(x) = 0 and σ_f > 0). */
export function conditioningOf(noise: number, value: number, epsilon: number): number {
  const floor = epsilon * Math.abs(value);
  return noise > floor ? (floor > 0 ? noise / floor : Infinity) : 1;
}

/** Is a coordinate's bound small against the gradient's scale? (Non-finite bounds never are.) */
export function resolved(bound: number, scale: number): boolean {
  return Number.isFinite(bound) && (bound <= UNRESOLVED * scale || bound <= 2 * SUBNORMAL);
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

/**
 * Rounding allowed in a claimed Hessian entry whose terms are known, in units of ε·M_ij, where M_ij
 * is the claim's |abs| pass: the same sums with every term replaced by its magnitude
 * (network/hessian.ts, hessianMagnitudes). A sum of products computed in floating point is off by at
 * most about (operations along its deepest chain)·ε·Σ|terms|; the R-operator's chain through a few
 * layers, θ' and θ'' (each a few ulps: exp, tanh) is some tens of operations deep, and 64 covers it.
 * It matters where the terms cancel: a saturated softmax's R{x_j} = x_j (R{s_j} − Σ_k x_k R{s_k})
 * with x_j rounded to 1 keeps none of the digits of a pair of 1e-22 whose terms are 1e-7.
 */
export const CLAIM_ROUNDING = 64;

/**
 * How far a claimed Hessian's H[i][j] and H[j][i] may differ: the rounding of two computations of
 * one number, ANALYTIC_ROUNDING·ε·(max(|H_ij|, |H_ji|) + max |H|), or the fixed rule's atol + rtol·max.
 * Against max |H| too, not only the pair: the two are sums of terms as large as the matrix's largest
 * entries that cancel (the R-operator's R{x}δ + x R{δ}: a pair of 1.7e-4 differing by 1.5e-16, ε·max |H|
 * with max |H| ≈ 0.08, was a false alarm at 16ε·max |H|), and CONDITIONING_CAP·max |H| for sums that cancel
 * far more, still a hundred times below the 1e-6·max |H| a check must see. Where the claim's terms are
 * known (`magnitude`, the larger of M_ij and M_ji, see CLAIM_ROUNDING), their rounding is allowed as well,
 * CLAIM_ROUNDING·ε·magnitude: a saturated network's R-operator sums terms far above max |H| (a pair of
 * 1.5e-23 and −2.7e-22 against max |H| = 2.7e-22). Not the numerical bound: a pair that passes both
 * entries within their bounds but differs beyond rounding is still not the Hessian of any twice-differentiable f.
 */
export function asymmetryBound(rule: Rule, upper: number, lower: number, hessianScale: number, magnitude = 0): number {
  const scale = Math.max(Math.abs(upper), Math.abs(lower));
  if (rule.kind === "fixed") return rule.atol + rule.rtol * scale;
  return (
    ANALYTIC_ROUNDING * rule.epsilon * (scale + hessianScale) +
    CLAIM_ROUNDING * rule.epsilon * magnitude +
    CONDITIONING_CAP * hessianScale +
    SUBNORMAL
  );
}
