/**
 * Compares a claimed gradient with a numerical one, coordinate by coordinate.
 */
import type { Derivatives } from "../numeric/differentiate.js";
import type { Mismatch, NonDifferentiable, Resolution } from "./report.js";
import { boundAt, conditioningOf, gradientScale, passes, type Rule, relativeError, resolved, SUBNORMAL, WEAK } from "./tolerance.js";

export interface Comparison {
  /** Per coordinate, the largest |a − n| that passes (NaN where not checked). */
  bound: Float64Array;
  /** Per coordinate, |a − n| / bound (NaN where not judged or not finite). */
  ratio: Float64Array;
  mismatches: Mismatch[];
  nonDifferentiable: NonDifferentiable[];
  unresolved: Resolution[];
  weaklyResolved: Resolution[];
  maxAbsError: number;
  maxRelError: number;
  maxRatio: number;
}

export interface Naming {
  /** Names coordinate k for people: "x[3]", "w[l=2][i=0][j=1]". */
  name: (k: number) => string;
  /** Says where a kink at coordinate k comes from, if the caller knows (a network names the relu unit). */
  kinkAt?: (k: number) => string | undefined;
}

/** Test-only seam (properties/trust-mutations.test.ts): planted mistakes in the verdict. */
export interface VerdictMutation {
  /** Never report a coordinate as unresolved. */
  ignoreUnresolved?: boolean;
  /** The analytic allowance ignores f's conditioning. */
  noConditioning?: boolean;
}
let mutation: VerdictMutation = {};
/** Sets the planted mistake (test-only; `{}` restores the real behaviour). */
export function setVerdictMutation(m: VerdictMutation): void {
  mutation = m;
}

/** Worst first: non-finite values, then by |a − n| / bound. */
const severity = (m: Mismatch): number => (Number.isNaN(m.ratio) ? Infinity : m.ratio);

/**
 * Judges the coordinates `checked`; coordinates where f has a kink inside the stencil are set
 * aside, not judged, and reported with both one-sided slopes. Coordinates whose calibrated
 * bound is not small against the gradient's scale are listed as unresolved, those weak against
 * their own |a_k| as weakly resolved (check/tolerance.ts).
 */
export function compare(analytic: Float64Array, numeric: Derivatives, rule: Rule, checked: ArrayLike<number>, naming: Naming): Comparison {
  const bound = new Float64Array(analytic.length).fill(Number.NaN);
  const out: Comparison = {
    bound,
    ratio: new Float64Array(analytic.length).fill(Number.NaN),
    mismatches: [],
    nonDifferentiable: [],
    unresolved: [],
    weaklyResolved: [],
    maxAbsError: 0,
    maxRelError: 0,
    maxRatio: 0,
  };
  const scale = checked.length > 0 ? gradientScale(analytic) : 0;
  // The scale a coordinate's resolution is judged against: the larger of the claimed and the
  // numerical gradients' (a claimed gradient of zeros must not make every bound "large").
  let numericScale = 0;
  for (let c = 0; c < checked.length; c++) {
    const k = checked[c];
    const v = Math.abs(numeric.gradient[k]);
    if (!numeric.kink[k] && numeric.settled[k] && Number.isFinite(v)) numericScale = Math.max(numericScale, v);
  }
  const resolutionScale = Math.max(scale, numericScale);
  const conditioning = mutation.noConditioning ? 1 : conditioningOf(numeric.measuredNoise, numeric.value, rule.epsilon);
  for (let c = 0; c < checked.length; c++) {
    const k = checked[c];
    const [a, n] = [analytic[k], numeric.gradient[k]];
    if (numeric.kink[k]) {
      const unit = naming.kinkAt?.(k);
      out.nonDifferentiable.push({ index: k, name: naming.name(k), left: numeric.left[k], right: numeric.right[k], ...(unit ? { unit } : {}) });
      continue;
    }
    bound[k] = boundAt(rule, a, n, numeric.error[k], scale, undefined, conditioning);
    if (rule.kind === "calibrated" && !mutation.ignoreUnresolved) {
      // With every derivative 0 or subnormal (below 2^−1022: no relative precision) there is no
      // scale to judge against: only a bound that is not finite, or an estimate the
      // differentiator did not trust, is unresolved.
      const ok = resolutionScale >= SUBNORMAL ? resolved(bound[k], resolutionScale) : Number.isFinite(bound[k]);
      if (!numeric.settled[k] || !ok) {
        out.unresolved.push({ index: k, name: naming.name(k), bound: bound[k], resolution: bound[k] / resolutionScale });
      } else if (a !== 0 && bound[k] > WEAK * Math.abs(a))
        out.weaklyResolved.push({ index: k, name: naming.name(k), bound: bound[k], resolution: bound[k] / Math.abs(a) });
    }
    const absError = Math.abs(a - n);
    const finite = Number.isFinite(a) && Number.isFinite(n);
    const ratio = !finite ? Number.NaN : absError === 0 ? 0 : absError / bound[k];
    out.ratio[k] = ratio;
    out.maxAbsError = finite ? Math.max(out.maxAbsError, absError) : Number.NaN;
    out.maxRelError = finite ? Math.max(out.maxRelError, relativeError(a, n)) : Number.NaN;
    out.maxRatio = Math.max(out.maxRatio, ratio);
    if (!passes(a, n, bound[k]))
      out.mismatches.push({
        index: k,
        name: naming.name(k),
        analytic: a,
        numeric: n,
        absError,
        relError: relativeError(a, n),
        bound: bound[k],
        ratio,
      });
  }
  out.mismatches.sort((p, q) => severity(q) - severity(p));
  return out;
}
