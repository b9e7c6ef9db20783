/**
 * A right gradient of a saturated network, pinned (the property suite's "saturating weights"
 * form found it on random seeds after the step ladder arrived): a step grown above the default
 * carried saturated units across their curved range, three sub-steps agreed, and the numerical
 * error estimate came out 30× too small, so backprop's right gradient failed at ratio 1.0.
 * checkNetwork knows E's smooth range along each weight and grows the step no further
 * (check/smooth-range.ts, NoiseHint.smoothRange).
 */
import { describe, expect, it } from "vitest";
import { outputNoiseFloor } from "../src/check/check-network.js";
import { networkPartial } from "../src/check/network-partial.js";
import { SMOOTH_MOVE, setSmoothRangeMutation, smoothRange } from "../src/check/smooth-range.js";
import { checkNetwork, createNetwork, type NetworkSpec } from "../src/index.js";
import { weightIndex } from "../src/network/layout.js";
import { differentiatePartial } from "../src/numeric/differentiate.js";
import { setLadderMutation } from "../src/numeric/richardson.js";
import { extrapolate, stencil, truncation, WIDTH } from "../src/numeric/stencil.js";
import { RICHARDSON_NOISE_GAIN, richardsonStep, stepAt } from "../src/numeric/step.js";

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
  it("would not, with the step allowed to grow past its smooth range: the grown estimate misses backprop's value by far more than its error estimate", () => {
    const a = network.meanGradient(samples).gradient[K];
    const floor = outputNoiseFloor(network, samples);
    const grown = differentiatePartial(networkPartial(network, samples), {}, "test", undefined, { floor });
    const kept = differentiatePartial(networkPartial(network, samples), {}, "test", undefined, { floor, smoothRange: smoothRange(network, samples) });
    expect(Math.abs(grown.gradient[K] - a)).toBeGreaterThan(10 * grown.error[K]);
    expect(Math.abs(kept.gradient[K] - a)).toBeLessThan(32 * kept.error[K]);
    setSmoothRangeMutation("everywhere");
    try {
      expect(checkNetwork(network, samples).mismatches.map((m) => m.name)).toEqual(["w[l=2][i=3][j=5]"]);
    } finally {
      setSmoothRangeMutation(undefined);
    }
  });
});

/**
 * A second saturated network, pinned (seed 1087078905, "tanh + squared output, saturating
 * weights"): w[l=4][i=6][j=1] = 30 feeds a tanh output whose target is 0, so along it the
 * error dips from 1 to 0 and back within 0.03 of w. The default step is 2^−7·30 = 0.23, and all
 * seven values of its stencil landed on the plateaus either side of the dip: quiet differences,
 * R = 2.2e-10 with an error estimate of 1.4e-10, backprop's right 4.8e-9 failing at ratio 1.0.
 * The ladder now looks one level down from a smooth level it could not resolve (richardson.ts,
 * `climb`), finds f rough there, and keeps no level above a rough one.
 */
describe("a saturated network whose error dips between the default stencil's points", () => {
  const dip = createNetwork(
    { layers: [4, 3, 2, 6, 4], activation: ["sigmoid", "identity", "identity", "tanh"], loss: "squared" },
    [
      4, 10.293299794197083, -4, 4, 29.779532462358475, 13.517721265554428, 4, 4, 4, 4, 4, 4, -4, 29.889208137989044, 4, 11.940248489379883,
      18.798470318317413, 4, 4, -10.947311401367188, 4, 13.820181041955948, 20.616417914628983, 7.032448123281179, 14.393291026353836,
      5.180314312028813, -27.416796416044235, -27.073531329631805, 21.423045108381736, -8.17525517552169, 29.243193089962006, 11.578604102134705,
      -18.72790417075157, 6.986135244369507, -10.653094202280045, 4.452412307262421, 24.381051510572433, -19.041067481040955, 18.995379000902176,
      6.665813417455782, -17.62905839085579, 4, -12.29407724738121, 4, 4, 4, 19.683415114879608, 4, -11.384997957504462, 4, 10.527453303337097,
      14.112493246793747, 4, 4, -23.301265746355057, 4, 4, 4, 25.503830060972668, 4, 21.87135311961174, -27.691198885440826, -17.114081919193268,
      20.843219935894012, 4, 4, 29.998869091272354, 4, 4,
    ],
  );
  const dipSamples = [
    { input: [-1.9998186230659485, 0, -1.4901161193847656e-7, 1.3642622530460358], target: [0, 0, 0, 0.02619984745979309] },
    { input: [0, 0, 0, 0], target: [0.23258864879608154, -0.11490878462791443, 0, 0] },
    { input: [0, 0, 0, -0.4147973358631134], target: [8.940696716308594e-8, 0.8522480428218842, -2.9802322387695312e-8, -0.6119492053985596] },
  ];
  const W = weightIndex(dip.layout, 4, 6, 1);
  it("passes checkNetwork", () => {
    expect(checkNetwork(dip, dipSamples).mismatches).toEqual([]);
  });
  it("at the default step the estimate misses backprop's value by far more than its error estimate; the kept step is smaller and right", () => {
    const a = dip.meanGradient(dipSamples).gradient[W];
    const partial = networkPartial(dip, dipSamples);
    const d = differentiatePartial(partial, {}, "test", undefined, { floor: outputNoiseFloor(dip, dipSamples), maxGrow: 0 });
    const h = stepAt(dip.parameters[W], richardsonStep("float64"));
    const row = new Float64Array(WIDTH);
    stencil(partial, W, h, d.value, row);
    expect(Math.abs(extrapolate(row) - a)).toBeGreaterThan(10 * (truncation(row) + (RICHARDSON_NOISE_GAIN * d.noise) / h));
    expect(d.step[W]).toBeLessThan(h / 8);
    expect(Math.abs(d.gradient[W] - a)).toBeLessThan(d.error[W]);
  });
});

