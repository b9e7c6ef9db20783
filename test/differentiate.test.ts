/**
 * The differentiator's documented behaviour, measured from outside (numericalGradient and
 * differentiate only): default options, option validation, float32, the noise estimate against a
 * known noise level, flat coordinates, domain edges and kinks. Found missing by mutation testing
 * (docs/mutation.md): each test here kills mutants the rest of the suite let live.
 */
import { describe, expect, it } from "vitest";
import { checkGradient, differentiate, FunctionEvaluationError, InvalidArgumentError, numericalGradient } from "../src/index.js";
import { alongLines, blackBox } from "../src/numeric/evaluate.js";
import { logSteps, stepSweep } from "../src/numeric/sweep.js";
import { noisy, normalAt, pointOf, smooth, smoothGradient } from "./helpers/noisy.js";

const EPS64 = 2 ** -53;
const EPS32 = 2 ** -24;
const cube = (x: Float64Array) => x[0] ** 3;

describe("numericalGradient with default options", () => {
  it("is a central difference at the relative step ∛ε: on x³ at 1 its error is the truncation h² (f''' = 6, h²f'''/6 = h²)", () => {
    const h = Math.cbrt(EPS64);
    const [g] = numericalGradient(cube, [1]);
    expect(g - 3).toBeGreaterThan(0.99 * h * h);
    expect(g - 3).toBeLessThan(1.01 * h * h);
  });

  it("equals differentiate's central gradient, with 2n + 1 calls of f, and leaves x alone", () => {
    let calls = 0;
    const f = (x: Float64Array) => {
      calls++;
      return smooth(x);
    };
    const x = [0.3, -0.2, 0.9];
    const g = numericalGradient(f, x);
    expect(calls).toBe(2 * 3 + 1);
    expect(g).toEqual(differentiate(smooth, x, { method: "central" }).gradient);
    expect(x).toEqual([0.3, -0.2, 0.9]);
  });

  it("is an explicit method's when one is given: richardson is exact on x³ up to rounding", () => {
    const [g] = numericalGradient(cube, [1], { method: "richardson" });
    expect(Math.abs(g - 3)).toBeLessThan(1e-12);
  });

  it("float32: the step is ∛(2^−24) = 2^−8, so the error on x³ at 1 is 2^−16", () => {
    const [g] = numericalGradient(cube, [1], { precision: "float32" });
    expect(g - 3).toBe(2 ** -16);
  });
});

describe("differentiate's central method reports what it did", () => {
  it("D = [f(x + h) − f(x − h)]/2h, the one-sided slopes, and the rounding estimate ε(|f(x+h)| + |f(x−h)|)/2h", () => {
    const d = differentiate((x) => Math.exp(x[0]), [0.5], { method: "central", step: 2 ** -10 });
    const h = 2 ** -10;
    const [up, down, mid] = [Math.exp(0.5 + h), Math.exp(0.5 - h), Math.exp(0.5)];
    expect(d.step[0]).toBe(h);
    expect(d.gradient[0]).toBe((up - down) / (2 * h));
    expect(d.right[0]).toBe((up - mid) / h);
    expect(d.left[0]).toBe((mid - down) / h);
    expect(d.error[0]).toBe((EPS64 * (up + down)) / (2 * h));
    expect(d.rounding[0]).toBe(d.error[0]);
    expect(d.value).toBe(mid);
    expect(d.evaluations).toBe(3);
    expect([d.method, d.precision]).toEqual(["central", "float64"]);
  });

  it("the step is relative to max(1, |x_k|) and exact as (x_k + h) − x_k", () => {
    const d = differentiate((x) => x[0] * x[1], [1000.1, 0.25], { method: "central", step: 1e-6 });
    expect(1000.1 + d.step[0] - 1000.1).toBe(d.step[0]);
    expect(Math.abs(d.step[0] - 1000.1e-6)).toBeLessThan(1e-12);
    expect(0.25 + d.step[1] - 0.25).toBe(d.step[1]);
    expect(Math.abs(d.step[1] - 1e-6)).toBeLessThan(1e-15);
  });

  it("float32: ε = 2^−24 in the rounding estimate and steps exact in float32", () => {
    const x = Math.fround(0.1);
    const d = differentiate((v) => Math.fround(v[0] * 2), [x], { method: "central", precision: "float32" });
    const h = d.step[0];
    expect(Math.fround(Math.fround(x) + h) - Math.fround(x)).toBe(h);
    expect(h).toBe(2 ** -8);
    expect(d.precision).toBe("float32");
    const [up, down] = [Math.fround((x + h) * 2), Math.fround((x - h) * 2)];
    expect(d.error[0]).toBe((EPS32 * (Math.abs(up) + Math.abs(down))) / (2 * h));
  });
});

