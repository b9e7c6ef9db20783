/**
 * Compares a claimed gradient with a numerical one, coordinate by coordinate.
 */
import type { Derivatives } from "../numeric/differentiate.js";
import type { Mismatch, NonDifferentiable } from "./report.js";
import { boundAt, gradientScale, passes, type Rule, relativeError } from "./tolerance.js";

export interface Comparison {
  /** Per coordinate, the largest |a − n| that passes (NaN where not checked). */
  bound: Float64Array;
  /** Per coordinate, |a − n| / bound (NaN where not judged or not finite). */
  ratio: Float64Array;
  mismatches: Mismatch[];
  nonDifferentiable: NonDifferentiable[];
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

/** Worst first: non-finite values, then by |a − n| / bound. */
const severity = (m: Mismatch): number => (Number.isNaN(m.ratio) ? Infinity : m.ratio);

/** Judges the coordinates `checked`; coordinates where f has a kink inside the stencil are set aside, not judged. */
export function compare(analytic: Float64Array, numeric: Derivatives, rule: Rule, checked: ArrayLike<number>, naming: Naming): Comparison {
  const bound = new Float64Array(analytic.length).fill(Number.NaN);
  const out: Comparison = {
    bound,
    ratio: new Float64Array(analytic.length).fill(Number.NaN),
    mismatches: [],
    nonDifferentiable: [],
    maxAbsError: 0,
    maxRelError: 0,
    maxRatio: 0,
  };
  const scale = checked.length > 0 ? gradientScale(analytic) : 0;
  for (let c = 0; c < checked.length; c++) {
    const k = checked[c];
    const [a, n] = [analytic[k], numeric.gradient[k]];
    if (numeric.kink[k]) {
      const unit = naming.kinkAt?.(k);
      out.nonDifferentiable.push({ index: k, name: naming.name(k), left: numeric.left[k], right: numeric.right[k], ...(unit ? { unit } : {}) });
      continue;
    }
    bound[k] = boundAt(rule, a, n, numeric.error[k], scale);
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
