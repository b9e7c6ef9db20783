import { describe, expect, it } from "vitest";
import { blackBox } from "../src/numeric/evaluate.js";
import { logSteps, stepSweep } from "../src/numeric/sweep.js";

/** Least-squares slope of log10 error against log10 h. */
function slope(points: { h: number; error: number }[]): number {
  const xs = points.map((p) => Math.log10(p.h));
  const ys = points.map((p) => Math.log10(p.error));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, k) => {
    num += (x - mx) * (ys[k] - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

describe("the step-size sweep", () => {
  it("spaces steps evenly in log h, largest first", () => {
    const steps = logSteps(1e-1, 1e-3, 2);
    expect(steps).toHaveLength(5);
    expect(steps[0]).toBe(1e-1);
    expect(steps[4]).toBeCloseTo(1e-3, 15);
  });

  // f = exp: f' = f''' = e^x, so truncation ≈ h² e/6 and rounding ≈ ε e/h.
  const sweep = stepSweep(
    blackBox("test", (x) => Math.exp(x[0]), [1]),
    0,
    Math.E,
  );

  it("draws a V for exp at 1: truncation falls as h² on the right arm (slope ≈ 2 in log–log)", () => {
    const right = sweep.filter((p) => p.h >= 1e-4);
    expect(slope(right)).toBeGreaterThan(1.9);
    expect(slope(right)).toBeLessThan(2.1);
  });

  it("and rounding rises as 1/h on the left arm (slope ≈ −1, noisy)", () => {
    const left = sweep.filter((p) => p.h <= 1e-8);
    expect(slope(left)).toBeLessThan(-0.6);
    expect(slope(left)).toBeGreaterThan(-1.4);
  });

  it("reaches its bottom near the balance point h ≈ ∛ε, far below both ends", () => {
    const best = sweep.reduce((p, q) => (q.error < p.error ? q : p));
    expect(best.h).toBeGreaterThan(1e-7);
    expect(best.h).toBeLessThan(1e-4);
    expect(best.error).toBeLessThan(1e-3 * Math.min(sweep[0].error, sweep[sweep.length - 1].error));
  });

  it("takes steps that are exact in floating point: (x + h) − x = h", () => {
    const at = 3.7;
    for (const p of stepSweep(
      blackBox("test", (x) => x[0] ** 2, [at]),
      0,
      2 * at,
    ))
      expect(at + p.h - at).toBe(p.h);
  });
});