describe("differentiate's defaults and options", () => {
  it("richardson by default; its noise is at least ε·|f(x)|, and exactly that for a constant f (nothing to measure)", () => {
    const d = differentiate(() => 1000, [1, 2]);
    expect(d.method).toBe("richardson");
    expect(d.precision).toBe("float64");
    expect(Array.from(d.gradient)).toEqual([0, 0]);
    expect(d.noise).toBe(1000 * EPS64);
    expect(Array.from(d.kink)).toEqual([0, 0]);
  });

  it("float32 is not float64: the noise floor is 2^−24·|f(x)|", () => {
    const d = differentiate(() => 1000, [1, 2], { precision: "float32" });
    expect(d.precision).toBe("float32");
    expect(d.noise).toBe(1000 * EPS32);
  });

  it("float32 rounding: a float32 f passes its own noise through the estimate, float64 precision does not assume it", () => {
    const f = (x: Float64Array) => Math.fround(Math.fround(Math.sin(x[0])) + Math.fround(x[1] * x[1]));
    const d32 = differentiate(f, [0.7, 1.3], { precision: "float32" });
    expect(d32.noise).toBeGreaterThanOrEqual(EPS32 * Math.abs(d32.value));
    for (let k = 0; k < 2; k++) expect(d32.error[k]).toBeGreaterThan(1e-7);
    expect(Math.abs(d32.gradient[0] - Math.cos(0.7))).toBeLessThan(1e-3);
    expect(Math.abs(d32.gradient[1] - 2.6)).toBeLessThan(1e-3);
  });

  const x = [0.5];
  const cases: [string, object, string][] = [
    ["method", { method: "forward" }, 'differentiate: options.method must be "central" or "richardson", received "forward"'],
    ["precision", { precision: "float16" }, 'differentiate: options.precision must be "float64" or "float32", received "float16"'],
    ["step 0", { step: 0 }, "differentiate: options.step must be a positive finite number, received 0"],
    ["step < 0", { step: -1e-3 }, "differentiate: options.step must be a positive finite number, received -0.001"],
    ["step NaN", { step: Number.NaN }, "differentiate: options.step must be a positive finite number, received NaN"],
    ["step ∞", { step: Infinity }, "differentiate: options.step must be a positive finite number, received Infinity"],
    ["step string", { step: "0.1" }, 'differentiate: options.step must be a positive finite number, received "0.1"'],
  ];
  for (const [what, options, message] of cases)
    it(`refuses an invalid ${what}, naming it`, () => {
      expect(() => differentiate(cube, x, options as never)).toThrow(InvalidArgumentError);
      expect(() => differentiate(cube, x, options as never)).toThrow(message);
      expect(() => numericalGradient(cube, x, options as never)).toThrow(message.replace("differentiate", "numericalGradient"));
    });

  it("accepts every valid combination", () => {
    for (const method of ["central", "richardson"] as const)
      for (const precision of ["float64", "float32"] as const) {
        const d = differentiate(cube, [1], { method, precision, step: 2 ** -6 });
        expect([d.method, d.precision]).toEqual([method, precision]);
        expect(Math.abs(d.gradient[0] - 3)).toBeLessThan(method === "central" ? 1e-3 : 1e-9);
      }
  });
});

/**
 * σ = 1e-14 is noise of about a hundred ulps of f (|f| ≈ n here): what cancellation leaves, the
 * regime rounding noise lives in. Within a factor 3, not 2: the merged estimator (trust-core)
 * measures 0.37σ at n = 2. Noise far above any rounding (σ ≥ 1e-10 on f ≈ 1, a float32 f checked
 * as float64, a stochastic f) was taken for kinks by an intermediate trust-core commit, which
 * then passed a wrong gradient; the verdicts on it are pinned below.
 */
