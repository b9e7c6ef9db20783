/**
 * The trust claims bite: each planted mistake in the differentiator or the verdict (set through
 * the test-only seams setLadderMutation and setVerdictMutation, never by editing the source)
 * makes fast-check find a counterexample to the claims listed for it.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { setVerdictMutation, type VerdictMutation } from "../src/check/compare.js";
import { type LadderMutation, setLadderMutation } from "../src/numeric/richardson.js";
import { runs } from "./runs.js";
import {
  beyondReach,
  cancellingLinear,
  edgeSum,
  kinkedNetwork,
  kinkedSum,
  kinkedSum32,
  scaledFunction,
  smallScaleSum,
  softmaxNearFit,
} from "./trust-cases.js";
import { claims } from "./trust-laws.js";

interface Proof {
  readonly mistake: string;
  readonly ladder?: LadderMutation;
  readonly verdict?: VerdictMutation;
  // biome-ignore lint/suspicious/noExplicitAny: each claim with its own arbitrary
  readonly caught: [{ name: string; check: (t: any) => void }, fc.Arbitrary<any>][];
}

const proofs: Proof[] = [
  {
    mistake: "σ_f from the first coordinates' probes at h, kinks and all (the old noise estimate)",
    ladder: { noiseFromAll: true },
    caught: [[claims.smoothError, kinkedSum]],
  },
  {
    mistake: "no kink verdict: rough coordinates judged as if smooth",
    ladder: { noKinks: true },
    caught: [
      [claims.kinksReported, kinkedSum],
      [claims.kinksReported32, kinkedSum32],
      [claims.kinksReportedNetwork, kinkedNetwork],
    ],
  },
  {
    mistake: "no value grid: f's values on a coarse grid not seen as its rounding",
    ladder: { noGrid: true },
    caught: [[claims.grid, softmaxNearFit]],
  },
  {
    mistake: "no ladder: the default step everywhere",
    ladder: { noLadder: true },
    caught: [[claims.scaledRight, scaledFunction]],
  },
  {
    mistake: "unresolved coordinates never reported",
    verdict: { ignoreUnresolved: true },
    caught: [[claims.onlyResolved, beyondReach]],
  },
  {
    mistake: "no structural rounding floor (σ_f and the rough test from measured noise and ε·|f| alone)",
    ladder: { noStructuralFloor: true },
    caught: [[claims.cancelling, cancellingLinear]],
  },
  {
    mistake: "the typical rounding floor's terms as |∂f/∂x_k|·|x_k|, an edge term's slope times x for its size",
    ladder: { slopeTimesX: true },
    caught: [[claims.edgeError, edgeSum]],
  },
  {
    mistake: "a probe up to 2^-20 of |f| taken as rounding without the sign test (finding 19)",
    ladder: { noBandSignTest: true },
    caught: [[claims.scaledRight, smallScaleSum]],
  },
];

describe("the trust claims bite: every planted mistake is caught", () => {
  afterEach(() => {
    setLadderMutation({});
    setVerdictMutation({});
  });
  for (const proof of proofs)
    for (const [claim, arbitrary] of proof.caught)
      it(`${proof.mistake} is caught by "${claim.name}"`, () => {
        setLadderMutation(proof.ladder ?? {});
        setVerdictMutation(proof.verdict ?? {});
        const details = fc.check(
          fc.property(arbitrary, (t) => {
            claim.check(t);
          }),
          { numRuns: runs(0.5), endOnFailure: true },
        );
        expect(details.failed, `no counterexample in ${details.numRuns} runs`).toBe(true);
        // And the claim holds on the real code at that counterexample:
        setLadderMutation({});
        setVerdictMutation({});
        const [t] = details.counterexample as [unknown];
        try {
          claim.check(t);
        } catch (error) {
          throw new Error(`the claim fails on the real code too, at ${fc.stringify(t)}: ${error}`);
        }
      });
});
