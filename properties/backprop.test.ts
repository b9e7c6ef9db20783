import { expect } from "vitest";
import { type Head, headName, heads, networkCase } from "../src/arbitraries/index.js";
import type { WeightKind } from "../src/arbitraries/numbers.js";
import { kinkFree } from "./kinks.js";
import { backpropMatchesNumerical, backpropMatchesNumericalExplicitly, EXPLICIT_ATOL, EXPLICIT_RTOL } from "./laws.js";
import { prop } from "./prop.js";
import { runs } from "./runs.js";

const cases = (head: Head, weights: WeightKind) => networkCase({ heads: [head], weights: [weights] }).filter((c) => kinkFree(c.network, c.samples));

for (const head of heads)
  prop([cases(head, "ordinary")], { numRuns: runs(1) })(
    `backprop's gradient matches the numerical gradient to rtol ${EXPLICIT_RTOL}, atol ${EXPLICIT_ATOL}·max(1, E, ‖∇E‖∞): ${headName(head)} output, ordinary weights`,
    (c) => {
      expect(backpropMatchesNumericalExplicitly(c.network, c.samples)).toEqual([]);
    },
  );

for (const head of heads)
  for (const weights of ["ordinary", "saturating"] as const)
    prop([cases(head, weights)], { numRuns: runs(0.3) })(
      `backprop's gradient matches the numerical gradient (checkNetwork's calibrated verdict): ${headName(head)} output, ${weights} weights`,
      (c) => {
        expect(backpropMatchesNumerical(c.network, c.samples)).toEqual([]);
      },
    );
