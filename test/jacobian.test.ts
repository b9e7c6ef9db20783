import { describe, expect, test } from "vitest";
import { FunctionEvaluationError, InvalidArgumentError } from "../src/base/errors.js";
import { checkJacobian } from "../src/check/check-jacobian.js";
import { checkJVP, checkVJP } from "../src/check/check-product.js";
import { formatJacobianReport } from "../src/check/jacobian-report.js";

/** A planar two-link arm: the hand's position from the joint angles. */
const arm = (q: Float64Array) => [Math.cos(q[0]) + 0.7 * Math.cos(q[0] + q[1]), Math.sin(q[0]) + 0.7 * Math.sin(q[0] + q[1])];
const armJ = (q: Float64Array) => [
  [-Math.sin(q[0]) - 0.7 * Math.sin(q[0] + q[1]), -0.7 * Math.sin(q[0] + q[1])],
  [Math.cos(q[0]) + 0.7 * Math.cos(q[0] + q[1]), 0.7 * Math.cos(q[0] + q[1])],
];
const times = (J: number[][], t: ArrayLike<number>) => J.map((row) => row.reduce((s, v, k) => s + v * t[k], 0));
const timesT = (J: number[][], v: ArrayLike<number>) => J[0].map((_, k) => J.reduce((s, row, i) => s + row[k] * v[i], 0));

/** Rows of very different sizes: 1e6 and 1e-6. */
const scaled = (x: Float64Array) => [1e6 * Math.sin(x[0]) * x[1], 1e-6 * Math.exp(x[0] * x[1]), x[0] * x[2]];
const scaledJ = (x: Float64Array) => [
  [1e6 * Math.cos(x[0]) * x[1], 1e6 * Math.sin(x[0]), 0],
  [1e-6 * x[1] * Math.exp(x[0] * x[1]), 1e-6 * x[0] * Math.exp(x[0] * x[1]), 0],
  [x[2], 0, x[0]],
];
const x0 = [0.4, 1.3, -0.8];

describe("checkJacobian", () => {
  test("a right Jacobian passes; the report has entries, rows and evaluations", () => {
    const r = checkJacobian(arm, [0.3, 1.1], armJ);
    expect(r.ok).toBe(true);
    expect(r.m).toBe(2);
    expect(r.n).toBe(2);
    expect(r.rows).toHaveLength(2);
    expect(r.bound[1][0]).toBeGreaterThan(0);
    expect(r.minimumEvaluations).toBe(4);
    expect(r.evaluations).toBeGreaterThanOrEqual(13);
  });
  test("rows of 1e6 and 1e-6 are judged equally sharply: a relative 1e-6 on the small row is named", () => {
    expect(checkJacobian(scaled, x0, scaledJ).ok).toBe(true);
    for (const [i, k] of [
      [0, 1],
      [1, 0],
      [2, 2],
    ]) {
      const r = checkJacobian(scaled, x0, (x) => {
        const J = scaledJ(x);
        J[i][k] *= 1 + 1e-6;
        return J;
      });
      expect(r.ok).toBe(false);
      expect(r.mismatches.map((m) => m.name)).toEqual([`J[${i}][${k}]`]);
      expect(r.mismatches[0]).toMatchObject({ row: i, column: k });
      expect(formatJacobianReport(r)).toContain(`J[${i}][${k}]`);
    }
  });
  test("f is evaluated once per stencil point for all outputs", () => {
    let calls = 0;
    const r = checkJacobian(
      (x: Float64Array) => {
        calls++;
        return scaled(x);
      },
      x0,
      scaledJ,
    );
    expect(r.evaluations).toBe(calls);
    // m = 3 separate scalar checks would call f at least 3·(6n + 1) times.
    expect(calls).toBeLessThan(3 * (6 * 3 + 1) + 3 * 96);
  });
  test("typed errors: wrong length, non-number, NaN, Promise, changing output count", () => {
    expect(() => checkJacobian(arm, [0.3, 1.1], [[1, 2]])).toThrow(InvalidArgumentError);
    expect(() => checkJacobian(arm, [0.3, 1.1], [[1, 2], [3]])).toThrow(/jacobian\[1\]\.length/);
    expect(() => checkJacobian(() => [1, "a" as unknown as number], [1], [[0], [0]])).toThrow(FunctionEvaluationError);
    expect(() => checkJacobian(() => [Number.NaN], [1], [[0]])).toThrow(/returned NaN at output y\[0\]/);
    expect(() => checkJacobian((() => Promise.resolve([1])) as never, [1], [[0]])).toThrow(/Promise/);
    let c = 0;
    expect(() => checkJacobian((x: Float64Array) => (c++ === 0 ? [x[0], x[0]] : [x[0]]), [1], [[1], [1]])).toThrow(/1 outputs, but 2 at x/);
  });
  test("structured x: paths name the entries, a wrong shape names its path, x is not changed", () => {
    const x = {
      W: [
        [1, 2],
        [3, 4],
      ],
      b: Float64Array.of(5),
    };
    const f = (p: typeof x) => [p.W[0][1] * p.b[0], p.W[1][0] ** 2];
    const J = (p: typeof x) => [
      {
        W: [
          [0, p.b[0]],
          [0, 0],
        ],
        b: [p.W[0][1]],
      },
      {
        W: [
          [0, 0],
          [2 * p.W[1][0], 0],
        ],
        b: [0],
      },
    ];
    expect(checkJacobian(f, x, J).ok).toBe(true);
    const wrong = checkJacobian(f, x, (p) => {
      const j = J(p);
      j[1].W[1][0] += 1e-3;
      return j;
    });
    expect(wrong.mismatches.map((m) => m.name)).toEqual(["∂y[1]/∂W[1][0]"]);
    expect(() =>
      checkJacobian(f, x, [
        { W: [[0, 0]], b: [0] },
        { W: [[0, 0]], b: [0] },
      ] as never),
    ).toThrow(/jacobian\[0\]\.W\.length/);
    expect(() => checkJacobian(f, x, [{ W: J(x)[0].W }, J(x)[1]] as never)).toThrow(/jacobian\[0\]\.b/);
    expect(x.W[0][1]).toBe(2);
    expect(x.b[0]).toBe(5);
  });
});

