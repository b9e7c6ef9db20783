import { describe, expect, test } from "vitest";
import { FunctionEvaluationError, InvalidArgumentError } from "../src/base/errors.js";
import { StructureError } from "../src/base/structure.js";
import { checkGradientAsync, checkJacobianAsync, checkJVPAsync, checkVJPAsync } from "../src/check/check-async.js";
import { checkGradient } from "../src/check/check-gradient.js";
import { checkJacobian } from "../src/check/check-jacobian.js";

const later = <T>(v: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(v), 0));
const f = (x: Float64Array) => Math.sin(x[0]) * x[1] + x[2] ** 3;
const g = (x: Float64Array) => [Math.cos(x[0]) * x[1], Math.sin(x[0]), 3 * x[2] ** 2];
const map = (x: Float64Array) => [x[0] * x[1], Math.exp(x[2]) * x[0]];
const J = (x: Float64Array) => [
  [x[1], x[0], 0],
  [Math.exp(x[2]), 0, Math.exp(x[2]) * x[0]],
];
const x0 = [0.3, -1.2, 0.7];

describe("async checks", () => {
  test("checkGradientAsync gives the sync check's verdict and values, with f's real calls as evaluations", async () => {
    const sync = checkGradient(f, x0, g);
    let calls = 0;
    const report = await checkGradientAsync(
      (x) => {
        calls++;
        return later(f(x));
      },
      x0,
      async (x) => g(x),
    );
    expect(report.ok).toBe(true);
    expect(Array.from(report.numeric)).toEqual(Array.from(sync.numeric));
    expect(report.evaluations).toBe(calls);
    expect(calls).toBeGreaterThanOrEqual(sync.evaluations);
  });
  test("a wrong gradient fails asynchronously too, named", async () => {
    const report = await checkGradientAsync(
      (x) => later(f(x)),
      x0,
      (x) => g(x).map((v, k) => (k === 1 ? v + 1e-4 : v)),
    );
    expect(report.mismatches.map((m) => m.name)).toEqual(["x[1]"]);
  });
  test("bounded concurrency gives the same report", async () => {
    let inFlight = 0;
    let most = 0;
    const slow = async (x: Float64Array) => {
      inFlight++;
      most = Math.max(most, inFlight);
      const v = await later(map(x));
      inFlight--;
      return v;
    };
    const one = await checkJacobianAsync(slow, x0, J);
    most = 0;
    const four = await checkJacobianAsync(slow, x0, J, { concurrency: 4 });
    expect(most).toBeLessThanOrEqual(4);
    expect(most).toBeGreaterThan(1);
    expect(four.numeric.map((r) => Array.from(r))).toEqual(one.numeric.map((r) => Array.from(r)));
    expect(four.ok).toBe(true);
  });
  test("VJP and JVP async forms", async () => {
    const vjp = async (x: Float64Array, v: Float64Array) => J(x)[0].map((_, k) => v[0] * J(x)[0][k] + v[1] * J(x)[1][k]);
    const jvp = async (x: Float64Array, t: Float64Array) => J(x).map((row) => row.reduce((s, a, k) => s + a * t[k], 0));
    expect((await checkVJPAsync((x: Float64Array) => later(map(x)), x0, vjp)).ok).toBe(true);
    expect((await checkJVPAsync((x: Float64Array) => later(map(x)), x0, jvp, { mode: "directional" })).ok).toBe(true);
  });
  test("a rejecting f rejects with the typed error; bad concurrency is refused", async () => {
    await expect(checkGradientAsync(() => Promise.reject(new Error("GPU lost")), x0, g)).rejects.toThrow(FunctionEvaluationError);
    await expect(checkGradientAsync(() => Promise.reject(new Error("GPU lost")), x0, g)).rejects.toThrow(
      /^checkGradientAsync: f threw at the given point: GPU lost/,
    );
    await expect(checkGradientAsync((x) => later(f(x)), x0, g, { concurrency: 0 })).rejects.toThrow(InvalidArgumentError);
  });
  test("a Promise to a sync check is a typed error", () => {
    expect(() => checkGradient((() => Promise.resolve(1)) as never, x0, g)).toThrow(/Promise/);
  });
});

