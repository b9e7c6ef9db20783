/**
 * checkHessian's contract on fixed cases: typed errors naming the argument, asymmetry named by its
 * pair, kinks per entry, the async form, user names, the evaluation count against n².
 */
import { describe, expect, it } from "vitest";
import {
  assertHessian,
  checkHessian,
  checkHessianAsync,
  createNetwork,
  FunctionEvaluationError,
  formatHessianReport,
  HessianCheckError,
  hessianVectorProduct,
  InvalidArgumentError,
  networkHessian,
} from "../src/index.js";

const rosenbrock = (x: Float64Array): number => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
const rosenbrockHessian = (x: Float64Array): number[][] => [
  [1200 * x[0] ** 2 - 400 * x[1] + 2, -400 * x[0]],
  [-400 * x[0], 200],
];

describe("checkHessian", () => {
  it("passes a right Hessian, at 6n² + 1 evaluations of f, and says so against n²", () => {
    const report = checkHessian(rosenbrock, [-1.2, 1], rosenbrockHessian);
    expect(report.ok).toBe(true);
    expect(report.evaluations).toBe(6 * 4 + 1);
    expect(report.minimumEvaluations).toBe(4);
    expect(formatHessianReport(report)).toContain("25 evaluations of f (6.3 × the n² = 4 minimum)");
  });

  it("fails an entry off by a relative 1e-6 and names it in the table", () => {
    const H = rosenbrockHessian(Float64Array.from([-1.2, 1]));
    H[1][1] *= 1 + 1e-6;
    const report = checkHessian(rosenbrock, [-1.2, 1], H);
    expect(report.ok).toBe(false);
    expect(report.mismatches.map((m) => m.name)).toEqual(["H[1][1]"]);
    expect(formatHessianReport(report)).toMatch(/H\[1\]\[1\]\s+2\.000002e\+2\s+2\.000000e\+2/);
    expect(() => assertHessian(rosenbrock, [-1.2, 1], H)).toThrow(HessianCheckError);
  });

  it("reports a claimed H with H[i][j] ≠ H[j][i] as asymmetric, naming the pair, with user names", () => {
    const f = (x: Float64Array): number => x[0] * x[1] + x[1] * x[2] ** 2;
    const H = [
      [0, 1, 0],
      [1, 0, 2 * 3],
      [0, 2 * 3 + 1e-6, 2 * 2],
    ];
    const report = checkHessian(f, [1, 2, 3], H, { name: (k) => "abc"[k] });
    expect(report.ok).toBe(false);
    expect(report.asymmetry.map((a) => a.name)).toEqual(["∂²f/∂b∂c ≠ ∂²f/∂c∂b"]);
    expect(formatHessianReport(report)).toContain("asymmetric: ∂²f/∂b∂c ≠ ∂²f/∂c∂b");
  });

  it("a transposed asymmetric claim fails even where each entry is right about its own pair's average", () => {
    const f = (x: Float64Array): number => x[0] ** 2 * x[1];
    const report = checkHessian(
      f,
      [1, 2],
      [
        [4, 3],
        [1, 0],
      ],
    );
    expect(report.asymmetry).toHaveLength(1);
    expect(report.mismatches.map((m) => m.name).sort()).toEqual(["H[0][1]", "H[1][0]"]);
  });

  it("a curvature buried under f's rounding is unresolved (it fails, named), not passed; a zero claim at the floor passes", () => {
    const offset = (x: Float64Array): number => 1e9 + x[0] ** 2;
    const buried = checkHessian(offset, [0.7], [[2.2]]);
    expect(buried.ok).toBe(false);
    expect(buried.unresolved.map((u) => u.name)).toEqual(["H[0][0]"]);
    expect(checkHessian((x) => 1e6 + x[0] ** 2, [0.7], [[2.2]]).mismatches.map((m) => m.name)).toEqual(["H[0][0]"]);
    expect(
      checkHessian(
        (x) => 3 * x[0] - x[1],
        [0.7, 2],
        [
          [0, 0],
          [0, 0],
        ],
      ).ok,
    ).toBe(true);
  });

  it("where f does not move along a pair at all, a claim outside the bound is unresolved (it fails by default), not a mismatch", () => {
    const f = (x: Float64Array): number => x[0] ** 2;
    const report = checkHessian(
      f,
      [1, 2],
      [
        [2, 0],
        [0, 1e-3],
      ],
    );
    expect(report.ok).toBe(false);
    expect(report.mismatches).toEqual([]);
    expect(report.unresolved.map((u) => u.name)).toEqual(["H[1][1]"]);
    expect(formatHessianReport(report)).toContain("H[1][1] (f does not move along it)");
  });

  it("an entry whose stencil meets a kink is not judged but named", () => {
    const f = (x: Float64Array): number => Math.abs(x[0]) + x[1] ** 2;
    const report = checkHessian(
      f,
      [1e-9, 1],
      [
        [0, 0],
        [0, 2],
      ],
    );
    expect(report.nonDifferentiable.map((k) => k.name)).toEqual(["H[0][0]"]);
    expect(report.ok).toBe(true);
  });

  it("typed errors name the argument: shape, NaN, a Promise, a Promise from f", () => {
    const f = (x: Float64Array): number => x[0] * x[1];
    expect(() => checkHessian(f, [1, 2], [[0, 1]])).toThrow("checkHessian: hessian.length must be 2 rows (the length of x), received 1");
    expect(() => checkHessian(f, [1, 2], [[0, 1], [1]])).toThrow("hessian[1].length must be 2");
    expect(() =>
      checkHessian(
        f,
        [1, 2],
        [
          [0, Number.NaN],
          [1, 0],
        ],
      ),
    ).toThrow("checkHessian: hessian[0][1] must be a number, received NaN");
    expect(() =>
      checkHessian(f, [1, 2], (async () => [
        [0, 1],
        [1, 0],
      ]) as never),
    ).toThrow(/use checkHessianAsync/);
    expect(() =>
      checkHessian(
        f,
        [1, Number.NaN],
        [
          [0, 1],
          [1, 0],
        ],
      ),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      checkHessian(
        (async (x: Float64Array) => x[0]) as never,
        [1, 2],
        [
          [0, 0],
          [0, 0],
        ],
      ),
    ).toThrow(/returned a Promise.*checkHessianAsync/);
    expect(() =>
      checkHessian(
        () => Number.NaN,
        [1, 2],
        [
          [0, 0],
          [0, 0],
        ],
      ),
    ).toThrow(FunctionEvaluationError);
    expect(() =>
      checkHessian(
        f,
        [1, 2],
        [
          [0, 1],
          [1, 0],
        ],
        { stepp: 1 } as never,
      ),
    ).toThrow("options.stepp");
  });

  it("near the edge of f's domain a stencil retries at a smaller step; with no step inside, the error names the point", () => {
    const f = (x: Float64Array): number => Math.log(x[0]) * x[1] ** 2;
    const H = (x: Float64Array): number[][] => [
      [-(x[1] ** 2) / x[0] ** 2, (2 * x[1]) / x[0]],
      [(2 * x[1]) / x[0], 2 * Math.log(x[0])],
    ];
    expect(checkHessian(f, [0.005, 1.5], H).ok).toBe(true); // x[0] − 2^−7 < 0: log gives NaN there
    // 10⁻⁶ from the edge: the step shrinks by 8 until a stencil fits (it threw before, at 2^−13 still outside).
    expect(checkHessian(f, [1e-6, 1.5], H).ok).toBe(true);
    // log(x − 100) at 100.001: a step of 2^−7·100 reaches 780 times past the edge.
    const g = (x: Float64Array): number => Math.log(x[0] - 100) + x[0] * x[1];
    const right = [
      [-1 / (100.001 - 100) ** 2, 1],
      [1, 0],
    ];
    expect(checkHessian(g, [100.001, 0.5], right).ok).toBe(true);
    expect(checkHessian(g, [100.001, 0.5], [right[0], [1, 1e-6 * 1e6]]).mismatches.map((m) => m.name)).toEqual(["H[1][1]"]);
    // No step inside f's domain at all (√x at 0: every x − h is outside): the error names the point.
    const h = (x: Float64Array): number => Math.sqrt(x[0]) * x[1] ** 2;
    expect(() =>
      checkHessian(
        h,
        [0, 1.5],
        [
          [0, 0],
          [0, 0],
        ],
      ),
    ).toThrow(/f returned NaN with x\[0\] moved by -/);
  });

  it("a log x Hessian at x = 0.01 is resolved: where truncation leaves the bound above 1e-2 of the entry, the step shrinks", () => {
    const f = (x: Float64Array): number => Math.log(x[0]) + x[0] * x[1];
    const report = checkHessian(
      f,
      [0.01, 0],
      [
        [-1e4, 1],
        [1, 0],
      ],
    );
    expect(report.unresolved).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.bound[0][0]).toBeLessThan(1e-2 * 1e4);
  });

  it("a jump in ∂²f/∂x_k² is a kink, named with its one-sided values; the entries beside it are still judged", () => {
    const f = (x: Float64Array): number => Math.max(0, x[0]) ** 2 * x[1] + x[1] ** 3;
    const claim = [
      [0, 0],
      [0, 3],
    ];
    const report = checkHessian(f, [0, 0.5], claim);
    const kink = report.nonDifferentiable.find((k) => k.name === "H[0][0]");
    expect(kink?.left).toBeCloseTo(0, 9);
    expect(kink?.right).toBeCloseTo(1, 6);
    expect(report.mismatches).toEqual([]);
    expect(report.ok).toBe(true);
    expect(formatHessianReport(report)).toContain("H[0][0] (one-sided 0.000000e+0 | 1.000000e+0)");
    expect(checkHessian(f, [0, 0.5], [claim[0], [0, 3 + 1e-5]]).mismatches.map((m) => m.name)).toEqual(["H[1][1]"]);
  });

  it("a moved point is named with both coordinates when f fails there", () => {
    const f = (x: Float64Array): number => (x[0] > 1 && x[1] > 2 ? Number.NaN : x[0] * x[1]);
    expect(() =>
      checkHessian(
        f,
        [1, 2],
        [
          [0, 1],
          [1, 0],
        ],
      ),
    ).toThrow(/with x\[0\] moved by \d\.\d{3}e-\d+ and x\[1\] by \d\.\d{3}e-\d+/);
  });
});