describe("checkVJP and checkJVP", () => {
  const vjp = (x: Float64Array, v: Float64Array) => timesT(scaledJ(x), v);
  const jvp = (x: Float64Array, t: Float64Array) => times(scaledJ(x), t);
  for (const mode of ["full", "directional"] as const) {
    test(`${mode}: right products pass, a relative 1e-6 on one entry fails and is named`, () => {
      expect(checkVJP(scaled, x0, vjp, { mode }).ok).toBe(true);
      expect(checkJVP(scaled, x0, jvp, { mode }).ok).toBe(true);
      const bad = (x: Float64Array) => {
        const J = scaledJ(x);
        J[1][1] *= 1 + 1e-6;
        return J;
      };
      const v = checkVJP(scaled, x0, (x, c) => timesT(bad(x), c), { mode });
      const j = checkJVP(scaled, x0, (x, t) => times(bad(x), t), { mode });
      for (const r of [v, j]) {
        expect(r.ok).toBe(false);
        expect(r.mismatches.map((m) => m.name)).toEqual(["J[1][1]"]);
      }
    });
  }
  test("a Hessian-vector product is checked as the JVP of the gradient", () => {
    const gradient = (x: Float64Array) => [2 * x[0] * x[1], x[0] * x[0] + 3 * x[1] * x[1]];
    const hvp = (x: Float64Array, t: Float64Array) => [2 * x[1] * t[0] + 2 * x[0] * t[1], 2 * x[0] * t[0] + 6 * x[1] * t[1]];
    expect(checkJVP(gradient, [0.5, -1.2], hvp).ok).toBe(true);
    expect(checkJVP(gradient, [0.5, -1.2], (x, t) => [hvp(x, t)[0], hvp(x, t)[1] + t[0]]).ok).toBe(false);
  });
  test("a VJP of the wrong length is a typed error naming the call", () => {
    expect(() => checkVJP(arm, [0.3, 1.1], () => [1])).toThrow(/vjp\(x, e_0\)\.length/);
    expect(() => checkJVP(arm, [0.3, 1.1], () => [1, 2, 3])).toThrow(/jvp\(x, e_0\)\.length/);
  });
});