/**
 * A huge-scale network, pinned (bench/verdicts.mjs, "huge scale, network", seed 1, case 20):
 * targets of 1e3…1e5 make E huge, and its rounding ε·|E| at the default step hid an error of
 * 1e-7·‖g‖∞ on a weight into a tanh unit — checkNetwork never grew its step, while checkGradient
 * of the same E resolved it with a larger one. The ladder now grows along each weight up to its
 * smooth range (check/smooth-range.ts): a step that moves no tanh's s by more than SMOOTH_MOVE.
 */
describe("a huge-scale network's error on a weight into a tanh", () => {
  const spec: NetworkSpec = { layers: [2, 2, 3, 2], activation: ["tanh", "relu", "identity"], loss: "squared" };
  const huge = createNetwork(
    spec,
    [
      -0.2159043095717467, 0.15513239715297772, -0.08515509825149269, 0.15763031512119655, -0.7116354035864008, -0.54589752461035, 0.6072209702035494,
      1.009590376416766, -0.2541498103793281, 0.8934020762981154, -0.12435228038548825, 0.018868378907833955, 0.32279437879858763, -0.49959803005571,
      -0.29885746102689653, -0.015404934512397576, -0.6630366581708287, -0.25165352194780427, -0.39722218282107585, -0.2252878565956709,
      -0.9366555695660216, 0.7439152545895444, -0.21103147164569927,
    ],
  );
  const hugeSamples = [
    { input: [0.3016640653291381, 0.46692447512651086], target: [-30946.273747848107, -5398.922504247292] },
    { input: [-0.48510324631433455, 1.7499872328434907], target: [50218.54552922207, 2091.8872283527185] },
    { input: [0.7057035224219292, -0.42282183430862114], target: [1011.7255634585389, 43266.147725297924] },
  ];
  const g = huge.meanGradient(hugeSamples).gradient;
  const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const K = 2;
  const claimed = Float64Array.from(g);
  claimed[K] += 1e-7 * scale;
  const wrong = { ...huge, meanGradient: () => ({ error: 0, gradient: claimed }) };
  it("passes the right gradient and flags w[l=1][i=1][j=0] off by 1e-7·‖g‖∞; without growth the error hides", () => {
    expect(checkNetwork(huge, hugeSamples).ok).toBe(true);
    expect(checkNetwork(wrong, hugeSamples).mismatches.map((m) => m.name)).toEqual(["w[l=1][i=1][j=0]"]);
    setSmoothRangeMutation("nowhere");
    try {
      expect(checkNetwork(wrong, hugeSamples).ok).toBe(true);
    } finally {
      setSmoothRangeMutation(undefined);
    }
  });
  it("its smooth range keeps each tanh's s within SMOOTH_MOVE over every sample, and is ∞ where only relu and identity lie above", () => {
    const range = smoothRange(huge, hugeSamples);
    const moved = Math.max(...hugeSamples.map((sample) => Math.abs(sample.input[0]))); // x_1^(0): the input weight w[l=1][i=1][j=0] multiplies
    expect(range[K]).toBeCloseTo(SMOOTH_MOVE / moved, 12);
    for (let k = huge.layout.offset[2]; k < huge.layout.size; k++) expect(range[k]).toBe(Number.POSITIVE_INFINITY);
  });
});

/**
 * A relu network's dead units (s < 0 on every sample) leave E flat bit for bit along the weights
 * into them: their derivative is exactly 0 at every step, no bound is small against it, and growing
 * the step buys nothing once the bound is small against ‖g‖∞ (richardson.ts, `wantsGrowth`). Once
 * network checks could grow, these weights grew up to three levels each: 22 804 evaluations of E
 * for this [20,30,30,5] network against 13 852 before. Counts of f's calls, not times.
 */
describe("a relu network's dead units", () => {
  const relu = createNetwork({ layers: [20, 30, 30, 5], activation: ["relu", "relu", "identity"], loss: "squared" }, undefined, { seed: 3 });
  const reluSamples = Array.from({ length: 4 }, (_, n) => ({
    input: Array.from({ length: 20 }, (_, i) => Math.sin(i + n * 7)),
    target: Array.from({ length: 5 }, (_, j) => Math.cos(j + n)),
  }));
  it("cost no grown levels: their steps stay at the default, and the verdict is the same", () => {
    const g = relu.meanGradient(reluSamples).gradient;
    expect(g.filter((v) => v === 0).length).toBe(570);
    const report = checkNetwork(relu, reluSamples, { mode: "full" });
    expect(report.ok).toBe(true);
    setLadderMutation({ growAtZero: true });
    try {
      const grown = checkNetwork(relu, reluSamples, { mode: "full" });
      expect(grown.ok).toBe(true);
      expect(grown.evaluations - report.evaluations).toBeGreaterThanOrEqual(570 * 2 * 6); // 8 952: up to three stencils of 6 calls each
    } finally {
      setLadderMutation({});
    }
    expect(report.evaluations).toBeLessThan(9 * g.length);
  });
});
