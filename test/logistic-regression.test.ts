import "gradcheck/vitest";
import { describe, expect, it } from "vitest";

// Logistic regression (Learning From Data, ch. 3): labels y_n = ±1, inputs x_n with x_0 = 1,
//   E_in(w) = (1/N) Σ_n ln(1 + e^(−y_n wᵀx_n)),
//   ∇E_in(w) = −(1/N) Σ_n y_n x_n / (1 + e^(y_n wᵀx_n)).
const data = [
  { x: [1, 0.5, -1.2], y: 1 },
  { x: [1, -0.3, 0.8], y: -1 },
  { x: [1, 2.1, 0.4], y: 1 },
  { x: [1, -1.7, -0.9], y: -1 },
];
const dot = (w: ArrayLike<number>, x: number[]) => x.reduce((sum, xi, i) => sum + w[i] * xi, 0);

const inSampleError = (w: Float64Array) => data.reduce((sum, { x, y }) => sum + Math.log1p(Math.exp(-y * dot(w, x))), 0) / data.length;

function gradient(w: Float64Array): number[] {
  const g = [0, 0, 0];
  for (const { x, y } of data) {
    const scale = -y / (1 + Math.exp(y * dot(w, x))) / data.length;
    for (let i = 0; i < g.length; i++) g[i] += scale * x[i];
  }
  return g;
}

describe("logistic regression's hand-written gradient", () => {
  it.each([[[0, 0, 0]], [[0.3, -1.1, 2]], [[5, -3, 1]]])("is the gradient of E_in at w = %j", (w) => {
    expect(inSampleError).toHaveGradient(w, gradient);
  });

  it("with the sign of y_n dropped from the exponent, is caught", () => {
    const slip = (w: Float64Array) => {
      const g = [0, 0, 0];
      for (const { x, y } of data) for (let i = 0; i < 3; i++) g[i] += (-y / (1 + Math.exp(dot(w, x))) / data.length) * x[i];
      return g;
    };
    expect(inSampleError).not.toHaveGradient([0.3, -1.1, 2], slip);
  });
});
