/**
 * The periphery of a verdict (issue 8): the Taylor second opinion is advisory and says when its
 * order means nothing; a forgotten precision: "float32" is named in a failing report; and every
 * error names the user's coordinate, never a line's or a direction's index.
 */
import { describe, expect, it } from "vitest";
import { observe } from "../src/check/hints.js";
import { float32Line, type TaylorLine, taylorTest } from "../src/check/taylor.js";
import { checkGradient, checkNetwork, createNetwork, FunctionEvaluationError, formatReport } from "../src/index.js";
import { alongLines, blackBox, describeLinePoint } from "../src/numeric/evaluate.js";

describe("the Taylor second opinion", () => {
  it("a right gradient at sqrt near 0 no longer throws along the seed whose direction crossed 0 (it did: 'coordinate 0 moved by 2.5e-1')", () => {
    for (let seed = 1; seed <= 8; seed++) {
      const report = checkGradient((p) => Math.sqrt(p[0]) + Math.sqrt(p[1]), [0.01, 0.3], [0.5 / Math.sqrt(0.01), 0.5 / Math.sqrt(0.3)], { seed });
      expect(report.ok).toBe(true);
      expect(report.taylor.order).toBeCloseTo(2, 1);
    }
  });

  it("skips the steps where f is not finite, says so, and takes its order from the rest", () => {
    const line: TaylorLine = { value: (h) => (h > 1e-3 ? Number.NaN : (1 + h) ** 2), slope: (h) => 2 * h, scale: 1 };
    const test = taylorTest(line, 1e-16, { precision: "float64", kinks: 0 });
    expect(test.order).toBeCloseTo(2, 2);
    expect(test.informative).toBe(true);
    expect(test.notes.join()).toMatch(/steps up to 2\.5e-1 left f's domain \(not finite\) and were skipped/);
    expect(test.residuals.every((r) => r.h <= 1e-3)).toBe(true);
  });

  it("drops out with a note, never throws, when f fails at every step", () => {
    const line: TaylorLine = {
      value: (h) => {
        if (h === 0) return 1;
        throw new Error("no");
      },
      slope: (h) => h,
      scale: 1,
    };
    const test = taylorTest(line, 1e-16, { precision: "float64", kinks: 0 });
    expect(test).toMatchObject({ order: null, residuals: [], informative: false });
    expect(test.notes[0]).toMatch(/^dropped: f was not finite \(or threw\) at every step/);
  });

  it("is marked uninformative where f has kinks, and the report says so", () => {
    const report = checkGradient((p) => Math.abs(p[0]) + p[1] * p[1], [0, 0.5], [0, 1]);
    expect(report.nonDifferentiable.map((k) => k.name)).toEqual(["x[0]"]);
    expect(report.taylor.informative).toBe(false);
    expect(formatReport(report)).toMatch(/uninformative: f has 1 kink here/);
  });

  it("in float32 rounds its points to float32 and is marked uninformative", () => {
    const seen: number[] = [];
    const f = (p: Float64Array) => {
      seen.push(...p);
      return Math.fround(Math.fround(p[0] * p[0]) + Math.fround(3 * p[1]));
    };
    const x = Float64Array.from([Math.fround(0.7), Math.fround(1.3)]);
    const test = taylorTest(float32Line(f, x, Float64Array.from([Math.SQRT1_2, -Math.SQRT1_2]), Float64Array.from([2 * x[0], 3])), 1e-8, {
      precision: "float32",
      kinks: 0,
    });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((v) => Math.fround(v) === v)).toBe(true);
    expect(test.informative).toBe(false);
    expect(test.notes.join()).toMatch(/uninformative in float32/);
    const report = checkGradient(f, x, [2 * x[0], 3], { precision: "float32" });
    expect(report.ok).toBe(true);
    expect(formatReport(report)).toMatch(/uninformative in float32/);
  });

  it("never decides the verdict: a wrong gradient whose Taylor test dropped out still fails, a right one still passes", () => {
    // f is NaN everywhere but on the coordinate axes through x: every Taylor step (along a
    // direction moving both coordinates) fails, every coordinate stencil works.
    const x = [0.5, 0.25];
    const f = (p: Float64Array) => (p[0] !== x[0] && p[1] !== x[1] ? Number.NaN : p[0] * p[0] + p[1]);
    const right = checkGradient(f, x, [1, 1]);
    const wrong = checkGradient(f, x, [1, 1.5]);
    expect(right.taylor.order).toBeNull();
    expect(right.taylor.notes[0]).toMatch(/^dropped/);
    expect(right.ok).toBe(true);
    expect(wrong.ok).toBe(false);
    expect(formatReport(right)).toMatch(/Taylor second opinion: none \(dropped/);
  });
});

describe("a forgotten precision: 'float32' is named", () => {
  const f32 = (p: Float64Array) => Math.fround(Math.fround(p[0] * p[0]) + Math.fround(Math.fround(3) * Math.fround(p[1])));
  const x = [Math.fround(0.7), Math.fround(1.3)];

  // Its values lie on float32's grid, which the check sees as f's rounding (numeric/step.ts, GRID_SPAN):
  // a right gradient passes even as float64, and a failing report names the forgotten precision.
  it("a float32 f checked as float64: the right gradient passes, a wrong one fails with a hint to pass precision: 'float32'; with it, it passes without hints", () => {
    expect(checkGradient(f32, x, [2 * x[0], 3]).ok).toBe(true);
    const report = checkGradient(f32, x, [2 * x[0] * (1 + 1e-4), 3]);
    expect(report.ok).toBe(false);
    expect(report.hints.join()).toMatch(/every one of the \d+ values of f the check met is a float32 number/);
    expect(formatReport(report)).toMatch(/hint: .*pass \{ precision: "float32" \}/);
    const right = checkGradient(f32, x, [2 * x[0], 3], { precision: "float32" });
    expect(right.ok).toBe(true);
    expect(right.hints).toEqual([]);
  });

  it("f(x ± h) equal to f(x) bit for bit at a failing coordinate is named", () => {
    // 1000 + 1e-3·x_0 in float32: every step of the stencil rounds back to f(x).
    const f = (p: Float64Array) => Math.fround(1000 + Math.fround(1e-3 * p[0]));
    const report = checkGradient(f, [0.5], [1e-3]);
    expect(report.ok).toBe(false);
    expect(report.hints[0]).toMatch(
      /^f\(x ± h\) equalled f\(x\) bit for bit at \d+ of the \d+ steps tried along x\[0\]: .*pass \{ precision: "float32" \}/,
    );
  });

  it("an inert coordinate (f flat along it, claimed 0) is not called coarse; claimed to move f, it is", () => {
    // x[1] multiplies a zero input: f never moves along it.
    const f = (p: Float64Array) => Math.sin(p[0]) + 0 * p[1];
    const x = Float64Array.from([0.3, 0.2]);
    const { subject, hints } = observe({ partial: blackBox("t", f, x), f, x, naming: { name: (k) => `x[${k}]` } });
    subject.partial.value(0, 0);
    for (const h of [1e-2, -1e-2, 5e-3, -5e-3]) subject.partial.value(1, h);
    const failing = [{ index: 1, name: "x[1]" }];
    const numeric = Float64Array.from([Math.cos(0.3), 0]);
    expect(hints(failing, true, "float64", numeric, Float64Array.from([Math.cos(0.3), 0]))).toEqual([]);
    expect(hints(failing, true, "float64", numeric, Float64Array.from([Math.cos(0.3), 0.5]))[0]).toMatch(
      /^f\(x ± h\) equalled f\(x\) bit for bit at 4 of the 4 steps tried along x\[1\]/,
    );
    expect(hints(failing, false, "float64", numeric, Float64Array.from([Math.cos(0.3), 0.5]))).toEqual([]);
    expect(hints(failing, true, "float32", numeric, Float64Array.from([Math.cos(0.3), 0.5]))).toEqual([]);
  });

  it("a wrong float64 gradient gets no hint, nor does a passing check", () => {
    const f = (p: Float64Array) => Math.sin(p[0]) * Math.exp(p[1]);
    expect(checkGradient(f, [0.3, 0.2], [Math.cos(0.3) * Math.exp(0.2), 0]).hints).toEqual([]);
    expect(checkGradient(f, [0.3, 0.2], [Math.cos(0.3) * Math.exp(0.2), Math.sin(0.3) * Math.exp(0.2)]).hints).toEqual([]);
  });

  it("checkNetwork reports carry hints too (empty for a float64 network)", () => {
    const net = createNetwork(
      { layers: [2, 2, 1], activation: ["tanh", "identity"], loss: "squared" },
      [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, 0.8, -0.9],
    );
    expect(checkNetwork(net, [{ input: [0.3, -0.1], target: [0.2] }]).hints).toEqual([]);
  });
});

describe("error messages name the user's coordinate", () => {
  const x = [1, 2, 3];

  it("a coordinate stencil names x[k], or the caller's name for it", () => {
    const bad = (v: Float64Array) => (v[2] > 3 ? Number.NaN : 1);
    expect(() => checkGradient(bad, x, [0, 0, 0], { step: 0.5 })).toThrow(/f returned NaN with x\[2\] moved by /);
    expect(() => checkGradient(bad, x, [0, 0, 0], { step: 0.5, name: (k) => `theta[${k}]` })).toThrow(/f returned NaN with theta\[2\] moved by /);
    const partial = blackBox("t", bad, x, (k) => `w${k}`);
    try {
      partial.value(2, 0.5);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FunctionEvaluationError);
      expect((error as FunctionEvaluationError).location).toBe("with w2 moved by 5.000e-1");
      expect((error as FunctionEvaluationError).coordinate).toBe(2);
    }
  });

  it("a point along a direction names the coordinates it moved, sign flips first, never the direction's index", () => {
    const f = () => {
      throw new Error("boom");
    };
    const lines = alongLines("t", (p) => (p[1] < 0 ? f() : 1), Float64Array.from([1, 0.1, 3]), [Float64Array.from([0.5, -0.5, 0.5])]);
    expect(() => lines.value(0, 0.4)).toThrow(
      "t: f threw at a point along a random direction through x (step 4.000e-1, moving x[1] 1.000e-1 → -1.000e-1, x[0] 1.000e+0 → 1.200e+0, x[2] 3.000e+0 → 3.200e+0): boom",
    );
    expect(() => lines.value(0, 0.4)).not.toThrow(/coordinate 0/);
    expect(describeLinePoint(Float64Array.from([1, 2, 3, 4]), Float64Array.from([0.5, 0.5, 0.5, 0.5]), 0.1, (k) => `b[${k}]`)).toMatch(
      /, … 4 coordinates in all\)$/,
    );
  });

  it("a directional check's line that throws names the coordinates, through checkGradient", () => {
    const n = 16;
    const x = Array.from({ length: n }, (_, k) => 1 + k);
    // f throws as soon as more than one coordinate has moved: only the lines do that.
    const f = (p: Float64Array) => {
      let moved = 0;
      for (let k = 0; k < n; k++) if (p[k] !== x[k]) moved++;
      if (moved > 1) throw new Error("two at once");
      return p.reduce((s, v) => s + v, 0);
    };
    expect(() => checkGradient(f, x, new Array(n).fill(1), { mode: "directional", name: (k) => `v[${k}]` })).toThrow(
      /f threw at a point along a random direction through x \(step .*, moving v\[\d+\] .*, … 16 coordinates in all\): two at once/,
    );
  });
});
