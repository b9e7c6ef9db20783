/**
 * checkVJP and checkJVP: is a claimed vector-Jacobian product (the backward of a custom op) or
 * Jacobian-vector product (forward mode) of f at x right? In full mode the claimed Jacobian is
 * rebuilt from m VJPs or n JVPs and judged entry by entry (check-jacobian.ts); in directional
 * mode random tangents and cotangents are compared, with bisection to the bad entries
 * (jacobian-directional.ts). A Hessian-vector product is checked as the JVP of the gradient:
 * checkJVP(gradient, x, hvp).
 */

import { createRandom } from "../base/random.js";
import type { Structure } from "../base/structure.js";
import { differentiateRows } from "../numeric/jacobian.js";
import type { VectorFunction } from "../numeric/vector.js";
import { judgeFull, reportOf, setupJacobian } from "./check-jacobian.js";
import { judgeEntries } from "./entries.js";
import { directionalProducts } from "./jacobian-directional.js";
import type { JacobianCheckOptions } from "./jacobian-options.js";
import type { JacobianCheckReport } from "./jacobian-report.js";
import { type JVP, productClaim, type VJP } from "./products.js";

function checkProduct(
  fn: string,
  form: "vjp" | "jvp",
  f: unknown,
  x: unknown,
  claimed: unknown,
  options: JacobianCheckOptions | undefined,
): JacobianCheckReport {
  const setup = setupJacobian(fn, f, x, options);
  const claim = productClaim(setup, form, claimed);
  const { options: o, n, m, point } = setup;
  if (o.mode === "full") return judgeFull(setup, form, claim.entries(Int32Array.from({ length: n }, (_, k) => k)), claim.calls());
  const random = createRandom(o.seed);
  const { checks, leaves, evaluations } = directionalProducts(setup, claim, o.k, random);
  const claimedRows = claim.entries(leaves);
  const numeric = differentiateRows(setup.map, o.differentiation, fn, leaves);
  let pointScale = 1;
  for (const v of point.x) pointScale = Math.max(pointScale, Math.abs(v));
  const verdicts = judgeEntries(claimedRows, numeric, o.rule, leaves, setup.name, o.outputName, pointScale);
  const what = form === "vjp" ? "⟨vjp(x, v), t⟩ against ⟨v, J t⟩" : "each output of jvp(x, t) against J t";
  return reportOf(setup, form, claimedRows, numeric, verdicts, leaves, {
    directions: checks,
    claimEvaluations: claim.calls(),
    mode: "directional",
    coverage: `directional: ${o.k} random tangents (${what}); an error e in one of the ${m}×${n} entries shows as about e/√${n}; ${leaves.length} columns isolated by bisection were checked entry by entry`,
    lineEvaluations: evaluations,
  });
}

/**
 * Checks a claimed vector-Jacobian product vjp(x, v) = Jᵀv of f at x (v of length m, the result
 * of length n, or of x's structure). Full mode (default up to 4096 inputs): J rebuilt from the m
 * VJPs of the unit vectors and judged entry by entry; directional: the dot-product test on
 * random tangents and cotangents, with bisection to the bad entries.
 *
 * @example
 * const f = (x: Float64Array) => [x[0] * x[1], x[0] + x[1]];
 * const vjp = (x: Float64Array, v: Float64Array) => [v[0] * x[1] + v[1], v[0] * x[0] + v[1]];
 * checkVJP(f, [2, 3], vjp).ok; // true
 */
export function checkVJP(f: VectorFunction, x: ArrayLike<number>, vjp: VJP, options?: JacobianCheckOptions): JacobianCheckReport;
export function checkVJP<S extends Structure>(f: (x: S) => ArrayLike<number>, x: S, vjp: VJP<S>, options?: JacobianCheckOptions): JacobianCheckReport;
export function checkVJP(f: unknown, x: unknown, vjp: unknown, options?: JacobianCheckOptions): JacobianCheckReport {
  return checkProduct("checkVJP", "vjp", f, x, vjp, options);
}

/**
 * Checks a claimed Jacobian-vector product jvp(x, t) = J t of f at x (t of length n, or of x's
 * structure; the result of length m). Full mode: J rebuilt from the n JVPs of the unit vectors;
 * directional: each output of J t along random tangents, with bisection. A Hessian-vector
 * product is the JVP of the gradient: checkJVP(gradient, x, hvp).
 *
 * @example
 * const f = (x: Float64Array) => [x[0] * x[1], Math.sin(x[0])];
 * const jvp = (x: Float64Array, t: Float64Array) => [t[0] * x[1] + t[1] * x[0], Math.cos(x[0]) * t[0]];
 * checkJVP(f, [2, 3], jvp).ok; // true
 */
export function checkJVP(f: VectorFunction, x: ArrayLike<number>, jvp: JVP, options?: JacobianCheckOptions): JacobianCheckReport;
export function checkJVP<S extends Structure>(f: (x: S) => ArrayLike<number>, x: S, jvp: JVP<S>, options?: JacobianCheckOptions): JacobianCheckReport;
export function checkJVP(f: unknown, x: unknown, jvp: unknown, options?: JacobianCheckOptions): JacobianCheckReport {
  return checkProduct("checkJVP", "jvp", f, x, jvp, options);
}
