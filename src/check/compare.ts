/**
 * Compares a claimed gradient with a numerical one, coordinate by coordinate, and builds the report.
 */
import type { Derivatives } from "../numeric/differentiate.js";
import type { GradientCheckReport, Mismatch } from "./report.js";
import { boundAt, passes, relativeError, type Rule } from "./tolerance.js";

export interface Comparison {
  analytic: Float64Array;
  numeric: Derivatives;
  rule: Rule;
  /** Names coordinate k for people, e.g. "x[3]" or "w[l=2][i=0][j=1]". */
  name: (k: number) => string;
  /** Coordinates where f is not differentiable (a kink between the stencil's points); never counted as mismatches. */
  kinks?: ReadonlySet<number>;
  seed?: number;
}

export function compare({ analytic, numeric, rule, name, kinks, seed }: Comparison): GradientCheckReport {
  const n = analytic.length;
  const bound = new Float64Array(n);
  const mismatches: Mismatch[] = [];
  let maxAbsError = 0;
  let maxRelError = 0;
  let maxRatio = 0;
  for (let k = 0; k < n; k++) {
    const a = analytic[k];
    const g = numeric.gradient[k];
    bound[k] = boundAt(rule, a, g, numeric.error[k]);
    const absError = Math.abs(a - g);
    const relError = relativeError(a, g);
    const ratio = absError === 0 ? 0 : absError / bound[k];
    const finite = Number.isFinite(a) && Number.isFinite(g);
    if (kinks?.has(k)) continue;
    maxAbsError = finite ? Math.max(maxAbsError, absError) : Number.NaN;
    maxRelError = finite ? Math.max(maxRelError, relError) : Number.NaN;
    maxRatio = finite ? Math.max(maxRatio, ratio) : Number.NaN;
    if (!passes(a, g, bound[k])) mismatches.push({ index: k, name: name(k), analytic: a, numeric: g, absError, relError, bound: bound[k], ratio: finite ? ratio : Number.NaN });
  }
  mismatches.sort((p, q) => severity(q) - severity(p));
  const nonDifferentiable = kinks ? [...kinks].sort((p, q) => p - q).map((index) => ({ index, name: name(index), left: numeric.left[index], right: numeric.right[index] })) : [];
  return {
    ok: mismatches.length === 0,
    analytic,
    numeric: numeric.gradient,
    numericError: numeric.error,
    bound,
    maxAbsError,
    maxRelError,
    maxRatio,
    mismatches,
    nonDifferentiable,
    evaluations: numeric.evaluations,
    method: numeric.method,
    rule,
    ...(seed === undefined ? {} : { seed }),
  };
}

/** Worst first: non-finite values, then by |a − n| / bound. */
function severity(m: Mismatch): number {
  return Number.isNaN(m.ratio) ? Infinity : m.ratio;
}