describe("the noise estimate against a known noise level σ (f + σ·Z, Z a hashed standard normal)", () => {
  const sigma = 1e-14;
  for (const n of [1, 2, 3, 8, 16, 20, 40])
    it(`n = ${n}, σ = 1e-14: differentiate(f, x).noise is within a factor 3 of σ, and the gradient within its error estimate`, () => {
      const x = pointOf(n);
      const d = differentiate(noisy(sigma), x);
      expect(d.noise).toBeGreaterThan(sigma / 3);
      expect(d.noise).toBeLessThan(3 * sigma);
      const g = smoothGradient(x);
      for (let k = 0; k < n; k++) {
        expect(d.kink[k], `coordinate ${k}`).toBe(0);
        expect(Math.abs(d.gradient[k] - g[k])).toBeLessThan(32 * d.error[k]);
        expect(d.rounding[k]).toBeGreaterThan((4.07 * sigma) / 4 / d.step[k]);
      }
    });

  // At σ = 1e-6 and n = 16 the noise was measured 13× low from cb03d62 (the finding-19 sign test
  // in the band up to 2^−20·|f| met probes that share f(x)'s noise, step.ts `mayBeRounding`), and
  // a 1e-3 error passed under a bound of 1.6e-3; the claim here is the full one again.
  for (const big of [1e-10, 1e-6])
    it(`noise far above rounding (σ = ${big}) is still noise, not kinks: a right gradient passes, one wrong by 1e-3 is flagged`, () => {
      for (const n of [1, 2, 3, 16, 20]) {
        const x = pointOf(n);
        const g = smoothGradient(x);
        const right = checkGradient(noisy(big), x, g);
        expect(right.nonDifferentiable, `n = ${n}`).toEqual([]);
        expect(right.ok, `n = ${n}`).toBe(true);
        const wrong = Float64Array.from(g);
        wrong[0] += 1e-3 * Math.max(1, Math.abs(g[0]));
        const report = checkGradient(noisy(big), x, wrong);
        expect(
          report.mismatches.map((m) => m.index),
          `n = ${n}`,
        ).toEqual([0]);
        expect(differentiate(noisy(big), x).noise, `n = ${n}: σ_f within a factor 3`).toBeGreaterThan(big / 3);
      }
    });

  it("without added noise the estimate stays at rounding level", () => {
    const d = differentiate(smooth, pointOf(20));
    expect(d.noise).toBeLessThan(1e-14);
  });

  it("coordinates that do not move f are not counted: 16 unused coordinates do not dilute σ measured on 4 used ones", () => {
    const level = 3e-14;
    const f = (x: Float64Array) => smooth(x.subarray(0, 4)) + level * normalAt(x.subarray(0, 4));
    const d = differentiate(f, pointOf(20));
    expect(d.noise).toBeGreaterThan(level / 3);
    expect(d.noise).toBeLessThan(3 * level);
    for (let k = 4; k < 20; k++) {
      expect(d.gradient[k]).toBe(0);
      expect(d.kink[k]).toBe(0);
    }
  });

  it("a loud group of coordinates gets its own noise level: 16 quiet (σ = 1e-16) then 16 loud (σ = 1e-13)", () => {
    const x0 = pointOf(32);
    const f = (x: Float64Array) => {
      let loud = false;
      for (let k = 16; k < 32; k++) if (x[k] !== x0[k]) loud = true;
      return smooth(x) + (loud ? 1e-13 : 1e-16) * normalAt(x);
    };
    const d = differentiate(f, x0);
    /** σ as the rounding term of coordinate k states it: rounding = 4.07 σ_k / h_k. */
    const stated = (k: number) => (d.rounding[k] * d.step[k]) / 4.07;
    for (let k = 24; k < 32; k++) expect(stated(k), `coordinate ${k}`).toBeGreaterThan(0.3e-13);
    for (let k = 0; k < 12; k++) expect(stated(k), `coordinate ${k}`).toBeLessThan(1e-14);
    const g = smoothGradient(x0);
    for (let k = 0; k < 32; k++) expect(Math.abs(d.gradient[k] - g[k]), `coordinate ${k}`).toBeLessThan(32 * d.error[k]);
  });
});

