/**
 * Property 9, the checker's two promises under its default (calibrated) verdict: it never fails
 * a correct gradient (past counterexamples pinned in false-alarms.test.ts), and it
 * fails whenever one coordinate of a correct gradient is moved by
 *
 *     |Δ| ≥ DETECTED·max(‖g‖∞, |f|_k, 2^−1000),   DETECTED = 1e-4,
 *
 * where |f|_k = max(|f(x)|, |f(x ± h_k e_k)|) is the size of f along the checker's first step
 * h_k = 2^−7·max(1, |x_k|) (so in particular whenever |Δ| ≥ 1e-4·|g_k| and |g_k| is the largest
 * of these),
 *
 * on smooth closed-form functions evaluated accurately (properties/functions.ts) and on networks with
 * ordinary weights (relu networks where kink-free). "Accurately" matters: where f's computed values
 * lose the derivative (f rounding to 0 while its true value is 1e-77), the numerical derivative is
 * wrong by |g_k| and a perturbation toward it cannot be seen. The floors ‖g‖∞ and |f|_k stand for what no finite-difference
 * checker can resolve: a coordinate whose derivative is far below the others' or below the rounding
 * of f itself; 2^−1000 for values near underflow. Explicit atol/rtol replace the calibrated bound
 * exactly as documented.
 */
import fc from "fast-check";
import { describe, expect } from "vitest";
import { networkCase, real } from "../src/arbitraries/index.js";
import { meanErrorFunction } from "../src/check/check-network.js";
import { checkGradient, numericalGradient } from "../src/index.js";
import { richardsonStep, stepAt } from "../src/numeric/step.js";

const RICHARDSON_STEP = richardsonStep("float64");

import { smoothFunction, type TestFunction } from "./functions.js";
import { kinkFree } from "./kinks.js";
import { prop } from "./prop.js";
import { runs } from "./runs.js";

/** The relative size of perturbation the calibrated verdict is guaranteed to catch. */
const DETECTED = 1e-4;
/**
 * The absolute floor of the scale, 2^−1000 ≈ 9.3e-302: below it f and ∇f are near the subnormal
 * range, where no difference quotient resolves a derivative (f(x ± h) round to the same value).
 */
const RESOLVABLE = 2 ** -1000;

/** |f|_k = max |f| at x and x ± h_k e_k, h_k = stepAt(x_k, RICHARDSON_STEP): the size of f where the checker looks along coordinate k. */
function sizeOfF(t: TestFunction, k: number): number {
  const h = stepAt(t.x[k], RICHARDSON_STEP);
  const at = (dx: number): number => Math.abs(t.f(Float64Array.from(t.x, (v, i) => (i === k ? v + dx : v))));
  return Math.max(at(0), at(h), at(-h));
}

/** A network's mean error as a TestFunction of its weights (forward passes only), at a kink-free point. */
const networkFunction: fc.Arbitrary<TestFunction> = networkCase({ weights: ["ordinary"] })
  .filter((c) => kinkFree(c.network, c.samples))
  .map((c) => ({
    name: String(c),
    f: meanErrorFunction(c.network, c.samples),
    gradient: () => c.network.meanGradient(c.samples).gradient,
    x: Array.from(c.network.parameters),
    [fc.toStringMethod]: () => fc.stringify(c),
  }));

const anyFunction = fc.oneof(smoothFunction, networkFunction);

/** A coordinate k, a sign and a size u ∈ [1, 10^4] (log-uniform) for the perturbation Δ = ±u·DETECTED·scale. */
const perturbation = (t: TestFunction) =>
  fc.record({ k: fc.integer({ min: 0, max: t.x.length - 1 }), negative: fc.boolean(), u: real(0, 4).map((e) => 10 ** e) });

