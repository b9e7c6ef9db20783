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

/**
 * The layers where convnetjs's tanh, (e^{2s} − 1)/(e^{2s} + 1), is off from Math.tanh by more than a
 * relative 1e-9 on some sample: near s = 0 it loses ε/|s| to the cancellation in e^{2s} − 1.
 */
function tanhOffLayers(spec: NetworkSpec, w: ArrayLike<number>, samples: readonly { input: ArrayLike<number> }[]): number[] {
  const network = createNetwork(spec, w);
  const out = new Set<number>();
  for (const { input } of samples) {
    const trace = network.forward(input);
    for (let l = 1; l < spec.layers.length; l++) {
      if (network.spec.theta[l] !== "tanh") continue;
      for (const s of trace.s[l]) {
        const y = Math.exp(2 * s);
        const theirs = (y - 1) / (y + 1);
        if (Math.abs(theirs - Math.tanh(s)) > 1e-9 * Math.abs(Math.tanh(s))) out.add(l);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

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
  // Right, that is, for the forward it differentiates: convnetjs's own tanh is off near s = 0 (tanhOff), and
  // where it is, a failure must name a layer at or just above the unit it put out.
  it("pass checkBackprop over random architectures and activations with squared error (unresolved δ and weights allowed; where convnetjs's tanh is off, blame a layer it reaches)", () => {
    const heads = (["tanh", "sigmoid", "relu", "identity"] as const).map((activation) => ({ activation, loss: "squared" as const }));
    fc.assert(
      fc.property(backpropCase({ heads, weights: ["ordinary"] }, 2), (c) => {
        const report = checkBackprop(c.spec, c.parameters, c.samples, convnet, { allowUnresolved: true });
        const off = tanhOffLayers(c.spec, c.parameters, c.samples);
        if (off.length > 0 && !report.ok) return report.firstWrongLayer !== null && report.firstWrongLayer <= Math.max(...off) + 1;
        expect(report.summary).toMatch(/right$/);
        return report.ok && report.layers.every((l) => l.wrongUnits.length === 0 && l.wrongWeights.length === 0);
      }),
      { numRuns: 40 },
    );
  });

  it("convnetjs's δ^(3), off by its tanh's 1.9e-5 at s^(3) ≈ −2.5e-15, is named wrong at layer 3, the output δ (npm test, seed 184948929)", () => {
    const spec: NetworkSpec = { layers: [1, 2, 3, 1], activation: ["sigmoid", "identity", "tanh"], loss: "squared" };
    const w = new Float64Array(17);
    w[0] = -0.000038489699363708496;
    w[2] = -1.172347292304039;
    w[8] = -2.2351741790771484e-7;
    w[15] = 2.2351741790771484e-8;
    const samples = [{ input: [0], target: [0] }];
    expect(tanhOffLayers(spec, w, samples)).toEqual([3]);
    const report = checkBackprop(spec, w, samples, convnet, { allowUnresolved: true });
    expect(report.ok).toBe(false);
    expect(report.firstWrongLayer).toBe(3);
    expect(report.wrongStep).toBe("output-delta");
    // The engine's own backward, on the same network, is right.
    const own: BackpropFunction = (i, t, ww, s) => createNetwork(s, ww).backward(i, t);
    expect(checkBackprop(spec, w, samples, own, { allowUnresolved: true }).ok).toBe(true);
  });

  it("without the factor 2 of its ½ Σ (x − y)² convention, the slip missing-factor-2 at layer L", () => {
    const spec = specs[1];
    const parameters = createNetwork(spec, undefined, { seed: 3 }).parameters;
    const half: BackpropFunction = (i, t, w, s) => convnetBackprop(i, t, w, s, 1);
    const report = checkBackprop(spec, parameters, samplesFor(spec.layers, false), half);
    expect([report.firstWrongLayer, report.slip]).toEqual([3, "missing-factor-2"]);
  });
});
