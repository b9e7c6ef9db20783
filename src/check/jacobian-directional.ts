/**
 * Directional mode of checkVJP and checkJVP: k random tangents t (±1/√n on every input, seeded),
 * J t differentiated numerically along each, output by output (one line, every output from the
 * same calls of f). A JVP is compared output by output, each against its own row's error; a VJP by
 * the dot-product test ⟨vjp(x, v), t⟩ = ⟨v, J t⟩ with a random cotangent v whose entries are
 * ±1/s_i, s_i output i's size along the tangents, so that every output weighs alike (a row of
 * 10⁶ does not drown one of 10⁻⁶). Where a comparison fails, bisection over blocks of inputs
 * (one tangent per half, recursing into halves that fail) down to LEAF inputs finds the columns
 * whose entries are then checked one by one.
 */
import type { Random } from "../base/random.js";
import type { NoiseHint } from "../numeric/differentiate.js";
import { differentiateRows } from "../numeric/jacobian.js";
import { vectorLines } from "../numeric/vector.js";
import type { JacobianSetup } from "./check-jacobian.js";
import type { JacobianDirection } from "./jacobian-report.js";
import { drawDirection, LEAF } from "./modes.js";
import type { ProductClaim } from "./products.js";
import { range } from "./subject.js";
import { boundAt, passes, resolved } from "./tolerance.js";

/** Test-only seam (properties/jacobian-mutations.test.ts): planted mistakes in the directional comparisons. */
export interface DirectionalMutation {
  /** Cotangents of ±1 on every output: the largest row drowns the others in ⟨v, J t⟩. */
  unweightedCotangents?: boolean;
}
let mutation: DirectionalMutation = {};
/** Sets the planted mistake (test-only; `{}` restores the real behaviour). */
export function setDirectionalMutation(m: DirectionalMutation): void {
  mutation = m;
}

interface Comparison {
  checks: JacobianDirection[];
  evaluations: number;
}

/** Compares the claim along the tangents `ts` (cotangent weights `weights` for a VJP). */
function compareAlong(
  setup: JacobianSetup,
  claim: ProductClaim,
  ts: Float64Array[],
  support: number,
  random: Random,
  weights?: Float64Array,
  noise?: readonly NoiseHint[],
): Comparison & { scales: Float64Array; noise: NoiseHint[]; conclusive: boolean } {
  const { fn, flat, point, m, options } = setup;
  const lines = vectorLines(fn, flat, point.x, m, ts, point.name, options.outputName);
  const rows = differentiateRows(lines, options.differentiation, fn, undefined, noise);
  /** Every comparison judged: no kink, each bound small against its scale. A bisection recurses into a half that is not. */
  let conclusive = true;
  const scales = new Float64Array(m);
  for (let i = 0; i < m; i++) for (const v of rows[i].gradient) if (Number.isFinite(v)) scales[i] = Math.max(scales[i], Math.abs(v));
  const checks: JacobianDirection[] = [];
  ts.forEach((t, c) => {
    if (claim.form === "jvp") {
      const a = claim.along(t, new Float64Array(m));
      for (let i = 0; i < m; i++) {
        const d = rows[i];
        const [numeric, numericError] = [d.gradient[c], d.error[c]];
        const scale = Math.max(Math.abs(a[i]), Math.abs(numeric), scales[i]);
        const bound = boundAt(options.rule, a[i], numeric, numericError, scales[i], scale);
        checks.push({ row: i, analytic: a[i], numeric, numericError, bound, ok: d.kink[c] === 1 || passes(a[i], numeric, bound), support });
        conclusive &&= d.kink[c] === 0 && resolved(bound, scale);
      }
      return;
    }
    const v = new Float64Array(m);
    let [numeric, numericError, scale, kink] = [0, 0, 0, false];
    for (let i = 0; i < m; i++) {
      const w = mutation.unweightedCotangents ? 1 : weights ? weights[i] : 1 / (scales[i] > 0 ? scales[i] : 1);
      v[i] = random.next() < 0.5 ? -w : w;
      numeric += v[i] * rows[i].gradient[c];
      numericError += Math.abs(v[i]) * rows[i].error[c];
      scale += Math.abs(v[i]) * scales[i] * Math.sqrt(support);
      kink ||= rows[i].kink[c] === 1;
    }
    const a = claim.along(t, v)[0];
    const bound = boundAt(options.rule, a, numeric, numericError, 0, Math.max(scale, Math.abs(a), Math.abs(numeric)));
    checks.push({ row: -1, analytic: a, numeric, numericError, bound, ok: kink || passes(a, numeric, bound), support });
    conclusive &&= !kink && resolved(bound, Math.max(scale, Math.abs(a), Math.abs(numeric)));
  });
  return { checks, evaluations: lines.evaluations(), scales, noise: rows.map((r) => ({ measured: r.noise })), conclusive };
}

/**
 * The directional comparisons, and the columns bisection isolated (to be judged entry by entry),
 * with the calls of f spent on lines.
 */
export function directionalProducts(setup: JacobianSetup, claim: ProductClaim, k: number, random: Random) {
  const { n, m } = setup;
  const zero = new Float64Array(n);
  const tangents = (support?: ArrayLike<number>) => drawDirection(n, random, zero, support).u;
  const top = compareAlong(
    setup,
    claim,
    Array.from({ length: k }, () => tangents()),
    n,
    random,
  );
  const weights = Float64Array.from(top.scales, (s) => 1 / (s > 0 ? s : 1));
  let evaluations = top.evaluations;
  const leaves: number[] = [];
  const bisect = (block: Int32Array): void => {
    if (block.length <= LEAF) return void leaves.push(...block);
    const mid = block.length >> 1;
    for (const half of [block.subarray(0, mid), block.subarray(mid)]) {
      const result = compareAlong(setup, claim, [tangents(half)], half.length, random, m > 0 ? weights : undefined, top.noise);
      evaluations += result.evaluations;
      // A half whose comparison could not decide (a kink along its tangent, a bound as large as the
      // derivative) is no evidence that its columns are right: it is searched too.
      if (result.checks.some((c) => !c.ok) || !result.conclusive) bisect(half);
    }
  };
  if (top.checks.some((c) => !c.ok)) bisect(range(n));
  return { checks: top.checks, leaves: Int32Array.from(leaves), evaluations };
}
