/**
 * A real hand-written MLP that no one here wrote: convnetjs 0.3.0's fully-connected layers, wrapped
 * to the flat layout (examples/backprop/convnetjs.mjs says how), pass checkBackprop; and the wrapper
 * without its loss-convention factor 2 is reported as the slip "missing-factor-2" at layer L.
 */
import fc from "fast-check";
import { type BackpropFunction, checkBackprop, createNetwork, type NetworkSpec } from "gradcheck";
import { backpropCase } from "gradcheck/arbitraries";
import { describe, expect, it } from "vitest";

const { convnetBackprop } = (await import(new URL("../examples/backprop/convnetjs.mjs", import.meta.url).href)) as {
  convnetBackprop: (input: Float64Array, target: Float64Array, w: Float64Array, spec: NetworkSpec, factor?: number) => ReturnType<BackpropFunction>;
};
const convnet: BackpropFunction = (i, t, w, s) => convnetBackprop(i, t, w, s);

const samplesFor = (d: readonly number[], oneHot: boolean) =>
  [
    [0.4, -1.1, 0.7, 0.2],
    [-0.5, 0.3, 1.2, -0.8],
    [1.5, 0.1, -0.3, 0.6],
  ].map((v, n) => ({
    input: v.slice(0, d[0]),
    target: Array.from({ length: d[d.length - 1] }, (_, j) => (oneHot ? (j === n % d[d.length - 1] ? 1 : 0) : 0.3 * (j + 1) - 0.5)),
  }));

const specs: NetworkSpec[] = [
  { layers: [3, 5, 2], activation: ["tanh", "identity"], loss: "squared" },
  { layers: [4, 6, 5, 3], activation: ["tanh", "sigmoid", "tanh"], loss: "squared" },
  { layers: [2, 4, 3], activation: ["relu", "sigmoid"], loss: "squared" },
  { layers: [4, 5, 3], activation: ["tanh", "softmax"], loss: "cross-entropy" },
  { layers: [3, 6, 4, 4], activation: ["sigmoid", "tanh", "softmax"], loss: "cross-entropy" },
];

describe("convnetjs 0.3.0's fully-connected layers, wrapped to the flat layout", () => {
  it.each(specs.map((s) => [JSON.stringify(s), s] as const))("pass checkBackprop: %s", (_, spec) => {
    const parameters = createNetwork(spec, undefined, { seed: 3 }).parameters;
    const samples = samplesFor(spec.layers, spec.loss === "cross-entropy");
    const report = checkBackprop(spec, parameters, samples, convnet);
    expect(report.summary).toMatch(/right$/);
    expect(report.ok).toBe(true);
  });

  // allowUnresolved, as for the engine's own backward (properties/backprop-check.test.ts): a δ of
  // 1e-17 beside an e of order 1 (zero first-layer weights, seed 1087078905) is below what any
  // difference quotient resolves, and unresolved fails by default; a right backprop must never mismatch.
  it("pass checkBackprop over random architectures and activations with squared error (unresolved δ and weights allowed)", () => {
    const heads = (["tanh", "sigmoid", "relu", "identity"] as const).map((activation) => ({ activation, loss: "squared" as const }));
    fc.assert(
      fc.property(backpropCase({ heads, weights: ["ordinary"] }, 2), (c) => {
        const report = checkBackprop(c.spec, c.parameters, c.samples, convnet, { allowUnresolved: true });
        expect(report.summary).toMatch(/right$/);
        return report.ok && report.layers.every((l) => l.wrongUnits.length === 0 && l.wrongWeights.length === 0);
      }),
      { numRuns: 40 },
    );
  });

  it("without the factor 2 of its ½ Σ (x − y)² convention, the slip missing-factor-2 at layer L", () => {
    const spec = specs[1];
    const parameters = createNetwork(spec, undefined, { seed: 3 }).parameters;
    const half: BackpropFunction = (i, t, w, s) => convnetBackprop(i, t, w, s, 1);
    const report = checkBackprop(spec, parameters, samplesFor(spec.layers, false), half);
    expect([report.firstWrongLayer, report.slip]).toEqual([3, "missing-factor-2"]);
  });
});
