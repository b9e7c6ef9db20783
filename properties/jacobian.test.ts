/**
 * Jacobians, VJPs and JVPs: each claim of properties/jacobian-laws.ts on drawn vector maps whose
 * rows range over 10^±6 in size (src/arbitraries/vector-maps.ts).
 */
import fc from "fast-check";
import { describe, it } from "vitest";
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

// test:deep seed 1 (GRADCHECK_RUNS=20000): y = ½(sin(⟨a, x⟩ − ½) − x4·x8) on 21 inputs, J[0][5] moved by a
// relative 1e-6. All 8 top comparisons failed, but the half holding column 5 "passed": its single
// tangent's σ_f, measured on one line whose probes share their rounding, came out at ε|f| (4× low),
// the ladder shrank to 2e-14 and called a smooth line a kink, and a kink counted as agreement. Now a
// bisection line takes the top comparisons' σ, and a half it cannot decide (kink, unresolved) is
// searched too; either alone finds the entry here. The case replays by fast-check's seed and path.
describe("a bisection half that cannot decide is searched (pinned)", () => {
  it("test:deep seed 1: the directional VJP and JVP name J[0][5]", () => {
    fc.assert(
      fc.property(wideMovedCase, (c) => jacobianClaims.directionalNamed.check(c)),
      {
        seed: 1,
        path: "307:6:0:6:3:0:0:1:6:1:0:1:7:2:0:3:3:0:4:10:2:2:12:4:3:0:2:0:0:4:1:32:0:0:0:0:4:5:0:11:0:0:2:1:1:17:0:0:0:0:0:1:2:3:0:1:0:0:0:5:0:0:0:5:2:28:5:11:4:4:4:0:2:1:1:1:0:0:0:0:3:0:0:1:1:0:0:1:1:3:4:4:6:1:1:2:1:1:4:0:2:0:0:0:1:0:0:1:5:0:2:1:0:10:0:0:0:0:0:0:0:27:7:4:2:2:2:4:3:4:2:2:2:4:2:2:4:13:4:7:2:2:9:4:2:2:14:21:9:6:3:7:3:2:2:2:2:2:2:2:2:2:2:3:13:2:2:7:2:5:6:2:3:3:2:3:3:20:10:2:3:3:6:3:3:3:3:28:76:82:77:77:76:81:82:4:9:2:2:3:3:2:2:2:2:3:11:3:2:3:2:2:2:3:2:2:3:2:3:12:3:2:4:3:9:3:3",
        numRuns: 1,
      },
    );
  });
});
