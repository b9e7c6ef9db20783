/**
 * The library's edges a newcomer meets first (issue 12): typos in options, a report that is not one,
 * an async f, a network too large to build. Each is a typed error, not silence or a crash.
 */

import {
  checkGradient,
  checkNetwork,
  createNetwork,
  differentiate,
  FunctionEvaluationError,
  formatReport,
  InvalidArgumentError,
  MAX_PARAMETERS,
  numericalGradient,
} from "gradcheck";
import { describe, expect, it } from "vitest";

const f = (x: Float64Array) => x[0] ** 2;
const grad = (x: Float64Array) => [2 * x[0]];

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
}

describe("workers", () => {
  const network = createNetwork({ layers: [1, 1], activation: "tanh" });
  it.each([0, 1.5, -1, "2"])("workers: %s is a typed error naming options.workers", (workers) => {
    for (const call of [
      () => checkGradient(f, [1], grad, { workers } as never),
      () => checkNetwork(network, [{ input: [1], target: [0] }], { workers } as never),
    ]) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe("options.workers");
    }
  });
  it("options.module must be a URL string; below the size where workers pay, workers and module change nothing", () => {
    expect((thrown(() => checkGradient(f, [1], grad, { module: 3 } as never)) as InvalidArgumentError).argument).toBe("options.module");
    const plain = checkGradient(f, [1], grad);
    expect(checkGradient(f, [1], grad, { workers: 2, module: "file:///nowhere.mjs" })).toEqual(plain);
    expect(checkNetwork(network, [{ input: [1], target: [0] }], { workers: 2 })).toEqual(checkNetwork(network, [{ input: [1], target: [0] }]));
  });
});

describe("unknown option keys are a typed error, not ignored", () => {
  it.each([
    ["checkGradient", () => checkGradient(f, [1], grad, { tolerance: 1e-3 } as never), "tolerance"],
    [
      "checkNetwork",
      () => checkNetwork(createNetwork({ layers: [1, 1], activation: "tanh" }), [{ input: [1], target: [0] }], { seeed: 2 } as never),
      "seeed",
    ],
    ["createNetwork", () => createNetwork({ layers: [1, 1], activation: "tanh" }, undefined, { sed: 3 } as never), "sed"],
    ["differentiate", () => differentiate(f, [1], { steps: 1e-3 } as never), "steps"],
    ["numericalGradient", () => numericalGradient(f, [1], { h: 1e-3 } as never), "h"],
  ])("%s", (fn, call, key) => {
    const error = thrown(call);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(`options.${key}`);
    expect((error as Error).message).toContain(`"${key}" is not an option of ${fn}`);
  });
  it("every documented option is still accepted", () => {
    const report = checkGradient(f, [1], grad, {
      method: "richardson",
      precision: "float64",
      mode: "full",
      k: 4,
      seed: 3,
      fullLimit: 10,
      name: (k) => `w${k}`,
    });
    expect(report.ok).toBe(true);
    expect(checkGradient(f, [1], grad, { atol: 1e-6, rtol: 1e-6, step: 2 ** -7 }).ok).toBe(true);
    expect(createNetwork({ layers: [1, 1], activation: "tanh" }, undefined, { seed: 2, maxParameters: 10 }).parameters).toHaveLength(2);
  });
});

describe("formatReport of something that is not a report", () => {
  it.each([null, undefined, {}, 3, "report"])("%j is a typed error", (value) => {
    const error = thrown(() => formatReport(value as never));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).functionName).toBe("formatReport");
  });
});

describe("an async f or gradient is named as such", () => {
  it("f returning a Promise", () => {
    const error = thrown(() => checkGradient((async (x: Float64Array) => x[0] ** 2) as never, [1], [2]));
    expect(error).toBeInstanceOf(FunctionEvaluationError);
    expect((error as Error).message).toContain("f returned a Promise (an async function)");
    expect((error as Error).message).toContain("use checkGradientAsync");
    // numericalGradient has no async form: it says only what to do instead.
    expect((thrown(() => numericalGradient((async (x: Float64Array) => x[0] ** 2) as never, [1])) as Error).message).not.toContain("Async");
  });
  it("a gradient function returning a Promise", () => {
    const error = thrown(() => checkGradient(f, [1], (async (x: Float64Array) => [2 * x[0]]) as never));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain("it returned a Promise");
    expect((error as Error).message).toContain("received a Promise");
  });
});

describe("createNetwork refuses absurd sizes before allocating anything", () => {
  it("[1e9, 1] is refused with the parameter count, instead of 78 s and 8 GB", () => {
    // Refused before any allocation: were the 2e9 weights drawn, this test would take minutes and gigabytes.
    const error = thrown(() => createNetwork({ layers: [1e9, 1], activation: "tanh" }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain(`a network of at most ${MAX_PARAMETERS} parameters`);
    expect((error as Error).message).toContain("these widths give 1000000001 parameters");
  });
  it("the limit is options.maxParameters, checked as a number", () => {
    expect(() => createNetwork({ layers: [2, 3, 1], activation: "tanh" }, undefined, { maxParameters: 12 })).toThrow("at most 12 parameters");
    expect(createNetwork({ layers: [2, 3, 1], activation: "tanh" }, undefined, { maxParameters: 13 }).parameters).toHaveLength(13);
    expect(() => createNetwork({ layers: [1, 1], activation: "tanh" }, undefined, { maxParameters: "big" as never })).toThrow(InvalidArgumentError);
  });
});
