/**
 * Jacobians, VJPs and JVPs: each claim of properties/jacobian-laws.ts on drawn vector maps whose
 * rows range over 10^±6 in size (src/arbitraries/vector-maps.ts).
 */
import { describe } from "vitest";
import { vectorMapCase } from "../src/arbitraries/vector-maps.js";
import { jacobianClaims, movedCase, wideMovedCase } from "./jacobian-laws.js";
import { prop } from "./prop.js";
import { runs } from "./runs.js";

describe("Jacobian checks", () => {
  prop([vectorMapCase()], { numRuns: runs(0.1) })(jacobianClaims.rightNeverMismatches.name, (map) => jacobianClaims.rightNeverMismatches.check(map));
  prop([vectorMapCase({ edges: false })], { numRuns: runs(0.1) })(jacobianClaims.rightPasses.name, (map) => jacobianClaims.rightPasses.check(map));
  prop([movedCase], { numRuns: runs(0.1) })(jacobianClaims.movedNamed.name, (c) => jacobianClaims.movedNamed.check(c));
  prop([wideMovedCase], { numRuns: runs(0.03) })(jacobianClaims.directionalNamed.name, (c) => jacobianClaims.directionalNamed.check(c));
  prop([movedCase], { numRuns: runs(0.05) })(jacobianClaims.formsAgree.name, (c) => jacobianClaims.formsAgree.check(c));
});
