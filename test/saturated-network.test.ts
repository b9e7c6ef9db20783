/**
 * A right gradient of a saturated network, pinned (the property suite's "saturating weights"
 * form found it on random seeds after the step ladder arrived): a step grown above the default
 * carried saturated units across their curved range, three sub-steps agreed, and the numerical
 * error estimate came out 30× too small, so backprop's right gradient failed at ratio 1.0.
 * checkNetwork knows E's smooth range and never grows the step (NoiseHint.maxGrow = 0).
 */
import { describe, expect, it } from "vitest";
import { outputNoiseFloor } from "../src/check/check-network.js";
import { networkPartial } from "../src/check/network-partial.js";
import { checkNetwork, createNetwork } from "../src/index.js";
import { differentiatePartial } from "../src/numeric/differentiate.js";

const network = createNetwork(
  { layers: [1, 6, 7, 1, 1], activation: ["sigmoid", "tanh", "sigmoid", "tanh"], loss: "squared" },
  [
    4, 4, 14.203360736370087, 4, 4, -6.4886733293533325, -18.859823375940323, -14.867847293615341, -5.178031474351883, -21.367707123162948,
    11.467133462429047, 4, -4, 4, 26.762617367171174, 4.000001162290573, -23.232532531023026, -12.545385003089905, -4, 4, 4, 5.697206914424896, 4, -4,
    -8.31709897518158, -4, -4.41238534450531, -25.555205583572388, 13.586459742272996, -5.39060240983963, 4, -24.335426511101783, 4,
    21.415657650320703, -21.380238473415375, 4, 4, 4, 26.797291666269302, -6.236229240894318, 4, 4, 4, -6.604213923215866, 24.669795870780945,
    -4.0000046491622925, 9.533329516649246, -18.30530035495758, 13.804039945176614, 4, -12.375175684690475, 4, -10.140925384229599,
    -8.403734177350998, 8.367800801992416, 12.55445048213005, 4, 4, 4, -20.66388314962387, 4, -5.768916811747835, 4, -10.124272912740707,
    4.000002324581146, 20.230563014745712, -4, 27.32915350794792, 24.770989537239075, -14.002090752124786, 4,
  ],
);
const samples = [{ input: [0.9705294370651245], target: [0] }];
/** w[l=2][i=3][j=5]: backprop's −1.150294e-14, the coordinate that failed. */
const K = 38;

describe("a saturated network's right gradient", () => {
  it("passes checkNetwork", () => {
    const report = checkNetwork(network, samples);
    expect(report.mismatches).toEqual([]);
  });
  it("would not, with the step allowed to grow: the grown estimate misses backprop's value by far more than its error estimate", () => {
    const a = network.meanGradient(samples).gradient[K];
    const floor = outputNoiseFloor(network, samples);
    const grown = differentiatePartial(networkPartial(network, samples), {}, "test", undefined, { floor });
    const kept = differentiatePartial(networkPartial(network, samples), {}, "test", undefined, { floor, maxGrow: 0 });
    expect(Math.abs(grown.gradient[K] - a)).toBeGreaterThan(10 * grown.error[K]);
    expect(Math.abs(kept.gradient[K] - a)).toBeLessThan(32 * kept.error[K]);
  });
});
