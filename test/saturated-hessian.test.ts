/**
 * Saturated networks' Hessians, pinned: the false alarms checkNetworkHessian gave on networks with
 * saturating weights (fc.sample of networkCase, seeds 1 and 2, docs/hessians.md), each beside the
 * mechanism that settled it and the proof, through the `hint` seam, that without it the alarm returns.
 * In each the engine's R-operator is right (a closed form, or the estimate at a smaller step, agrees).
 */
import { describe, expect, it } from "vitest";
import { checkNetworkHessian, networkHessianHint } from "../src/check/check-network-hessian.js";
import { networkHessian } from "../src/network/hessian.js";
import { createNetwork, type Network } from "../src/network/network.js";
import type { NetworkSpec } from "../src/network/spec.js";
import { secondDifferences } from "../src/numeric/second-differences.js";

interface Pinned {
  spec: NetworkSpec;
  parameters: number[];
  input: number[];
  target: number[];
}

const build = (c: Pinned): Network => createNetwork(c.spec, c.parameters);
const lenient = { allowUnresolved: true } as const;

/** The check with part of what it is told of the rounding dropped (the seam). */
function without(c: Pinned, part: "noise" | "magnitude") {
  const network = build(c);
  return checkNetworkHessian(network, c.input, c.target, lenient, networkHessian, (n, i, t) => ({
    ...networkHessianHint(n, i, t),
    [part]: undefined,
  }));
}

/**
 * Sigmoid hidden unit at s = 46 (x rounds to 1), softmax + cross-entropy at s = (31.7, −18.6, 13.9):
 * e ≈ p_2 = 1.75e-8 is formed as ln Σ_k e^{s_k} − s_0, two numbers near 31.7, and rounds by 3.5e-15.
 * H[2][7] = ∂²e/∂w_00^(2)∂w_12^(2) = −x_1 p_0 p_2. Without the output rounding floor the numerical value,
 * off by 2.4e-5 relative with an error estimate of 7e-7, failed the right claim at ratio 1.04.
 */
const ratio104: Pinned = {
  spec: { layers: [1, 1, 3], activation: ["sigmoid", "softmax"], loss: "cross-entropy" },
  parameters: [
    13.643397246076715, -27.874688148498535, 22.101785441481393, -4.0000000000000115, -10.61107313632965, 9.6157905459404, -14.560382463228708,
    24.46941813826561,
  ],
  input: [-1.1651377081871033],
  target: [1, 0, 0],
};

/** A softmax + cross-entropy layer alone, e ≈ 3.7e-15: H[0][3] = −x_1 p_0 p_1 = −2.67e-21 against a numerical 0 that claimed a bound of 2.6e-26. */
const numericZero: Pinned = {
  spec: { layers: [2, 2], activation: ["softmax"], loss: "cross-entropy" },
  parameters: [-23.449584871530533, -12.726811975240707, 7.498274564743042, 19.727200537919998, 23.742349207401276, -16.862650960683823],
  input: [7.152557373046875e-7, -0.5541344583034515],
  target: [0, 1],
};

/** Identity hidden, softmax + squared with x_2 rounding to 1: max |H| = 2.7e-22, and H[0][6], H[6][0] (1.5e-23, −2.7e-22) share no digit. */
const asymmetric: Pinned = {
  spec: { layers: [1, 1, 3], activation: ["identity", "softmax"], loss: "squared" },
  parameters: [
    4.000008136034012, -4.000002324581146, -27.657907396554947, 20.595290958881378, 4.0000046491622925, -17.80232685804367, -16.222640693187714,
    -26.816978931427002,
  ],
  input: [-7.450580596923828e-7],
  target: [-0.7297949194908142, -3.2782554626464844e-7, 1.4347752928733826],
};

/**
 * Tanh, sigmoid, identity with a pair (w_01^(1), w_11^(1)) curved at 1351.63 on a scale below the
 * default step: D_1..D_3 = 1036, 1273, 1332 (ratio 3.99, as asymptotic as can be) extrapolate to
 * 1352.29 with an estimate of 0.013, ratio 1.62 against the right claim. The level is far from its
 * limit (D_1 − D_3 is 22 % of D_3: FAR_FROM_LIMIT), so the next level down, 8 times smaller, is used.
 */