describe("checkHessianAsync", () => {
  it("gives the same report as checkHessian for an async f and an async Hessian", async () => {
    const sync = checkHessian(rosenbrock, [0.5, 0.3], rosenbrockHessian);
    const async = await checkHessianAsync(
      async (x) => rosenbrock(x),
      [0.5, 0.3],
      async (x) => rosenbrockHessian(x),
    );
    expect(async.ok).toBe(true);
    expect(async.numeric).toEqual(sync.numeric);
    expect(async.evaluations).toBe(sync.evaluations);
  });

  it("a rejecting f rejects with a FunctionEvaluationError", async () => {
    await expect(checkHessianAsync(() => Promise.reject(new Error("GPU lost")), [1], [[0]])).rejects.toThrow(FunctionEvaluationError);
  });
});

describe("the network's Hessian", () => {
  it("networkHessian's rows are Hessian-vector products with unit vectors, and symmetric", () => {
    const net = createNetwork({ layers: [2, 3, 1], activation: "tanh" }, undefined, { seed: 4 });
    const H = networkHessian(net, [0.5, -1], [0.2]);
    const v = Float64Array.from(H, (_, k) => Math.sin(k + 1));
    const Hv = hessianVectorProduct(net, [0.5, -1], [0.2], v);
    for (let i = 0; i < H.length; i++) {
      let sum = 0;
      for (let j = 0; j < H.length; j++) {
        sum += H[i][j] * v[j];
        expect(Math.abs(H[i][j] - H[j][i])).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(H[i][j])));
      }
      expect(Hv[i]).toBeCloseTo(sum, 12);
    }
    expect(() => hessianVectorProduct(net, [0.5, -1], [0.2], [1])).toThrow("hessianVectorProduct: v");
  });
});
