/**
 * The network-aware Partial computes the same E(w + h·e_k) as the black box, to rounding.
 *
 * The bound. Let η bound the rounding error of one computed E (either way of computing it)
 * against the exact E at any point of the stencil; it comes from a forward error analysis
 * (roundingBound below). Two computations of E then differ by at most 2η at each point, so
 * the central differences D(h_m) = [E(+h_m) − E(−h_m)]/2h_m differ by at most 2η/h_m, and the
 * Richardson value R = (64 D(h/4) − 20 D(h/2) + D(h))/45 by at most
 *
 *     (64·4 + 20·2 + 1)/45 · 2η/h = (297/45)·2η/h.
 *
 * The differentiator may shrink a coordinate's step where truncation dwarfs rounding; where
 * the two computations took different steps (a decision a rounding difference can tip), the
 * stencils differ and only the stencil values are compared.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { heads } from "../src/arbitraries/index.js";
import { createRandom } from "../src/base/random.js";
import { meanErrorFunction } from "../src/check/check-network.js";
import { drawDirection } from "../src/check/modes.js";
import { networkLines } from "../src/check/network-line.js";
import { networkPartial } from "../src/check/network-partial.js";
import type { Activation } from "../src/network/activations.js";
import { createNetwork, type Network, type Sample } from "../src/network/network.js";
import { differentiatePartial } from "../src/numeric/differentiate.js";
import { alongLines, blackBox } from "../src/numeric/evaluate.js";
import { EPSILON_64 } from "../src/numeric/step.js";
import { prop } from "./prop.js";
import { runs } from "./runs.js";

const elementwiseActivations: Activation[] = ["tanh", "sigmoid", "relu", "identity"];

/** Depth 1–4, widths 1–8, per-layer activations and a loss valid for the output; weights ordinary or saturating; 1–3 samples. */
const problem = fc
  .record({
    widths: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 5 }),
    hidden: fc.array(fc.constantFrom(...elementwiseActivations), { minLength: 4, maxLength: 4 }),
    output: fc.constantFrom(...heads),
    weightScale: fc.constantFrom(1, 4),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    samples: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ widths, hidden, output: { activation: out, loss }, weightScale, seed, samples }) => {
    const layers = out === "sigmoid" && loss === "cross-entropy" ? [...widths.slice(0, -1), 1] : widths;
    const L = layers.length - 1;
    const activation = [...hidden.slice(0, L - 1), out];
    let state = seed;
    const uniform = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state / 2 ** 32) * 2 - 1;
    };
    const network = createNetwork({ layers, activation, loss }, undefined, { seed });
    for (let k = 0; k < network.parameters.length; k++) network.parameters[k] *= weightScale;
    const target = (): number[] => {
      if (loss === "squared") return Array.from({ length: layers[L] }, uniform);
      if (out === "sigmoid") return [(uniform() + 1) / 2];
      const raw = Array.from({ length: layers[L] }, () => uniform() + 1);
      const sum = raw.reduce((a, b) => a + b, 0) || 1;
      return raw.map((v) => v / sum);
    };
    const data: Sample[] = Array.from({ length: samples }, () => ({
      input: Array.from({ length: layers[0] }, () => 2 * uniform()),
      target: target(),
    }));
    return { network, samples: data };
  });

/** |w| widened to cover any weight of the stencil: |w + h| ≤ |w| + 2^−7·max(1, |w|). */
const widen = (v: number): number => Math.abs(v) * (1 + 2 ** -6) + 2 ** -6;

/**
 * η ≥ |computed E − exact E| at any point of the stencil, by forward error analysis with
 * ∞-norms: a layer's sum of n = d(l−1) + 1 terms of total magnitude a errs by ≤ n·ε·a, an
 * error in x^(l−1) reaches s^(l) multiplied by B = max_j Σ_i |w_ij|, every θ is 1-Lipschitz
 * and rounds its result by a few ε; the loss is Lipschitz in x (squared: 2|x − y| per unit)
 * or in s (cross-entropy: 2Σy + 1). SLACK = 4 covers the second-order terms and library
 * functions (tanh, exp, log) that round to within 2 ulps.
 */