const farLevel: Pinned = {
  spec: { layers: [2, 2, 1, 3], activation: ["tanh", "sigmoid", "identity"], loss: "squared" },
  parameters: [
    22.13532054424286, -24.43332514166832, -13.90419521286003, 4.0000050365924835, -29.039029389619827, 29.999998450279236, -6.086525052785873,
    -12.304452240467072, -10.253874897956848, 18.844625264406204, -4.00000000000001, 13.178074777126312, -4.0000046491622925, -6.142781050651193,
    -17.168143153190613,
  ],
  input: [0.8631605803966522, 0.7169452011585236],
  target: [-9.875876625856217e-32, 8.940696716308594e-8, -1.5008269250392914],
};

describe("saturated networks' right Hessians pass checkNetworkHessian", () => {
  it("ratio 1.04: the engine is right (−x_1 p_0 p_2), the numerical side was wrong; e's rounding from its outputs settles it", () => {
    const network = build(ratio104);
    const w = ratio104.parameters;
    const x1 = 1 / (1 + Math.exp(-(w[0] + w[1] * ratio104.input[0])));
    const s = [0, 1, 2].map((j) => w[2 + j] + w[5 + j] * x1);
    const logSum = Math.max(...s) + Math.log(s.reduce((a, v) => a + Math.exp(v - Math.max(...s)), 0));
    const p = s.map((v) => Math.exp(v - logSum));
    const H = networkHessian(network, ratio104.input, ratio104.target);
    expect(Math.abs(H[2][7] + x1 * p[0] * p[2])).toBeLessThan(1e-12 * x1 * p[0] * p[2]);
    expect(checkNetworkHessian(network, ratio104.input, ratio104.target, lenient).mismatches).toEqual([]);
    const blind = without(ratio104, "noise");
    expect(blind.mismatches.map((m) => [m.row, m.column])).toContainEqual([2, 7]);
  });

  it("a numerical 0 against a claim of −2.67e-21 = −x_1 p_0 p_1: the claim is right, and passes once the rounding floor is known", () => {
    const network = build(numericZero);
    const H = networkHessian(network, numericZero.input, numericZero.target);
    expect(H[0][3]).toBeCloseTo(-2.665122e-21, 26);
    const report = checkNetworkHessian(network, numericZero.input, numericZero.target, lenient);
    expect(report.mismatches).toEqual([]);
    expect(report.asymmetry).toEqual([]);
    expect(without(numericZero, "noise").mismatches.map((m) => [m.row, m.column])).toContainEqual([0, 3]);
  });

  it("an asymmetric pair of the R-operator, 1.1·max |H| apart, lies within its |abs| pass's rounding: passes; without the magnitudes it is reported", () => {
    const report = checkNetworkHessian(build(asymmetric), asymmetric.input, asymmetric.target, lenient);
    expect(report.asymmetry).toEqual([]);
    expect(report.mismatches).toEqual([]);
    const blind = without(asymmetric, "magnitude");
    expect(blind.asymmetry.map((a) => [a.row, a.column])).toContainEqual([0, 6]);
  });

  it("a level far from its limit is left for the next one down: the estimate agrees with the claim there", () => {
    const network = build(farLevel);
    const H = networkHessian(network, farLevel.input, farLevel.target);
    const report = checkNetworkHessian(network, farLevel.input, farLevel.target, lenient);
    expect(report.mismatches).toEqual([]);
    expect(Math.abs(report.numeric[1][3] - H[1][3])).toBeLessThan(1e-6 * Math.abs(H[1][3]));
    const e = (w: Float64Array): number => {
      network.parameters.set(w);
      return network.error(farLevel.input, farLevel.target);
    };
    const x = Float64Array.from(farLevel.parameters);
    const run = secondDifferences(x, { precision: "float64" });
    let step = run.next();
    while (!step.done) step = run.next(e(Float64Array.from(step.value.point)));
    const n = x.length;
    expect(step.value.step[1 * n + 3]).toBe(2 ** -7 / 8);
    network.parameters.set(x);
  });
});
