import "gradcheck/vitest";
import { createNetwork } from "gradcheck";
import { expect, test } from "vitest";

test("my gradient", () => {
  const f = (x: Float64Array) => x[0] ** 2 * Math.sin(x[1]);
  expect(f).toHaveGradient([1.5, 0.3], (x) => [2 * x[0] * Math.sin(x[1]), x[0] ** 2 * Math.cos(x[1])]);
});

test("the engine's backprop", () => {
  const net = createNetwork({ layers: [2, 3, 1], activation: "tanh" }, undefined, { seed: 7 });
  expect(net).toHaveCorrectBackprop([{ input: [0.8, -0.4], target: [0.25] }]);
});
