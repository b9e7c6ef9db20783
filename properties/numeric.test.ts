/**
 * Property 10, the differentiator: exact up to rounding on quadratics, error falling as h² on
 * smooth functions. And the checker's promise to callers: their x and network.parameters are
 * bitwise unchanged after numericalGradient, checkGradient, checkNetwork and checkOutputDelta.
 */
import fc from "fast-check";
import { describe, expect } from "vitest";
import { networkCase, real } from "../src/arbitraries/index.js";
import { checkGradient, checkNetwork, checkOutputDelta, numericalGradient } from "../src/index.js";
import { stepAt } from "../src/numeric/step.js";
import { quadratic, smoothFunction, sumOfExponentials } from "./functions.js";
import { EPSILON, UNDERFLOW } from "./laws.js";
import { prop } from "./prop.js";
import { runs } from "./runs.js";

/** Relative steps from 2^−30 to 2^−2, log-uniform. */
const relativeStep = fc.integer({ min: 2, max: 30 }).chain((e) => real(1, 2).map((m) => m * 2 ** -e));

describe("property 10: numericalGradient", () => {
  /**
   * On f = ½xᵀAx + bᵀx + c the central difference [f(x + h) − f(x − h)]/2h equals (Ax + b)_k in
   * exact arithmetic, for every h. In floating point, with F(v) = |c| + Σ|b_i v_i| + ½Σ|A_ij v_i v_j|
   * the sum of the magnitudes of f's m = n² + n + 1 terms, each evaluation of f is within
   * (m + 3)εF of f (a sum of m terms of up to 3 rounded factors), so the quotient is within
   *     (m + 5)·ε·(F(x + h) + F(x − h))/(2h) + ε|g_k|(|x_k| + h)/h + 2ε|g_k|
   * of g_k: the rounding of the two values, of x_k − h (x_k + h is exact by construction, x_k − h
   * may round by ε|x_k − h|), and of the final subtraction and division. Relative bounds fail
   * where values underflow: every operation may also err by up to η = 2^−1074 (the smallest
   * subnormal) absolutely, so each evaluation carries up to 4mη more (m terms of up to 3
   * products and a sum), the quotient 4mη/h more, and the division one η of its own.
   */
  prop([quadratic, relativeStep], { numRuns: runs(2) })(
    "central differences are exact on quadratics up to rounding: |n_k − g_k| ≤ (m + 5)ε(F(x + h) + F(x − h))/2h + ε|g_k|(|x_k| + h)/h + 2ε|g_k| + (4m/h + 1)η, η = 2^−1074",
    (q, step) => {
      const n = q.x.length;
      const m = n * n + n + 1;
      const numeric = numericalGradient(q.f, q.x, { method: "central", step });
      const g = q.gradient(q.x);
      const magnitude = (v: number[]): number =>
        Math.abs(q.c) + v.reduce((s, vi, i) => s + Math.abs(q.b[i] * vi) + v.reduce((t, vj, j) => t + 0.5 * Math.abs(q.A[i][j] * vi * vj), 0), 0);
      for (let k = 0; k < n; k++) {
        const h = stepAt(q.x[k], step);
        const up = q.x.map((v, i) => (i === k ? v + h : v));
        const down = q.x.map((v, i) => (i === k ? v - h : v));
        const allowed =
          ((m + 5) * EPSILON * (magnitude(up) + magnitude(down))) / (2 * h) +
          (EPSILON * Math.abs(g[k]) * (Math.abs(q.x[k]) + h)) / h +
          2 * EPSILON * Math.abs(g[k]) +
          ((4 * m) / h + 1) * UNDERFLOW;
        expect(Math.abs(numeric[k] - g[k]), `coordinate ${k}, h = ${h}`).toBeLessThanOrEqual(allowed);
      }
    },
  );

  /**
   * On f = Σ c_k e^{a_k x_k} the central difference errs by h²f'''/6 + h⁴f⁽⁵⁾/120 + …, so halving h
   * divides the error by 4·(1 + O(h²a²)). For relative steps 2^−4 to 2^−6 (h ≤ 0.125, |a| ≤ 2) the
   * correction is below 0.3%, and rounding (ε|f|/h ≲ 2e-12) is below 10^−4 of the truncation
   * error (h²|f'''|/6 ≳ 2e-7), so the ratio lies within 4 ± 0.05.
   */
  prop([sumOfExponentials, fc.integer({ min: 4, max: 6 })], { numRuns: runs(1) })(
    "its error falls as h²: halving the step divides the error of central differences by 4 ± 0.05 (relative steps 2^−4 to 2^−6)",
    (t, e) => {
      const g = t.gradient(t.x);
      const coarse = numericalGradient(t.f, t.x, { method: "central", step: 2 ** -e });
      const fine = numericalGradient(t.f, t.x, { method: "central", step: 2 ** -(e + 1) });
      for (let k = 0; k < t.x.length; k++) {
        const ratio = Math.abs(coarse[k] - g[k]) / Math.abs(fine[k] - g[k]);
        expect(ratio, `coordinate ${k}`).toBeGreaterThan(3.95);
        expect(ratio, `coordinate ${k}`).toBeLessThan(4.05);
      }
    },
  );
});

describe("the caller's arrays are never changed", () => {
  const bits = (v: ArrayLike<number>): string => Array.from(new Uint8Array(Float64Array.from(v).buffer)).join(",");

  prop([smoothFunction, fc.constantFrom("central", "richardson" as const)], { numRuns: runs(1) })(
    "after numericalGradient and checkGradient, x is bitwise unchanged (−0 included), even when f writes to its argument",
    (t, method) => {
      const x = Float64Array.from(t.x);
      const before = bits(x);
      numericalGradient(t.f, x, { method });
      checkGradient(t.f, x, t.gradient, { method });
      expect(() =>
        checkGradient(
          (v) => {
            v[0] = 7;
            return t.f(v);
          },
          x,
          t.gradient(t.x),
        ),
      ).toThrow("changed its argument");
      expect(bits(x)).toBe(before);
    },
  );

  prop([networkCase({}, 2)], { numRuns: runs(1) })(
    "after checkNetwork and checkOutputDelta, network.parameters and the samples are bitwise unchanged",
    (c) => {
      const before = bits(c.network.parameters);
      const inputs = c.samples.map((s) => bits(s.input));
      checkNetwork(c.network, c.samples);
      checkOutputDelta(c.network, c.samples[0]);
      expect(bits(c.network.parameters)).toBe(before);
      expect(c.samples.map((s) => bits(s.input))).toEqual(inputs);
    },
  );
});
