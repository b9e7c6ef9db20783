import { checkGradient, checkNetwork, createNetwork, formatReport, InvalidArgumentError, type Layout } from "gradcheck";
import { gradientMatchers } from "gradcheck/vitest";
import { describe, expect, it } from "vitest";
import { backpropRules } from "../src/network/backprop.js";
import { buildNetwork } from "../src/network/network.js";

// f(x) = x0² sin x1, ∇f = [2 x0 sin x1, x0² cos x1]
const f = (x: Float64Array) => x[0] ** 2 * Math.sin(x[1]);
const grad = (x: Float64Array) => [2 * x[0] * Math.sin(x[1]), x[0] ** 2 * Math.cos(x[1])];
const wrong = (x: Float64Array) => [2 * x[0] * Math.sin(x[1]), x[0] * Math.cos(x[1])];
const x = [1.5, 0.3];

/** The message of the assertion error `assert` throws. */
function failureOf(assert: () => void): string {
  try {
    assert();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("the assertion passed");
}

describe("expect(f).toHaveGradient(x, analytic, options?)", () => {
  it("passes when analytic is the gradient of f at x", () => {
    expect(f).toHaveGradient(x, grad);
    expect(f).toHaveGradient(x, grad(Float64Array.from(x)), { method: "central", rtol: 1e-6 });
  });

  it("fails with checkGradient's report table as the message when analytic is wrong", () => {
    const message = failureOf(() => expect(f).toHaveGradient(x, wrong));
    expect(message).toContain(formatReport(checkGradient(f, x, wrong)));
    expect(message).toMatch(/x\[1\]/);
  });

  it("under .not, passes for a wrong gradient and fails for a right one, saying that every coordinate agreed", () => {
    expect(f).not.toHaveGradient(x, wrong);
    const message = failureOf(() => expect(f).not.toHaveGradient(x, grad));
    expect(message).toContain("every coordinate agrees");
    expect(message).toContain(formatReport(checkGradient(f, x, grad)));
  });

  it("throws checkGradient's InvalidArgumentError for bad arguments, with or without .not", () => {
    expect(() => expect(f).toHaveGradient(x, [1, 2, 3])).toThrow(InvalidArgumentError);
    expect(() => expect(f).not.toHaveGradient(x, [1, 2, 3])).toThrow(InvalidArgumentError);
  });
});

describe("expect(network).toHaveCorrectBackprop(samples, options?)", () => {
  const spec = { layers: [2, 3, 2], activation: "tanh" } as const;
  const samples = [
    { input: [0.8, -0.4], target: [0.25, -0.1] },
    { input: [-0.1, 0.6], target: [-0.5, 0.3] },
  ];

  it("passes for the engine's backprop", () => {
    expect(createNetwork(spec, undefined, { seed: 3 })).toHaveCorrectBackprop(samples);
  });

  it("fails for a backprop that reads w_ji for w_ij, with checkNetwork's table naming weights w[l][i][j]", () => {
    const transposed = {
      ...backpropRules,
      weight: (w: Float64Array, layout: Layout, l: number, i: number, j: number) => w[layout.offset[l] + j * layout.d[l] + i],
    };
    const network = buildNetwork(spec, createNetwork(spec, undefined, { seed: 3 }).parameters, {}, transposed);
    const message = failureOf(() => expect(network).toHaveCorrectBackprop(samples));
    expect(message).toContain(formatReport(checkNetwork(network, samples)));
    expect(message).toMatch(/w\[l=1\]\[i=\d\]\[j=\d\]/);
    expect(network).not.toHaveCorrectBackprop(samples);
  });
});

describe("the matcher object", () => {
  it("is exported for expect.extend, one entry per matcher", () => {
    expect(Object.keys(gradientMatchers).sort()).toEqual([
      "toBeCorrectBackprop",
      "toHaveCorrectBackprop",
      "toHaveGradient",
      "toHaveHessian",
      "toHaveHessianAsync",
    ]);
  });
});

// Typed for TypeScript: `npm run typecheck` rejects these calls (never run).
// biome-ignore lint/correctness/noUnusedVariables: read by the typechecker only
function typeErrors(): void {
  // @ts-expect-error x must be numbers
  expect(f).toHaveGradient(["a"], grad);
  // @ts-expect-error the options are CheckOptions
  expect(f).toHaveGradient(x, grad, { method: "forward" });
  // @ts-expect-error samples are { input, target }
  expect(createNetwork({ layers: [1, 1], activation: "tanh" })).toHaveCorrectBackprop([{ input: [1] }]);
  // @ts-expect-error toBeCorrectBackprop needs the spec, the parameters and the samples
  expect(grad).toBeCorrectBackprop([{ input: [1], target: [0] }]);
  // @ts-expect-error the gradient layout is "flat" or "nested"
  expect(grad).toBeCorrectBackprop({ layers: [1, 1], activation: "tanh" }, [0, 1], [{ input: [1], target: [0] }], { gradientLayout: "rows" });
}
