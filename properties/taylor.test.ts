/**
 * The Taylor second opinion is advisory: over functions at their domain edges (sqrt and log
 * near 0, acosh near 1, log-loss near 0 and 1, and an f that is NaN past a wall), along any
 * direction, it never throws — and neither does checkGradient of a right gradient there. The
 * claim bites: with the guard around f removed (taylorTest's evaluate seam), fast-check finds a
 * domain edge that throws.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { float32Line, guardedValue, lineOf, type TaylorLine, taylorTest } from "../src/check/taylor.js";
import { checkGradient } from "../src/index.js";
import { prop } from "./prop.js";
import { runs } from "./runs.js";

interface Edge {
  name: string;
  f: (x: Float64Array) => number;
  x: number[];
  g: number[];
}

/** One coordinate per term, each at distance `near` from its domain's edge, plus a smooth coordinate. */
const term = fc.record({
  kind: fc.constantFrom("sqrt", "log", "acosh", "logloss0", "logloss1", "wall"),
  exponent: fc.double({ min: -12, max: -1, noNaN: true }),
});

function edge(terms: { kind: string; exponent: number }[]): Edge {
  const x: number[] = [];
  const g: number[] = [];
  const parts: ((p: Float64Array) => number)[] = [];
  terms.forEach(({ kind, exponent }, k) => {
    const near = 10 ** exponent;
    if (kind === "sqrt") [x[k], g[k], parts[k]] = [near, 0.5 / Math.sqrt(near), (p) => Math.sqrt(p[k])];
    else if (kind === "log") [x[k], g[k], parts[k]] = [near, 1 / near, (p) => Math.log(p[k])];
    else if (kind === "acosh") {
      const v = 1 + near;
      const e = v - 1;
      [x[k], g[k], parts[k]] = [v, 1 / Math.sqrt(e * (2 + e)), (p) => Math.acosh(p[k])];
    } else if (kind === "logloss0") [x[k], g[k], parts[k]] = [near, -1 / near, (p) => -Math.log(p[k])];
    else if (kind === "logloss1") {
      const v = 1 - near;
      [x[k], g[k], parts[k]] = [v, 1 / (1 - v), (p) => -Math.log(1 - p[k])];
    } else [x[k], g[k], parts[k]] = [near, 2 * near, (p) => (p[k] > 0 ? p[k] * p[k] : Number.NaN)];
  });
  const n = terms.length;
  x[n] = 0.7;
  g[n] = 1.4;
  const f = (p: Float64Array) => parts.reduce((s, part) => s + part(p), p[n] * p[n]);
  return { name: terms.map((t) => `${t.kind}@1e${t.exponent.toFixed(1)}`).join(" + "), f, x, g };
}

const edges = fc.array(term, { minLength: 1, maxLength: 4 }).map(edge);
/** A direction with entries ±1/√n, as the checks draw them: every coordinate moves, either way. */
const direction = (n: number) => fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((s) => s.map((b) => (b ? 1 : -1) / Math.sqrt(n)));
const cases = edges.chain((e) => fc.tuple(fc.constant(e), direction(e.x.length), fc.boolean()));

/** The Taylor line of e along d: float64 (as the checks build it), or float32-rounded. */
function lineFor(e: Edge, d: number[], float32: boolean): TaylorLine {
  const x = Float64Array.from(e.x);
  const u = Float64Array.from(d);
  const g = Float64Array.from(e.g);
  if (float32) return float32Line(e.f, x, u, g);
  const point = new Float64Array(x.length);
  const slope = g.reduce((s, v, k) => s + v * u[k], 0);
  const scale = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return lineOf(
    (h) => {
      for (let k = 0; k < x.length; k++) point[k] = x[k] + h * u[k];
      const v = e.f(point);
      if (!Number.isFinite(v)) throw new Error(`f returned ${v}`);
      return v;
    },
    slope,
    scale,
  );
}

/** The property, with the evaluator as a parameter: the real guard, or none. */
const neverThrows =
  (evaluate: typeof guardedValue) =>
  ([e, d, float32]: [Edge, number[], boolean]): boolean => {
    const test = taylorTest(lineFor(e, d, float32), 1e-16, { precision: float32 ? "float32" : "float64", kinks: 0 }, evaluate);
    return test.residuals.every((r) => Number.isFinite(r.r));
  };

describe("the Taylor opinion never throws", () => {
  prop([cases], { numRuns: runs(0.5) })(
    "along any direction through a domain edge, the Taylor test returns (skipping the steps where f is not finite)",
    (...args) => neverThrows(guardedValue)(args[0]),
  );

  prop([edges, fc.integer({ min: 1, max: 1000 })], { numRuns: runs(0.2) })(
    "checkGradient of a right gradient at a domain edge does not throw, and its Taylor test says why when it has no order",
    (e, seed) => {
      const report = checkGradient(e.f, e.x, e.g, { seed });
      expect(report.taylor.order !== null || report.taylor.notes.length > 0).toBe(true);
    },
  );

  it("bites: without the guard, fast-check finds a domain edge where the Taylor test throws", () => {
    const unguarded = (line: TaylorLine, h: number) => line.value(h);
    const details = fc.check(
      fc.property(cases, (c) => neverThrows(unguarded)(c)),
      { numRuns: runs(0.5), endOnFailure: true },
    );
    expect(details.failed).toBe(true);
    // And the guarded test holds at that counterexample:
    const [c] = details.counterexample!;
    expect(neverThrows(guardedValue)(c)).toBe(true);
  });
});
