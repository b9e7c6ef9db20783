/**
 * Properties 2, 3 and 4: the output δ^(L) = ∂e/∂s^(L) against its closed forms, and the sign
 * and size of the tanh + squared δ. Weights are ordinary and saturating (identities hold on the
 * flat tails too). Judged numerically by checkOutputDelta's calibrated verdict on both kinds
 * (saturated outputs once raised false alarms: case 8 of false-alarms.test.ts).
 */
import fc from "fast-check";
import { describe, expect } from "vitest";
import { type Head, headName, networkCase, real } from "../src/arbitraries/index.js";
import { DELTA_ULPS, outputDeltaIdentity, outputDeltaMatchesNumerical, tanhDeltaSignAndBound } from "./laws.js";
import { prop } from "./prop.js";
import { runs } from "./runs.js";

const tanhSquared: Head = { activation: "tanh", loss: "squared" };

describe("property 2: the final-layer δ of tanh + squared error", () => {
  prop([networkCase({ heads: [tanhSquared] })], { numRuns: runs(1) })(`δ^(L) = 2(x^(L) − y)(1 − (x^(L))²) to ${DELTA_ULPS} ulps`, (c) => {
    for (const sample of c.samples) expect(outputDeltaIdentity(c.network, sample)).toEqual([]);
  });
  for (const weights of ["ordinary", "saturating"] as const)
    prop([networkCase({ heads: [tanhSquared], weights: [weights] })], { numRuns: runs(1) })(
      `δ^(L) equals the numerical ∂e/∂s^(L) from perturbing s^(L) directly (checkOutputDelta's calibrated verdict), ${weights} weights`,
      (c) => {
        for (const sample of c.samples) expect(outputDeltaMatchesNumerical(c.network, sample)).toEqual([]);
      },
    );
});

describe("property 3: the output δ identities of the other heads", () => {
  const identities: [Head, string][] = [
    [{ activation: "sigmoid", loss: "squared" }, "2(x − y)x(1 − x)"],
    [{ activation: "identity", loss: "squared" }, "2(x − y)"],
    [{ activation: "softmax", loss: "cross-entropy" }, "x − y (targets summing to 1)"],
    [{ activation: "sigmoid", loss: "cross-entropy" }, "x − y"],
  ];
  for (const [head, formula] of identities)
    prop([networkCase({ heads: [head] })], { numRuns: runs(1) })(`${headName(head)}: δ^(L) = ${formula} to ${DELTA_ULPS} ulps`, (c) => {
      for (const sample of c.samples) expect(outputDeltaIdentity(c.network, sample)).toEqual([]);
    });
});

describe("property 4: sign and size of the tanh + squared δ", () => {
  /** Targets that sometimes equal the output exactly (so that x = y is exercised), else reals in [−2, 2]. */
  const withTargets = networkCase({ heads: [tanhSquared] }, 1).chain((c) =>
    fc.array(fc.option(real(-2, 2), { freq: 3 }), { minLength: c.network.layers.at(-1)!, maxLength: c.network.layers.at(-1)! }).map((choice) => {
      const x = c.network.forward(c.samples[0].input).x.at(-1)!;
      return { c, sample: { input: c.samples[0].input, target: choice.map((y, j) => y ?? x[j]) } };
    }),
  );
  prop([withTargets], { numRuns: runs(1) })(
    "where |x| < 1 and nothing underflows: sign(δ) = sign(x − y), |δ| ≤ 2|x − y|, and δ = 0 exactly when x = y",
    ({ c, sample }) => {
      const { violations, judged } = tanhDeltaSignAndBound(c.network, sample);
      fc.pre(judged > 0); // every output unit saturated (|x| = 1): outside the claim's domain
      expect(violations).toEqual([]);
    },
  );
});
