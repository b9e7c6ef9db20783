/**
 * Trust at kinks, near-perfect fits and odd scales (issue 8): the claims a user who trusts a
 * green check with a relu model relies on, each through checkGradient (black box) and
 * checkNetwork, on the adversarial cases of properties/trust-cases.ts. Each claim is proven
 * to bite by a planted mistake (properties/trust-mutations.test.ts).
 */
import fc from "fast-check";
import { describe } from "vitest";
import { prop } from "./prop.js";
import { runs } from "./runs.js";
import {
  beyondReach,
  cancellingLinear,
  edgeSum,
  kinkedNetwork,
  kinkedSum,
  kinkedSum32,
  nearPerfectFit,
  nearPerfectNetwork,
  scaledFunction,
  smallScaleSum,
  softmaxNearFit,
} from "./trust-cases.js";
import { claims } from "./trust-laws.js";

describe("trust: kinks", () => {
  prop([kinkedSum], { numRuns: runs(0.5) })(claims.smoothError.name, claims.smoothError.check);
  prop([kinkedSum32], { numRuns: runs(0.3) })(claims.smoothError32.name, claims.smoothError32.check);
  prop([kinkedNetwork], { numRuns: runs(0.3) })(claims.smoothErrorNetwork.name, claims.smoothErrorNetwork.check);
  prop([kinkedSum], { numRuns: runs(0.5) })(claims.kinksReported.name, claims.kinksReported.check);
  prop([kinkedSum32], { numRuns: runs(0.3) })(claims.kinksReported32.name, claims.kinksReported32.check);
  prop([kinkedNetwork], { numRuns: runs(0.3) })(claims.kinksReportedNetwork.name, claims.kinksReportedNetwork.check);
});

describe("trust: a pass means something", () => {
  prop([fc.oneof(scaledFunction, beyondReach)], { numRuns: runs(0.5) })(
    claims.onlyResolved.name.replace("huge and cancelling scales", "huge and cancelling scales, and beyond any step's reach"),
    claims.onlyResolved.check,
  );
  prop([cancellingLinear], { numRuns: runs(0.5) })(claims.cancelling.name, claims.cancelling.check);
  prop([softmaxNearFit], { numRuns: runs(0.3) })(claims.grid.name, claims.grid.check);
  prop([edgeSum], { numRuns: runs(0.5) })(claims.edgeError.name, claims.edgeError.check);
  prop([scaledFunction], { numRuns: runs(0.5) })(claims.scaledRight.name, claims.scaledRight.check);
  prop([smallScaleSum], { numRuns: runs(0.3) })(
    claims.scaledRight.name.replace("far below 1,", "far below 1 (sums of cbrt and 1/x terms at 1e-8…1e-4),"),
    claims.scaledRight.check,
  );
  prop([kinkedNetwork], { numRuns: runs(0.2) })(claims.onlyResolvedNetwork.name, claims.onlyResolvedNetwork.check);
});

describe("trust: near-perfect fits", () => {
  prop([nearPerfectFit], { numRuns: runs(0.5) })(claims.fit.name, claims.fit.check);
  prop([nearPerfectNetwork], { numRuns: runs(0.3) })(claims.fitNetwork.name, claims.fitNetwork.check);
});
