import { checkBackprop } from "gradcheck";
import { expect, it } from "vitest";

it("my δ^(L) = 2(x − y)(1 − x²) is right", () => {
  const spec = { layers: [1, 1], activation: "tanh" } as const; // one tanh unit, squared error
  const report = checkBackprop(spec, [0.1, 0.5], [{ input: [2], target: [0] }], (input, target, w) => {
    const x = Math.tanh(w[0] + w[1] * input[0]); // s = w_0 + w_1 x_1 (x_0 = 1), x = tanh s
    const delta = 2 * (x - target[0]) * (1 - x * x); // δ^(L) = 2(x − y)(1 − x²)
    return { delta: [[], [delta]], gradient: [delta, input[0] * delta] }; // ∂e/∂w_i = x_i δ
  });
  expect(report.ok).toBe(true); // with (1 − tanh²(x)): ok false, slip "theta-prime-of-x"
});