describe("where f is not smooth at the step's scale", () => {
  for (const a of [1e-3, 1e-6, 1e-10, 1e-12])
    it(`log at x = ${a}: the step shrinks until the stencil stays in the domain (h < x), and the derivative 1/x comes out to 1e-8, within its error estimate`, () => {
      const d = differentiate((x) => Math.log(x[0]), [a]);
      expect(d.step[0]).toBeLessThan(a);
      expect(Math.abs(d.gradient[0] * a - 1)).toBeLessThan(1e-8);
      expect(Math.abs(d.gradient[0] - 1 / a)).toBeLessThanOrEqual(d.error[0]);
      expect(d.kink[0]).toBe(0);
    });

  it("log too close to 0 for the step to shrink to (x = 1e-15) is an evaluation error naming the step", () => {
    expect(() => differentiate((x) => Math.log(x[0]), [1e-15])).toThrow(FunctionEvaluationError);
    expect(() => differentiate((x) => Math.log(x[0]), [1e-15])).toThrow(/differentiate: f returned NaN with x\[0\] moved by -/);
  });

  it("an f that throws past the domain is not retried: its error is the caller's", () => {
    const f = (x: Float64Array) => {
      if (x[0] > 1.001) throw new Error("out of range");
      return x[0] ** 2;
    };
    expect(() => differentiate(f, [1])).toThrow("differentiate: f threw with x[0] moved by 7.813e-3: out of range");
  });

  it("a kink inside the first stencil but not the retried one: |x − 10⁻³| at 0 is smooth at h/8, slope −1, no kink", () => {
    const d = differentiate((x) => Math.abs(x[0] - 1e-3) + x[1] ** 2, [0, 1]);
    expect(d.kink[0]).toBe(0);
    expect(d.gradient[0]).toBeCloseTo(-1, 12);
    expect(d.step[0]).toBeLessThan(1e-3);
    expect(d.gradient[1]).toBeCloseTo(2, 10);
    expect(d.step[1]).toBe(2 ** -7);
  });

  for (const a of [0, 1e-9])
    it(`a kink the retries cannot leave (|x − ${a}| at 0) is flagged, with its one-sided slopes −1 and ≈ +1`, () => {
      const d = differentiate((x) => Math.abs(x[0] - a) + x[1] ** 2, [0, 1]);
      expect(Array.from(d.kink)).toEqual([1, 0]);
      expect(d.left[0]).toBeCloseTo(-1, 9);
      expect(d.right[0]).toBeGreaterThan(0.5);
      expect(d.right[0]).toBeLessThanOrEqual(1);
    });
});