describe("structured parameters in checkGradient", () => {
  const x = {
    W: [
      [0.5, -1],
      [2, 0.25],
    ],
    b: Float64Array.of(0.1, -0.3),
  };
  type P = typeof x;
  const loss = (p: P) => (p.W[0][0] * p.b[0] + p.W[1][1] * p.b[1]) ** 2 + p.W[0][1] * p.W[1][0];
  const grad = (p: P) => {
    const s = p.W[0][0] * p.b[0] + p.W[1][1] * p.b[1];
    return {
      W: [
        [2 * s * p.b[0], p.W[1][0]],
        [p.W[0][1], 2 * s * p.b[1]],
      ],
      b: [2 * s * p.W[0][0], 2 * s * p.W[1][1]],
    };
  };
  test("a right gradient passes; a wrong entry is named by its path; x is not changed", () => {
    expect(checkGradient(loss, x, grad).ok).toBe(true);
    const wrong = checkGradient(loss, x, (p) => {
      const q = grad(p);
      q.W[1][0] += 1e-3;
      return q;
    });
    expect(wrong.mismatches.map((m) => m.name)).toEqual(["W[1][0]"]);
    expect(x.W[1][0]).toBe(2);
    expect(Array.from(x.b)).toEqual([0.1, -0.3]);
  });
  test("f gets a fresh copy at every call", () => {
    const seen = new Set<unknown>();
    checkGradient(
      (p: P) => {
        seen.add(p);
        p.W[0][0] = 99; // scribbling on its copy changes nothing
        return p.b[0];
      },
      x,
      {
        W: [
          [0, 0],
          [0, 0],
        ],
        b: [1, 0],
      },
    );
    expect(seen.size).toBeGreaterThan(10);
    expect(x.W[0][0]).toBe(0.5);
  });
  test("a structure mismatch is a StructureError naming the path", () => {
    expect(() => checkGradient(loss, x, { W: grad(x).W } as never)).toThrow(StructureError);
    expect(() => checkGradient(loss, x, { W: grad(x).W } as never)).toThrow(/analytic\.b/);
    expect(() => checkGradient(loss, x, { ...grad(x), W: [[1, 2], [3]] } as never)).toThrow(/analytic\.W\[1\]\.length/);
    expect(() => checkGradient(loss, x, { ...grad(x), c: [1] } as never)).toThrow(/analytic\.c/);
    expect(() => checkGradient(loss, { W: [[1, Number.NaN]] } as never, grad as never)).toThrow(/x\.W\[0\]\[1\]/);
  });
  test("structured Jacobians accept flat rows too", () => {
    const f2 = (p: P) => [p.b[0] * p.W[0][0]];
    expect(checkJacobian(f2, x, [[0.1, 0, 0, 0, 0.5, 0]]).ok).toBe(true);
  });
});

describe("async with structured parameters", () => {
  test("checkGradientAsync over { W, b }: the sync verdict, named by path", async () => {
    const x = { W: [[0.3, -0.7]], b: Float64Array.of(0.2) };
    type P = typeof x;
    const f = (p: P) => Math.tanh(p.W[0][0] * 2 + p.W[0][1] - p.b[0]);
    const g = (p: P) => {
      const d = 1 - Math.tanh(p.W[0][0] * 2 + p.W[0][1] - p.b[0]) ** 2;
      return { W: [[2 * d, d]], b: [-d] };
    };
    const right = await checkGradientAsync((p: P) => Promise.resolve(f(p)), x, g);
    expect(right.ok).toBe(true);
    const wrong = await checkGradientAsync(
      (p: P) => Promise.resolve(f(p)),
      x,
      (p: P) => ({ ...g(p), b: [g(p).b[0] * -1] }),
    );
    expect(wrong.mismatches.map((m) => m.name)).toEqual(["b[0]"]);
  });
});