describe("property 9: checkGradient's calibrated verdict", () => {
  // A network at its minimum (zero weights, a target of 1e-308) has a gradient far below what
  // any difference quotient resolves: such coordinates are unresolved, failing by default (the
  // check's own limit, properties/trust.test.ts). The claim: no mismatch, and unresolved only
  // where ‖g‖∞ is below 1e-6·max(1, |f(x)|).
  const neverFails = (t: TestFunction): void => {
    const report = checkGradient(t.f, t.x, t.gradient(t.x));
    expect(report.mismatches).toEqual([]);
    const scale = Math.max(...Array.from(report.analytic, Math.abs));
    if (report.unresolved.length > 0) expect(scale).toBeLessThan(1e-6 * Math.max(1, Math.abs(t.f(Float64Array.from(t.x)))));
    else expect(report.ok).toBe(true);
  };
  prop([networkFunction], { numRuns: runs(1) })(
    "never fails the correct gradient of a network's mean error (ordinary weights), but for coordinates unresolved at a minimum (‖g‖∞ < 1e-6·max(1, |f|))",
    neverFails,
  );
  // Closed forms include gradients of 5e-324 on f ≈ 1e-7: below anything a difference quotient
  // resolves, so reported unresolved (failing by default, see properties/trust.test.ts); the claim
  // here is that a right gradient is never a mismatch.
  prop([smoothFunction], { numRuns: runs(1) })(
    "never fails the correct gradient of a smooth closed-form function (allowUnresolved: no mismatch)",
    (t: TestFunction): void => {
      const report = checkGradient(t.f, t.x, t.gradient(t.x), { allowUnresolved: true });
      expect(report.mismatches).toEqual([]);
      expect(report.ok).toBe(true);
    },
  );

  prop([anyFunction.chain((t) => perturbation(t).map((p) => ({ t, ...p })))], { numRuns: runs(2) })(
    `fails whenever one coordinate k is moved by |Δ| ≥ ${DETECTED}·max(‖g‖∞, |f|_k, 2^−1000), |f|_k the largest |f| at x and x ± h_k e_k, and names that coordinate`,
    ({ t, k, negative, u }) => {
      const g = t.gradient(t.x);
      const scale = Math.max(...Array.from(g, Math.abs), sizeOfF(t, k), RESOLVABLE);
      const claimed = Float64Array.from(g);
      claimed[k] += (negative ? -1 : 1) * u * DETECTED * scale;
      const report = checkGradient(t.f, t.x, claimed);
      expect(report.ok).toBe(false);
      expect(report.mismatches.map((m) => m.index)).toContain(k);
    },
  );
});

describe("property 9: explicit tolerances", () => {
  const tolerance = fc.record({ atol: fc.option(real(0, 1e-3), { nil: undefined }), rtol: real(0, 1e-2) });
  const noise = (t: TestFunction) => fc.array(real(-1e-2, 1e-2), { minLength: t.x.length, maxLength: t.x.length });

  prop([smoothFunction.chain((t) => fc.tuple(fc.constant(t), tolerance, noise(t)))], { numRuns: runs(1) })(
    "with atol and rtol, coordinate k mismatches exactly when |a_k − n_k| > atol + rtol·max(|a_k|, |n_k|)",
    ([t, { atol, rtol }, wobble]) => {
      const claimed = Float64Array.from(t.gradient(t.x), (g, k) => g + wobble[k] * Math.abs(g));
      const report = checkGradient(t.f, t.x, claimed, { atol, rtol });
      const n = numericalGradient(t.f, t.x, { method: "richardson" });
      expect(report.numeric).toEqual(n);
      const expected: number[] = [];
      for (let k = 0; k < t.x.length; k++) {
        const bound = (atol ?? 0) + rtol * Math.max(Math.abs(claimed[k]), Math.abs(n[k]));
        expect(report.bound[k]).toBe(bound);
        if (!(Math.abs(claimed[k] - n[k]) <= bound)) expected.push(k);
      }
      expect(report.mismatches.map((m) => m.index).sort((p, q) => p - q)).toEqual(expected);
      expect(report.ok).toBe(expected.length === 0);
    },
  );

  prop([smoothFunction.chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: 0, max: t.x.length - 1 })))], { numRuns: runs(1) })(
    "atol is honoured to the last bit: |a − n| = atol passes, and atol one double smaller fails",
    ([t, k]) => {
      const n = numericalGradient(t.f, t.x, { method: "richardson" });
      const claimed = Float64Array.from(n);
      claimed[k] = n[k] + 1e-3 * Math.max(1, Math.abs(n[k]));
      const gap = Math.abs(claimed[k] - n[k]);
      expect(checkGradient(t.f, t.x, claimed, { atol: gap, rtol: 0 }).ok).toBe(true);
      const below = checkGradient(t.f, t.x, claimed, { atol: gap - gap * 2 ** -52, rtol: 0 });
      expect(below.mismatches.map((m) => m.index)).toEqual([k]);
    },
  );
});
