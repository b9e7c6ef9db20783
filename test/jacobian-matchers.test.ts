import { describe, expect, test } from "vitest";
import "../src/vitest/index.js";

const f = (x: Float64Array) => [x[0] * x[1], Math.sin(x[0])];
const J = (x: Float64Array) => [
  [x[1], x[0]],
  [Math.cos(x[0]), 0],
];
const jvp = (x: Float64Array, t: Float64Array) => J(x).map((r) => r[0] * t[0] + r[1] * t[1]);
const vjp = (x: Float64Array, v: Float64Array) => [0, 1].map((k) => v[0] * J(x)[0][k] + v[1] * J(x)[1][k]);

describe("Jacobian matchers", () => {
  test("pass on right claims, fail with the report's table", async () => {
    expect(f).toHaveJacobian([2, 3], J);
    expect(f).toHaveVJP([2, 3], vjp);
    expect(f).toHaveJVP([2, 3], jvp);
    expect(f).not.toHaveJacobian(
      [2, 3],
      [
        [3, 2],
        [0, 0],
      ],
    );
    expect(() => expect(f).toHaveJVP([2, 3], (x, t) => [jvp(x, t)[0], -jvp(x, t)[1]])).toThrow(/J\[1\]\[0\]/);
    await expect((x: Float64Array) => Promise.resolve(f(x))).toHaveJacobianAsync([2, 3], J);
    await expect((x: Float64Array) => Promise.resolve(f(x))).toHaveVJPAsync([2, 3], vjp);
    await expect((x: Float64Array) => Promise.resolve(f(x))).toHaveJVPAsync([2, 3], jvp);
    await expect((x: Float64Array) => Promise.resolve(x[0] ** 2)).toHaveGradientAsync([3], [6]);
    await expect(
      expect((x: Float64Array) => Promise.resolve(f(x))).toHaveJacobianAsync(
        [2, 3],
        [
          [0, 0],
          [0, 0],
        ],
      ),
    ).rejects.toThrow(/Jacobian check failed/);
  });
});
