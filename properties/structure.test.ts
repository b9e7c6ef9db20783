/**
 * Properties 5, 6 and 8: the hidden-layer recursion and the outer-product rule, the batch
 * gradient as a mean, and permutation symmetry of hidden units. Every head, every hidden
 * activation, ordinary and saturating weights.
 */
import fc from "fast-check";
import { describe, expect } from "vitest";
import { networkCase } from "../src/arbitraries/index.js";
import { batchGradientIsMean, gradientPermutesWithUnits, hiddenRecursion, weightGradientIsOuterProduct } from "./laws-structure.js";
import { prop } from "./prop.js";
import { runs } from "./runs.js";

describe("property 5: backprop's recursion, recomputed from forward() and the weights", () => {
  prop([networkCase({ minDepth: 2 })], { numRuns: runs(2) })("δ_i^(l−1) = θ'(s_i^(l−1)) Σ_j w_ij^(l) δ_j^(l) for every hidden unit", (c) => {
    for (const sample of c.samples) expect(hiddenRecursion(c.network, sample)).toEqual([]);
  });
  prop([networkCase()], { numRuns: runs(2) })("∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l), with x_0^(l−1) = 1 for the bias", (c) => {
    for (const sample of c.samples) expect(weightGradientIsOuterProduct(c.network, sample)).toEqual([]);
  });
});

describe("property 6: the batch gradient", () => {
  prop([networkCase({}, 8)], { numRuns: runs(2) })("meanGradient(samples) is the mean of the per-sample gradients", (c) => {
    expect(batchGradientIsMean(c.network, c.samples)).toEqual([]);
  });
});

describe("property 8: permutation symmetry", () => {
  /** A network with at least one hidden layer, a hidden layer m, and a permutation π of its units. */
  const permuted = networkCase({ minDepth: 2 }).chain((c) =>
    fc.integer({ min: 1, max: c.network.layers.length - 2 }).chain((m) => {
      const units = Array.from({ length: c.network.layers[m] }, (_, j) => j);
      return fc.shuffledSubarray(units, { minLength: units.length, maxLength: units.length }).map((pi) => ({ c, m, pi }));
    }),
  );
  prop([permuted], { numRuns: runs(2) })(
    "permuting the units of a hidden layer, with their incoming and outgoing weights, permutes the gradient the same way",
    ({ c, m, pi }) => {
      expect(gradientPermutesWithUnits(c.network, c.samples, m, pi)).toEqual([]);
    },
  );
});
