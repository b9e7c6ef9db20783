/**
 * Finding 19 (pinned): terms whose scale near x is far below 1, summed. |f| is mostly the 1/x
 * term, and a noise cap set by a fraction of |f| (2⁻²⁰·|f| ≈ 0.02) took the cbrt coordinates'
 * signal for rounding: their ladders stopped at the default step (numeric 1.15 for 156.95, 73.7
 * for 5103). Each coordinate must find the derivative it finds alone, and an error of 1e-3 on a
 * cbrt coordinate must fail, named.
 */
import { describe, expect, it } from "vitest";
import { checkGradient } from "../src/index.js";

const cbrt = { f: Math.cbrt, g: (v: number) => 1 / (3 * Math.cbrt(v) ** 2), name: "cbrt" };
const inverse = { f: (v: number) => 1 / v, g: (v: number) => -1 / (v * v), name: "1/x" };

const cases = [
  { terms: [inverse, cbrt, cbrt], x: [0.00005375337952787309, 5.27880452614322e-7, 0.00009787918488984869] },
  { terms: [cbrt, cbrt, inverse], x: [1.3268822996491265e-8, 0.00006602237563689732, 0.000004877624066271052] },
];

describe("sums of cbrt and 1/x terms near 0 (finding 19)", () => {
  for (const { terms, x } of cases) {
    const f = (p: Float64Array) => terms.reduce((sum, t, k) => sum + t.f(p[k]), 0);
    const g = Float64Array.from(x, (v, k) => terms[k].g(v));
    const label = terms.map((t, k) => `${t.name}(${x[k]})`).join(" + ");

    it(`${label}: the right gradient passes, each coordinate as alone`, () => {
      const report = checkGradient(f, x, g);
      expect(report.mismatches).toEqual([]);
      expect(report.unresolved).toEqual([]);
      expect(report.ok).toBe(true);
      for (let k = 0; k < x.length; k++) {
        const alone = checkGradient((p) => terms[k].f(p[0]), [x[k]], [g[k]]);
        expect(alone.ok).toBe(true);
        expect(Math.abs(report.numeric[k] - g[k])).toBeLessThanOrEqual(1e-6 * Math.abs(g[k]));
        expect(Math.abs(alone.numeric[0] - g[k])).toBeLessThanOrEqual(1e-6 * Math.abs(g[k]));
      }
    });

    it(`${label}: an error of 1e-3 on a cbrt coordinate fails, named`, () => {
      for (let k = 0; k < x.length; k++) {
        if (terms[k] !== cbrt) continue;
        const claimed = Float64Array.from(g);
        claimed[k] *= 1 + 1e-3;
        const report = checkGradient(f, x, claimed);
        expect(report.ok).toBe(false);
        expect(report.mismatches.map((m) => m.index)).toEqual([k]);
      }
    });
  }
});