describe("the oracle's view of f (evaluate.ts)", () => {
  it("an f that returns a non-number or a non-finite value is an error naming the coordinate and step (−1 and 0 at x itself)", () => {
    const text = (() => "1") as never;
    let caught: FunctionEvaluationError | undefined;
    try {
      differentiate(text, [1]);
    } catch (error) {
      caught = error as FunctionEvaluationError;
    }
    expect(caught).toBeInstanceOf(FunctionEvaluationError);
    expect([caught?.problem, caught?.coordinate, caught?.step, caught?.cause]).toEqual(["returned string, not a number", -1, 0, "1"]);
    expect(caught?.message).toBe("differentiate: f returned string, not a number at the given point");
    const pole = (x: Float64Array) => (x[1] > 2 ? Infinity : x[1]);
    expect(() => differentiate(pole, [0, 2], { method: "central" })).toThrow(/^differentiate: f returned Infinity with x\[1\] moved by 9\.612e-6$/);
  });

  it("f sees x with one coordinate moved by exactly h and the others untouched, on a private copy restored bit for bit", () => {
    const seen: number[][] = [];
    const x = [0.1, -3];
    differentiate(
      (v) => {
        seen.push(Array.from(v));
        return v[0] + v[1];
      },
      x,
      { method: "central", step: 2 ** -4 },
    );
    const h0 = 0.1 + 2 ** -4 - 0.1;
    const h1 = 3 * 2 ** -4;
    expect(seen).toEqual([
      [0.1, -3],
      [0.1 + h0, -3],
      [0.1 - h0, -3],
      [0.1, -3 + h1],
      [0.1, -3 - h1],
    ]);
  });

  it("a change f makes to its argument is seen whatever it is: −0 over 0, a NaN, the last entry, along lines too (the byte test agrees with Object.is)", () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0];
    const writes: [number, number][] = [
      [9, -0],
      [0, -0],
      [3, Number.NaN],
      [8, 8 + 2 ** -49],
    ];
    for (const [entry, value] of writes) {
      const bad = (v: Float64Array) => {
        v[entry] = value;
        return 1;
      };
      expect(() => blackBox("test", bad, x).value(2, 0.5)).toThrow(`test: f changed its argument (entry ${entry})`);
      expect(() => alongLines("test", bad, Float64Array.from(x), [new Float64Array(10).fill(0.1)]).value(0, 0.5)).toThrow(
        `test: f changed its argument (entry ${entry})`,
      );
    }
    // Writing back the value it already had is no change.
    expect(
      blackBox(
        "test",
        (v) => {
          v[9] = 0;
          return 1;
        },
        x,
      ).value(2, 0.5),
    ).toBe(1);
  });

  it("after f changes its argument the error says which entry, and the point is restored for later calls", () => {
    const partial = blackBox(
      "test",
      (v) => {
        if (v[0] > 1) v[1] = 5;
        return v[0] + v[1];
      },
      [1, 2],
    );
    expect(() => partial.value(0, 0.5)).toThrow("test: f changed its argument (entry 1) with x[0] moved by 5.000e-1");
    expect(partial.value(1, 0)).toBe(3);
    expect(partial.value(1, 0.25)).toBe(3.25);
    expect(partial.evaluations()).toBe(3);
    expect(partial.at(1)).toBe(2);
    const thrower = blackBox(
      "test",
      (v) => {
        if (v[0] > 1) throw new Error("no");
        return v[0];
      },
      [1],
    );
    expect(() => thrower.value(0, 1)).toThrow("test: f threw with x[0] moved by 1.000e+0: no");
    expect(thrower.value(0, 0)).toBe(1);
  });

  it("refuses a missing f and a bad x, by name", () => {
    expect(() => differentiate(3 as never, [1])).toThrow("differentiate: f must be a function (x: Float64Array) => number, received 3");
    expect(() => differentiate(cube, [])).toThrow("differentiate: x must be a non-empty array of finite numbers, received []");
    expect(() => differentiate(cube, "ab" as never)).toThrow("differentiate: x must be a non-empty array of finite numbers");
    expect(() => differentiate(cube, [1, Infinity])).toThrow("differentiate: x[1] must be a finite number, received Infinity");
    expect(() => differentiate(cube, ["1"] as never)).toThrow('differentiate: x[0] must be a finite number, received "1"');
  });

  it("along lines: value(c, t) = f(x + t·u_c), at() = max |x_k|", () => {
    const x = Float64Array.from([0.5, -2, 1]);
    const lines = alongLines("test", (v) => v[0] + 10 * v[1] + 100 * v[2], x, [Float64Array.from([1, 0, 0]), Float64Array.from([0, 0.5, 0.5])]);
    expect(lines.n).toBe(2);
    expect(lines.at(0)).toBe(2);
    expect(lines.value(0, 0.25)).toBe(0.75 - 20 + 100);
    expect(lines.value(1, 2)).toBe(0.5 - 10 + 200);
    expect(lines.evaluations()).toBe(2);
    expect(Array.from(x)).toEqual([0.5, -2, 1]);
  });
});

describe("the step-size sweep's defaults (sweep.ts)", () => {
  it("from 10^−1 down to 10^−13, 4 per decade: 49 steps", () => {
    const steps = logSteps();
    expect(steps).toHaveLength(49);
    expect(steps[0]).toBe(0.1);
    expect(steps[4]).toBeCloseTo(0.01, 17);
    expect(steps[48]).toBeCloseTo(1e-13, 25);
  });

  it("each point is the central difference at the exact step and its distance from the reference", () => {
    const partial = blackBox("test", (v) => Math.exp(v[0]), [2]);
    const points = stepSweep(partial, 0, 7, [1e-2, 1e-3]);
    expect(points).toHaveLength(2);
    for (const [m, relative] of [1e-2, 1e-3].entries()) {
      const { h } = points[m];
      expect(2 + h - 2).toBe(h);
      expect(Math.abs(h - 2 * relative)).toBeLessThan(1e-15);
      const d = (Math.exp(2 + h) - Math.exp(2 - h)) / (2 * h);
      expect(points[m]).toEqual({ h, derivative: d, error: Math.abs(d - 7) });
    }
    expect(partial.evaluations()).toBe(4);
  });
});