function roundingBound(network: Network, samples: readonly Sample[]): number {
  const SLACK = 4;
  const { d, theta, loss } = network.spec;
  const { parameters: w, layout } = network;
  const L = d.length - 1;
  let total = 0;
  for (const { input, target } of samples) {
    const trace = network.forward(input);
    let m = Array.from(input, widen);
    let errX = 0;
    let errS = 0;
    let a = 0;
    for (let l = 1; l <= L; l++) {
      let aMax = 0;
      let bMax = 0;
      for (let j = 0; j < d[l]; j++) {
        let aj = widen(w[layout.offset[l] + j]);
        let bj = 0;
        for (let i = 1; i <= d[l - 1]; i++) {
          const wij = widen(w[layout.offset[l] + i * d[l] + j]);
          aj += wij * m[i - 1];
          bj += wij;
        }
        aMax = Math.max(aMax, aj);
        bMax = Math.max(bMax, bj);
      }
      a = aMax;
      errS = (d[l - 1] + 2) * EPSILON_64 * aMax + bMax * errX;
      errX = errS + 4 * EPSILON_64 * (1 + aMax) * (theta[l] === "softmax" ? d[l] : 1);
      m = Array.from(trace.x[l], widen);
    }
    const x = trace.x[L];
    let errE: number;
    if (loss === "squared") {
      errE = 0;
      for (let j = 0; j < d[L]; j++) errE += (2 * Math.abs(x[j] - target[j]) + 2 + 2 * errX) * errX;
    } else {
      let sumY = 0;
      for (let j = 0; j < d[L]; j++) sumY += target[j];
      errE = (2 * sumY + 1) * (errS + 4 * EPSILON_64 * (a + Math.log(d[L]) + 1) * d[L]);
    }
    total += SLACK * (errE + (d[L] + 2) * EPSILON_64 * Math.abs(network.error(input, target)));
  }
  return total / samples.length + 2 * EPSILON_64 * Math.abs(network.meanError(samples));
}

describe("network-aware finite differences", () => {
  prop([problem], { numRuns: runs(0.2) })("every stencil value equals the black box's E(w + h·e_k) to within 2η", ({ network, samples }) => {
    const eta = roundingBound(network, samples);
    const aware = networkPartial(network, samples);
    const box = blackBox("test", meanErrorFunction(network, samples), network.parameters);
    expect(aware.value(0, 0)).toBe(box.value(0, 0));
    for (let k = 0; k < aware.n; k++) {
      const h = 2 ** -7 * Math.max(1, Math.abs(aware.at(k)));
      for (const step of [h, -h, h / 2, -h / 2, h / 4, -h / 4])
        expect(Math.abs(aware.value(k, step) - box.value(k, step))).toBeLessThanOrEqual(2 * eta);
    }
  });

  prop([problem], { numRuns: runs(0.2) })(
    "the Richardson gradient equals the black box's to within (297/45)·2η/h per coordinate",
    ({ network, samples }) => {
      const eta = roundingBound(network, samples);
      const aware = differentiatePartial(networkPartial(network, samples));
      const box = differentiatePartial(blackBox("test", meanErrorFunction(network, samples), network.parameters));
      for (let k = 0; k < aware.gradient.length; k++) {
        if (aware.step[k] !== box.step[k]) continue;
        expect(Math.abs(aware.gradient[k] - box.gradient[k])).toBeLessThanOrEqual(((297 / 45) * 2 * eta) / aware.step[k]);
      }
    },
  );

  prop([problem, fc.integer()], { numRuns: runs(0.2) })(
    "along random directions u_c, E(w + t·u_c) equals the black-box lines' to within 2η",
    ({ network, samples }, seed) => {
      const eta = roundingBound(network, samples);
      const random = createRandom(seed);
      const n = network.parameters.length;
      const none = new Float64Array(n);
      const directions = [drawDirection(n, random, none).u, drawDirection(n, random, none, [0, n - 1]).u];
      const aware = networkLines(network, samples)(directions);
      const box = alongLines("test", meanErrorFunction(network, samples), Float64Array.from(network.parameters), directions);
      for (let c = 0; c < directions.length; c++) {
        expect(aware.at(c)).toBe(box.at(c));
        const h = 2 ** -7 * Math.max(1, aware.at(c));
        for (const t of [0, h, -h, h / 2, -h / 2, h / 4, -h / 4]) expect(Math.abs(aware.value(c, t) - box.value(c, t))).toBeLessThanOrEqual(2 * eta);
      }
    },
  );

  it("counts every evaluation, including f(x), and leaves the network's weights alone", () => {
    const network = createNetwork({ layers: [2, 3, 1], activation: "tanh" }, undefined, { seed: 3 });
    const before = Float64Array.from(network.parameters);
    const partial = networkPartial(network, [{ input: [0.5, -1], target: [0.2] }]);
    expect(partial.evaluations()).toBe(0);
    partial.value(0, 0);
    partial.value(4, 1e-3);
    partial.value(12, -1e-3);
    expect(partial.evaluations()).toBe(3);
    const derivatives = differentiatePartial(partial, { method: "central" });
    expect(derivatives.evaluations).toBe(3 + 1 + 2 * partial.n);
    expect(network.parameters).toEqual(before);
  });

  it("moves only the weight asked for: E at w + h·e_k matches a network built with that weight moved", () => {
    const spec = { layers: [3, 4, 2, 1], activation: ["relu", "tanh", "sigmoid"] as Activation[] };
    const network = createNetwork(spec, undefined, { seed: 5 });
    const samples = [{ input: [0.3, -0.7, 1.1], target: [0.4] }];
    const partial = networkPartial(network, samples);
    for (const k of [0, 5, 15, 16, 25, 26, 27]) {
      const moved = Float64Array.from(network.parameters);
      moved[k] += 0.25;
      const expected = createNetwork(spec, moved).meanError(samples);
      expect(partial.value(k, 0.25)).toBeCloseTo(expected, 14);
    }
  });
});
