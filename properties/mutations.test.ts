/**
 * The mutation proof: the suite bites. For each planted mistake (properties/mutants.ts), the
 * named laws — the same functions the properties run against the real engine — are run against
 * a network built with the mutant rules, and fast-check must find a counterexample; at that
 * counterexample the same law must hold for the real engine, so the failure is the mistake's.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { headName, type NetworkCase, type NetworkConstraints, networkCase } from "../src/arbitraries/index.js";
import { buildNetwork, type Network } from "../src/network/network.js";
import { kinkFree } from "./kinks.js";
import { backpropMatchesNumericalExplicitly, outputDeltaIdentity, type Violations } from "./laws.js";
import { hiddenRecursion, weightGradientIsOuterProduct } from "./laws-structure.js";
import { type Mutant, mutants } from "./mutants.js";
import { runs } from "./runs.js";

interface Law {
  readonly name: string;
  readonly check: (network: Network, c: NetworkCase) => Violations;
}

const laws = {
  property1: {
    name: "property 1: backprop's gradient matches the numerical gradient",
    check: (n, c) => backpropMatchesNumericalExplicitly(n, c.samples),
  },
  property2: { name: "properties 2–3: the output δ identities", check: (n, c) => c.samples.flatMap((s) => outputDeltaIdentity(n, s)) },
  recursion: { name: "property 5: δ_i^(l−1) = θ'(s_i^(l−1)) Σ_j w_ij^(l) δ_j^(l)", check: (n, c) => c.samples.flatMap((s) => hiddenRecursion(n, s)) },
  outer: { name: "property 5: ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l)", check: (n, c) => c.samples.flatMap((s) => weightGradientIsOuterProduct(n, s)) },
} satisfies Record<string, Law>;

/** Which laws must catch which mistake, on which networks. */
const proof: [Mutant, Law[], NetworkConstraints][] = [
  [
    mutants[0],
    [laws.property1, laws.property2, laws.recursion],
    { hidden: ["tanh"], heads: [{ activation: "tanh", loss: "squared" }], weights: ["ordinary"] },
  ],
  [mutants[1], [laws.property1, laws.property2], { heads: [{ activation: "tanh", loss: "squared" }], weights: ["ordinary"] }],
  [mutants[2], [laws.property1, laws.outer], { weights: ["ordinary"] }],
  [mutants[3], [laws.property1, laws.recursion], { minDepth: 2, weights: ["ordinary"] }],
];

describe("the mutation proof: every planted mistake is caught", () => {
  for (const [mutant, catching, constraints] of proof)
    for (const law of catching)
      it(`${mutant.name} is caught by ${law.name}`, () => {
        const cases = networkCase(constraints).filter((c) => kinkFree(c.network, c.samples));
        const details = fc.check(
          fc.property(cases, (c) => law.check(buildNetwork(c.spec, c.parameters, {}, mutant.rules), c).length === 0),
          { numRuns: runs(1), endOnFailure: true },
        );
        expect(details.failed, `no counterexample in ${details.numRuns} runs (${constraints.heads?.map(headName).join(", ") ?? "all heads"})`).toBe(
          true,
        );
        // And the same law holds on the real engine at that counterexample:
        const [c] = details.counterexample!;
        expect(law.check(c.network, c)).toEqual([]);
      });
});
