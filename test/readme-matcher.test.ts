import "gradcheck/vitest";
import { expect, test } from "vitest";

test("my gradient", () => {
  const f = (x: Float64Array) => x[0] ** 2 * Math.sin(x[1]);
  expect(f).toHaveGradient([1.5, 0.3], (x) => [2 * x[0] * Math.sin(x[1]), x[0] ** 2 * Math.cos(x[1])]);
});
