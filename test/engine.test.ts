import { describe, expect, it } from "vitest";
import { createNetwork, InvalidArgumentError } from "../src/index.js";

describe("the engine on a 1-1 tanh network, by hand", () => {
  // w_0 = 0.1 (bias), w_1 = 0.5; input 2, target 0: s = 1.1, x = tanh 1.1, δ = 2x(1 − x²)
  const net = createNetwork({ layers: [1, 1], activation: "tanh" }, [0.1, 0.5]);
  const x = Math.tanh(1.1);
  const delta = 2 * (x - 0) * (1 - x * x);

  it("forward gives s = w_0 + w_1·input and x = tanh s", () => {
    const { s, x: out } = net.forward([2]);
    expect(s[1][0]).toBe(0.1 + 0.5 * 2);
    expect(out[1][0]).toBe(Math.tanh(1.1));
  });

  it("backward gives δ = 2(x − y)(1 − x²) and ∂e/∂w = [δ, 2δ]", () => {
    const { error, delta: d, gradient } = net.backward([2], [0]);
    expect(error).toBe(x * x);
    expect(d[1][0]).toBe(delta);
    expect(Array.from(gradient)).toEqual([delta, 2 * delta]);
  });

  it("an SGD step moves w by −η ∇e", () => {
    const copy = createNetwork({ layers: [1, 1], activation: "tanh" }, [0.1, 0.5]);
    copy.sgdStep({ input: [2], target: [0] }, 0.5);
    expect(Array.from(copy.parameters)).toEqual([0.1 - 0.5 * delta, 0.5 - 0.5 * 2 * delta]);
  });
});

describe("the flat layout", () => {
  it("places w_ij^(l) at offset(l) + i·d(l) + j", () => {
    const net = createNetwork({ layers: [2, 3, 1], activation: "tanh" });
    expect(net.parameters.length).toBe(3 * 3 + 4 * 1);
    expect(net.layout.offset.slice(1)).toEqual([0, 9, 13]);
  });
  it("copies the parameters it is given", () => {
    const w = [0.1, 0.5];
    const net = createNetwork({ layers: [1, 1], activation: "identity" }, w);
    net.sgdStep({ input: [1], target: [3] }, 0.1);
    expect(w).toEqual([0.1, 0.5]);
  });
  it("draws the same initial weights for the same seed", () => {
    const a = createNetwork({ layers: [3, 4, 2], activation: "tanh" }, undefined, { seed: 5 });
    const b = createNetwork({ layers: [3, 4, 2], activation: "tanh" }, undefined, { seed: 5 });
    const c = createNetwork({ layers: [3, 4, 2], activation: "tanh" }, undefined, { seed: 6 });
    expect(a.parameters).toEqual(b.parameters);
    expect(a.parameters).not.toEqual(c.parameters);
  });
});

describe("bad specs get errors that name the function, the argument and the value", () => {
  const cases: [string, unknown, string][] = [
    ["one layer", { layers: [3], activation: "tanh" }, "createNetwork: spec.layers must be an array of at least 2 positive integers, received [3]"],
    [
      "a zero width",
      { layers: [2, 0, 1], activation: "tanh" },
      "createNetwork: spec.layers must be an array of at least 2 positive integers, received [2, 0, 1]",
    ],
    [
      "an unknown activation",
      { layers: [2, 1], activation: "swish" },
      'createNetwork: spec.activation[0] must be one of tanh, sigmoid, relu, identity, softmax, received "swish"',
    ],
    [
      "softmax below the output",
      { layers: [2, 2, 1], activation: ["softmax", "tanh"] },
      'createNetwork: spec.activation[0] must be one of tanh, sigmoid, relu, identity (softmax is allowed at the output layer only), received "softmax"',
    ],
    [
      "cross-entropy on tanh",
      { layers: [2, 1], activation: "tanh", loss: "cross-entropy" },
      'createNetwork: spec.activation must be softmax, or sigmoid with one output unit, at the output layer for cross-entropy, received "tanh"',
    ],
  ];
  it.each(cases)("%s", (_name, spec, message) => {
    expect(() => createNetwork(spec as never)).toThrow(InvalidArgumentError);
    expect(() => createNetwork(spec as never)).toThrow(message);
  });
  it("parameters of the wrong length", () => {
    expect(() => createNetwork({ layers: [1, 1], activation: "tanh" }, [1, 2, 3])).toThrow("createNetwork: parameters.length must be 2, received 3");
  });
  it("an input of the wrong length, a target outside [0, 1] for cross-entropy", () => {
    const net = createNetwork({ layers: [2, 1], activation: "sigmoid", loss: "cross-entropy" });
    expect(() => net.error([1], [0])).toThrow("error: input.length must be 2, received 1");
    expect(() => net.error([1, 2], [1.5])).toThrow("error: target[0] must be in [0, 1] for cross-entropy, received 1.5");
  });
});
