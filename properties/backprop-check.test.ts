/**
 * checkBackprop, as a property. (1) For every architecture, activation and loss, the engine's own
 * backward passes. (2) Each known slip, injected (properties/slip-mutants.ts), is reported at the
 * layer where it first shows, with its id — with `delta` returned, and, for slips of δ, also from
 * the bias gradient alone. Cases where the slip does not change the numbers at that layer beyond
 * the check's own bound are no test of it and are skipped (fc.pre).
 */
import fc from "fast-check";
import { expect } from "vitest";
import { backpropCase, type NetworkConstraints } from "../src/arbitraries/index.js";
import { type BackpropFunction, checkBackprop } from "../src/check/check-backprop.js";
import { createNetwork } from "../src/network/network.js";
import type { NetworkSpec } from "../src/network/spec.js";
import { prop } from "./prop.js";
import { runs } from "./runs.js";
import { slipMutants } from "./slip-mutants.js";

const engine =
  (spec: NetworkSpec): BackpropFunction =>
  (input, target, parameters) => {
    const { delta, gradient } = createNetwork(spec, parameters).backward(input, target);
    return { delta, gradient };
  };

prop([backpropCase({}, 3)], { numRuns: runs(0.1) })(
  "the engine's own backward passes checkBackprop: every architecture, activation and loss",
  (c) => {
    // allowUnresolved: saturated units leave some weights below what any difference quotient resolves
    // (issue 8's unresolved coordinates fail by default); a right backprop must never mismatch.
    const report = checkBackprop(c.spec, c.parameters, c.samples, engine(c.spec), { allowUnresolved: true });
    expect(report.summary).toMatch(/right$/);
    expect(report.ok).toBe(true);
    expect(report.slip).toBeNull();
  },
);

prop([backpropCase({ weights: ["saturating"] }, 2)], { numRuns: runs(0.03) })(
  "the engine's own backward passes checkBackprop: saturating weights",
  (c) => {
    expect(checkBackprop(c.spec, c.parameters, c.samples, engine(c.spec), { allowUnresolved: true }).ok).toBe(true);
  },
);

/** The slipped numbers differ from the right ones at `layer` by more than the noise a check could confuse them with. */
function visible(
  c: { spec: NetworkSpec; parameters: readonly number[]; samples: readonly { input: ArrayLike<number>; target: ArrayLike<number> }[] },
  slipped: BackpropFunction,
  layer: number,
  inDelta: boolean,
): boolean {
  const network = createNetwork(c.spec, c.parameters);
  const { offset } = network.layout;
  const w = Float64Array.from(c.parameters);
  return c.samples.some((s) => {
    const right = network.backward(s.input, s.target);
    const resolved = { layers: [...network.spec.d], activation: network.spec.theta.slice(1), loss: network.spec.loss };
    const wrong = slipped(Float64Array.from(s.input), Float64Array.from(s.target), w, resolved);
    const [a, b] = inDelta
      ? [right.delta[layer], Array.from(wrong.delta?.[layer] ?? [])]
      : [
          right.gradient.subarray(offset[layer], offset[layer + 1]),
          Array.from((wrong.gradient as ArrayLike<number>) ?? []).slice(offset[layer], offset[layer + 1]),
        ];
    const scale = Math.max(...Array.from(a, Math.abs), 1e-3);
    return Array.from(a).some((v, k) => Math.abs(v - b[k]) > 1e-3 * scale);
  });
}

for (const slip of slipMutants)
  for (const withDelta of slip.inDelta ? [true, false] : [true]) {
    const constraints: NetworkConstraints = { ...slip.constraints };
    prop([backpropCase(constraints, 2)], { numRuns: runs(0.02) })(
      `slip "${slip.id}" (${slip.name}) is reported at its layer and named${withDelta ? "" : ", from the bias gradient alone"}`,
      (c) => {
        const d = c.spec.layers;
        const layer = slip.layer(d);
        // Both read an index of layer L − 1 in layer L (x_i^(L) for x_i^(L−1); δ_i^(L) for δ_j^(L)): they exist only where d(L) ≥ d(L − 1).
        if (slip.id === "wrong-layer-x" || slip.id === "wrong-sum-index") fc.pre(d[d.length - 1] >= d[d.length - 2]);
        const slipped = slip.backprop(c.spec);
        fc.pre(visible(c, slipped, layer, slip.inDelta));
        const backprop: BackpropFunction = withDelta ? slipped : (i, t, p, s) => ({ gradient: slipped(i, t, p, s).gradient });
        const report = checkBackprop(c.spec, c.parameters, c.samples, backprop);
        expect(report.ok).toBe(false);
        expect(report.firstWrongLayer).toBe(layer);
        expect(report.matchingSlips).toContain(slip.id);
        expect(report.slip).toBe(report.matchingSlips[0]);
      },
    );
  }
