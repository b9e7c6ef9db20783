import fc from "fast-check";
import "gradcheck/vitest";
import { vector } from "gradcheck/arbitraries";
import { describe, expect, it } from "vitest";

// Your own code: logistic regression's E_in and its hand-written gradient, for any data set
// (labels y_n = ±1, inputs with x_0 = 1 prepended).
type Point = { x: number[]; y: number };
const dot = (w: ArrayLike<number>, x: number[]) => x.reduce((sum, xi, i) => sum + w[i] * xi, 0);
const inSampleError = (data: Point[]) => (w: Float64Array) =>
  data.reduce((sum, { x, y }) => sum + Math.log1p(Math.exp(-y * dot(w, x))), 0) / data.length;
const gradient = (data: Point[]) => (w: Float64Array) =>
  data.reduce((g, { x, y }) => g.map((gi, i) => gi - (y * x[i]) / (1 + Math.exp(y * dot(w, x))) / data.length), new Array<number>(w.length).fill(0));

describe("property tests with gradcheck/arbitraries", () => {
  it("the logistic-regression gradient is right for any data (N ≤ 8, d ≤ 4) and any weights in [−5, 5]", () => {
    const point = (d: number) => fc.record({ x: vector(d, -2, 2).map((x) => [1, ...x]), y: fc.constantFrom(-1, 1) });
    const problem = fc.integer({ min: 1, max: 4 }).chain((d) => fc.tuple(fc.array(point(d), { minLength: 1, maxLength: 8 }), vector(d + 1, -5, 5)));
    fc.assert(
      fc.property(problem, ([data, w]) => {
        expect(inSampleError(data)).toHaveGradient(w, gradient(data));
      }),
    );
  });
});
