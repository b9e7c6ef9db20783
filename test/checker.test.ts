import { describe, expect, it } from "vitest";
import {
  assertGradient,
  checkGradient,
  checkNetwork,
  createNetwork,
  FunctionEvaluationError,
  GradientCheckError,
  InvalidArgumentError,
} from "../src/index.js";

const f = (x: Float64Array) => x[0] ** 3 + Math.sin(x[1]) * x[2];
const grad = (x: ArrayLike<number>) => [3 * x[0] ** 2, Math.cos(x[1]) * x[2], Math.sin(x[1])];
const x = [1.2, 0.4, -2];

describe("checkGradient", () => {
  it("passes a right gradient and reports its evaluations (6n + 1 for richardson, plus the Taylor line)", () => {
    const report = checkGradient(f, x, grad);
    expect(report.ok).toBe(true);
    expect(report.mismatches).toEqual([]);
    expect(report.evaluations).toBeGreaterThanOrEqual(6 * 3 + 1);
  });

  it("names the wrong coordinate, both values, the error and the bound it broke", () => {
    const wrong = grad(x);
    wrong[1] *= 1 + 1e-6;
    const report = checkGradient(f, x, wrong);
    expect(report.ok).toBe(false);
    expect(report.mismatches.map((m) => m.index)).toEqual([1]);
    const [m] = report.mismatches;
    expect(m.absError).toBeGreaterThan(m.bound);
    expect(report.ratio[1]).toBe(m.ratio);
    expect(Array.from(report.ratio).map((r) => r > 1)).toEqual([false, true, false]);
    expect(() => assertGradient(f, x, wrong)).toThrow(GradientCheckError);
    expect(() => assertGradient(f, x, wrong)).toThrow(/x\[1\]: differs by 1\.8e-6, .*× the numerical error bound/);
  });

  it("honours atol and rtol exactly as stated", () => {
    const wrong = grad(x);
    wrong[0] += 1e-3;
    expect(checkGradient(f, x, wrong, { atol: 1.1e-3, rtol: 0 }).ok).toBe(true);
    expect(checkGradient(f, x, wrong, { atol: 0.9e-3, rtol: 0 }).ok).toBe(false);
    expect(checkGradient(f, x, wrong, { rtol: 1e-3 / 4.32 }).ok).toBe(true);
  });

  it("never passes a non-finite analytic value", () => {
    const report = checkGradient(f, x, [Number.NaN, 0, 0]);
    expect(report.ok).toBe(false);
    expect(report.mismatches[0].index).toBe(0);
  });

  it("sets a kink aside as not differentiable instead of failing it", () => {
    const report = checkGradient((v) => Math.abs(v[0]) + v[1] ** 2, [0, 1], [1, 2]);
    expect(report.ok).toBe(true);
    expect(report.nonDifferentiable.map((k) => k.index)).toEqual([0]);
  });

  it("passes a right float32 gradient and fails a wrong one with precision float32", () => {
    const g = (v: Float64Array) => Math.fround(Math.fround(Math.sin(Math.fround(v[0]))) * Math.fround(v[1]));
    const p = [Math.fround(0.7), Math.fround(1.3)];
    const right = [Math.fround(Math.cos(p[0]) * p[1]), Math.fround(Math.sin(p[0]))];
    expect(checkGradient(g, p, right, { precision: "float32" }).ok).toBe(true);
    expect(checkGradient(g, p, [right[0] * 1.001, right[1]], { precision: "float32" }).ok).toBe(false);
  });

  it("leaves the caller's x unchanged, bit for bit", () => {
    const point = new Float64Array([1.2, 0.4, -2]);
    const copy = point.slice();
    checkGradient(f, point, grad);
    expect(point).toEqual(copy);
  });
});

describe("modes", () => {
  const n = 600;
  const h = (v: Float64Array) => {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += Math.sin(v[k]) * (k + 1);
    return sum / n;
  };
  const point = Array.from({ length: n }, (_, k) => k / n);
  const right = point.map((v, k) => (Math.cos(v) * (k + 1)) / n);

  it("directional: finds a bad coordinate by bisection, without a full check", () => {
    const wrong = right.slice();
    wrong[417] += 1e-6;
    const report = checkGradient(h, point, wrong, { mode: "directional", k: 4 });
    expect(report.ok).toBe(false);
    expect(report.mode).toBe("directional");
    expect(report.mismatches.map((m) => m.index)).toEqual([417]);
    expect(report.checked.length).toBeLessThan(n / 10);
  });

  it("directional: passes a right gradient", () => {
    expect(checkGradient(h, point, right, { mode: "directional" }).ok).toBe(true);
  });

  it("sparse: samples every layer's biases and weights", () => {
    const net = createNetwork({ layers: [4, 5, 3, 2], activation: "tanh" });
    const report = checkNetwork(net, [{ input: [1, 2, 3, 4], target: [0, 1] }], { mode: "sparse", k: 6 });
    const blocks = new Set(report.checked.map((k) => (k < 5 ? "b1" : k < 25 ? "w1" : k < 28 ? "b2" : k < 43 ? "w2" : k < 45 ? "b3" : "w3")));
    expect(blocks.size).toBe(6);
    expect(report.ok).toBe(true);
  });

  it("the same options and seed give the same report", () => {
    const a = checkGradient(h, point, right, { mode: "directional", seed: 9 });
    const b = checkGradient(h, point, right, { mode: "directional", seed: 9 });
    expect(a).toEqual(b);
  });
});

describe("bad input gets a clear error", () => {
  it("f not a function", () => {
    expect(() => checkGradient(3 as never, x, grad)).toThrow("checkGradient: f must be a function (x: Float64Array) => number, received 3");
  });
  it("x empty or not finite", () => {
    expect(() => checkGradient(f, [], [])).toThrow("checkGradient: x must be a non-empty array of finite numbers, received []");
    expect(() => checkGradient(f, [1, Number.NaN, 2], grad)).toThrow("checkGradient: x[1] must be a finite number, received NaN");
  });
  it("analytic of the wrong length", () => {
    expect(() => checkGradient(f, x, [1, 2])).toThrow("checkGradient: analytic.length must be 3 (the length of x), received 2");
  });
  it("f returning NaN names the coordinate and the step", () => {
    const bad = (v: Float64Array) => (v[1] > 0.4 ? Number.NaN : 1);
    expect(() => checkGradient(bad, x, grad)).toThrow(FunctionEvaluationError);
    expect(() => checkGradient(bad, x, grad)).toThrow(/checkGradient: f returned NaN with x\[1\] moved by/);
  });
  it("f throwing is wrapped with the coordinate", () => {
    const bad = () => {
      throw new Error("boom");
    };
    expect(() => checkGradient(bad, x, grad)).toThrow("checkGradient: f threw at the given point: boom");
  });
  it("f changing its argument", () => {
    const bad = (v: Float64Array) => {
      v[2] = 0;
      return 1;
    };
    expect(() => checkGradient(bad, x, grad)).toThrow(/checkGradient: f changed its argument \(entry 2\)/);
  });
  it("a bad option", () => {
    expect(() => checkGradient(f, x, grad, { mode: "fast" as never })).toThrow(InvalidArgumentError);
  });
});
