import { describe, expect, it } from "vitest";
import { type BackpropRules, backpropRules } from "../src/network/backprop.js";
import { buildNetwork } from "../src/network/network.js";
import type { NetworkSpec } from "../src/network/spec.js";

const spec: NetworkSpec = { layers: [3, 5, 4, 2], activation: ["tanh", "relu", "sigmoid"] };
const samples = [
  { input: [0.3, -1.2, 0.8], target: [0.1, -0.4] },
  { input: [-0.5, 0.2, 1.5], target: [0.6, 0.3] },
];
const gradientWith = (rules: BackpropRules) => buildNetwork(spec, undefined, { seed: 4 }, rules).meanGradient(samples).gradient;

describe("backwardPass applies the library's rules inline and any other rules through their hooks", () => {
  it("the hooked path, given the library's own hooks in another record, gives the same gradient bit for bit", () => {
    expect(gradientWith({ ...backpropRules })).toEqual(gradientWith(backpropRules));
  });

  it("every hook is still honoured: changing any one of them changes the gradient", () => {
    const reference = gradientWith(backpropRules);
    const mutations: Partial<BackpropRules>[] = [
      { gradient: (i, x, delta) => (i === 0 ? 0 : x * delta) },
      { weight: (w, layout, l, i, j) => w[layout.offset[l] + i * layout.d[l] + j] * 2 },
      { derivative: (activation, s, x) => backpropRules.derivative(activation, s, x) * 0.5 },
      {
        outputDelta: (...args) => {
          backpropRules.outputDelta(...args);
          args[5].fill(1);
        },
      },
    ];
    for (const mutation of mutations) expect(gradientWith({ ...backpropRules, ...mutation })).not.toEqual(reference);
  });
});