describe("directional mode at larger n", () => {
  const n = 40;
  const A = Array.from({ length: 3 }, (_, i) => Array.from({ length: n }, (_, k) => Math.sin(1 + i * n + k)));
  const f = (x: Float64Array) => A.map((row, i) => 10 ** (3 * i - 3) * Math.tanh(row.reduce((s, a, k) => s + a * x[k], 0) / 4));
  const J = (x: Float64Array) =>
    A.map((row, i) => {
      const z = row.reduce((s, a, k) => s + a * x[k], 0) / 4;
      return row.map((a) => (10 ** (3 * i - 3) * (1 - Math.tanh(z) ** 2) * a) / 4);
    });
  const x = Array.from({ length: n }, (_, k) => Math.cos(k) / 2);
  const jvp = (p: Float64Array, t: Float64Array) => J(p).map((row) => row.reduce((s, v, k) => s + v * t[k], 0));
  const vjp = (p: Float64Array, v: Float64Array) => J(p)[0].map((_, k) => J(p).reduce((s, row, i) => s + row[k] * v[i], 0));
  test("right products pass with fewer calls than full mode", () => {
    const full = checkJVP(f, x, jvp, { mode: "full" });
    const dir = checkJVP(f, x, jvp, { mode: "directional" });
    expect(full.ok).toBe(true);
    expect(dir.ok).toBe(true);
    expect(checkVJP(f, x, vjp, { mode: "directional" }).ok).toBe(true);
    expect(dir.evaluations).toBeLessThan(full.evaluations);
    expect(dir.directions.length).toBe(8 * 3);
  });
  test("bisection names an entry wrong by a relative 1e-6, in the small row too", () => {
    const bad = (p: Float64Array) => {
      const j = J(p);
      j[0][17] *= 1 + 1e-6;
      return j;
    };
    const jv = checkJVP(f, x, (p, t) => bad(p).map((row) => row.reduce((s, v, k) => s + v * t[k], 0)), { mode: "directional" });
    const vj = checkVJP(f, x, (p, v) => bad(p)[0].map((_, k) => bad(p).reduce((s, row, i) => s + row[k] * v[i], 0)), { mode: "directional" });
    for (const r of [jv, vj]) {
      expect(r.ok).toBe(false);
      expect(r.mismatches.map((m) => m.name)).toEqual(["J[0][17]"]);
      expect(r.checked.length).toBeLessThan(n);
    }
  });
});

describe("kinks and domain edges, per entry", () => {
  test("a kink in one output is reported for that entry and not judged; the other entries are", () => {
    const f = (x: Float64Array) => [Math.abs(x[0]) + x[1], x[0] * x[1]];
    const r = checkJacobian(
      f,
      [0, 2],
      [
        [1, 1],
        [2, 0],
      ],
    );
    expect(r.nonDifferentiable.map((k) => k.name)).toEqual(["J[0][0]"]);
    expect(r.ok).toBe(true);
    const wrong = checkJacobian(
      f,
      [0, 2],
      [
        [1, 1],
        [2, 1],
      ],
    );
    expect(wrong.mismatches.map((m) => m.name)).toEqual(["J[1][1]"]);
  });
  test("an output that is NaN beyond a domain edge shrinks that output's step only", () => {
    const f = (x: Float64Array) => [Math.log(x[0]), x[0] * x[0]];
    const r = checkJacobian(f, [1e-3], (x) => [[1 / x[0]], [2 * x[0]]]);
    expect(r.ok).toBe(true);
  });
});

describe("hints", () => {
  test("a failing check of an f whose every value is a float32 number carries the hint to pass precision: float32", () => {
    const f = (x: Float64Array) => [Math.fround(Math.fround(x[0]) * Math.fround(x[0])), Math.fround(Math.sin(Math.fround(x[0])))];
    const J = (x: Float64Array) => [[2 * x[0]], [Math.cos(x[0])]];
    const r = checkJacobian(f, [0.7], (x) => [[2 * x[0] * (1 + 1e-3)], [Math.cos(x[0])]]);
    expect(r.ok).toBe(false);
    expect(r.hints.join()).toMatch(/precision: "float32"/);
    expect(formatJacobianReport(r)).toContain("hint:");
    const r32 = checkJacobian(f, [0.7], J, { precision: "float32" });
    expect(r32.ok).toBe(true);
    expect(r32.hints).toEqual([]);
    expect(checkJacobian((x: Float64Array) => [x[0] * 1.1], [0.7], [[1]]).hints).toEqual([]);
  });
});
