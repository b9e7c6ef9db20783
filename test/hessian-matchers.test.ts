import { describe, expect, it } from "vitest";
import "../src/vitest/index.js";

const f = (x: Float64Array): number => x[0] ** 2 * x[1];
const H = [
  [4, 2],
  [2, 0],
];

describe("toHaveHessian and toHaveHessianAsync", () => {
  it("pass a right Hessian, fail a wrong one with the table", async () => {
    expect(f).toHaveHessian([1, 2], H);
    expect(f).not.toHaveHessian(
      [1, 2],
      [
        [4, 2],
        [2, 1e-3],
      ],
    );
    expect(() =>
      expect(f).toHaveHessian(
        [1, 2],
        [
          [4, 2.000001],
          [2.000001, 0],
        ],
      ),
    ).toThrow(/Hessian check FAILED[\s\S]*H\[0\]\[1\]/);
    await expect(async (x: Float64Array) => f(x)).toHaveHessianAsync([1, 2], async () => H);
    await expect(
      expect(async (x: Float64Array) => f(x)).toHaveHessianAsync(
        [1, 2],
        [
          [4, 3],
          [2, 0],
        ],
      ),
    ).rejects.toThrow(/asymmetric: H\[0\]\[1\] ≠ H\[1\]\[0\]/);
  });
});
