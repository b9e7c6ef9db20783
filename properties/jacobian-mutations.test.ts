/**
 * The Jacobian claims bite: each planted mistake (set through a test-only seam, never by editing
 * the source) makes fast-check find a counterexample to the claim listed for it, and the claim
 * holds on the real code at that counterexample.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { vectorMapCase } from "../src/arbitraries/vector-maps.js";
import { setEntryMutation } from "../src/check/entries.js";
import { setDirectionalMutation } from "../src/check/jacobian-directional.js";
import { setProductMutation } from "../src/check/products.js";
import { setVectorMutation } from "../src/numeric/vector.js";
import { jacobianClaims, movedCase, wideMovedCase } from "./jacobian-laws.js";
import { runs } from "./runs.js";

const reset = (): void => {
  setEntryMutation({});
  setVectorMutation({});
  setProductMutation({});
  setDirectionalMutation({});
};

const proofs: {
  mistake: string;
  plant: () => void;
  // biome-ignore lint/suspicious/noExplicitAny: each claim with its own arbitrary
  claim: { name: string; check: (t: any) => void };
  // biome-ignore lint/suspicious/noExplicitAny: each claim with its own arbitrary
  arbitrary: fc.Arbitrary<any>;
}[] = [
  {
    mistake: "every row judged against the largest row's scale and error (f seen as one scalar)",
    plant: () => setEntryMutation({ globalScale: true }),
    claim: jacobianClaims.movedNamed,
    arbitrary: movedCase,
  },
  {
    mistake: "the vector oracle's cache keyed by coordinate only, not by step",
    plant: () => setVectorMutation({ stepBlindCache: true }),
    claim: jacobianClaims.rightPasses,
    arbitrary: vectorMapCase({ edges: false }),
  },
  {
    mistake: "directional VJP cotangents of ±1 on every output (not weighted by the rows' sizes)",
    plant: () => setDirectionalMutation({ unweightedCotangents: true }),
    claim: jacobianClaims.directionalNamed,
    arbitrary: wideMovedCase,
  },
  {
    mistake: "the full VJP rebuilds row i from the VJP of e_(m−1−i)",
    plant: () => setProductMutation({ reversedRows: true }),
    claim: jacobianClaims.formsAgree,
    arbitrary: movedCase,
  },
];

describe("the Jacobian claims bite: every planted mistake is caught", () => {
  afterEach(reset);
  for (const proof of proofs)
    it(`${proof.mistake} is caught by "${proof.claim.name}"`, () => {
      proof.plant();
      const details = fc.check(
        fc.property(proof.arbitrary, (t) => {
          proof.claim.check(t);
        }),
        { numRuns: runs(0.5), endOnFailure: true },
      );
      expect(details.failed, `no counterexample in ${details.numRuns} runs`).toBe(true);
      reset();
      const [t] = details.counterexample as [unknown];
      try {
        proof.claim.check(t);
      } catch (error) {
        throw new Error(`the claim fails on the real code too, at ${fc.stringify(t)}: ${error}`);
      }
    });
});
