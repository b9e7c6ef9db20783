/**
 * Property 1: backprop's gradient matches the numerical gradient, for every activation and loss.
 * Judged by checkNetwork with its default verdict (Richardson differences, bounds calibrated from
 * their own error estimates). Hidden activations are drawn per layer from tanh, sigmoid, relu and
 * identity; each head (output activation + loss) gets its own property. Relu networks are judged
 * only where no relu unit changes side inside the checker's stencil (kinkFree, properties/kinks.ts):
 * elsewhere the derivative the checker measures does not exist.
 */
import fc from "fast-check";
import { prop } from "./prop.js";
import { expect } from "vitest";
import { headName, heads, networkCase } from "../src/arbitraries/index.js";
import { kinkFree } from "./kinks.js";
import { backpropMatchesNumerical } from "./laws.js";
import { runs } from "./runs.js";

for (const head of heads) {
  prop([networkCase({ heads: [head], weights: ["ordinary"] })], { numRuns: runs(0.3) })(
    `backprop's gradient matches the numerical gradient (checkNetwork's calibrated verdict): ${headName(head)} output, ordinary weights`,
    (c) => {
      fc.pre(kinkFree(c.network, c.samples));
      expect(backpropMatchesNumerical(c.network, c.samples)).toEqual([]);
    },
  );
}

for (const head of heads) {
  prop([networkCase({ heads: [head], weights: ["saturating"] })], {
    numRuns: runs(0.3),
    knownFalse: "calibrated-verdict false alarms on saturated networks, cases 4 and 5 of false-alarms.test.ts",
  })(`backprop's gradient matches the numerical gradient (checkNetwork's calibrated verdict): ${headName(head)} output, saturating weights`, (c) => {
    fc.pre(kinkFree(c.network, c.samples));
    expect(backpropMatchesNumerical(c.network, c.samples)).toEqual([]);
  });
}
