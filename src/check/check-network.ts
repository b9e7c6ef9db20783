/**
 * checkNetwork: does a network's backprop give the gradient of its mean error?
 *
 * The judged function is E(w) = (1/N) Σ_n e_n(w), evaluated with the engine's forward rules on
 * a private copy of the weights, restarting at the layer a perturbed weight reaches
 * (network-partial.ts). The numbers that judge backprop never come from backprop: only the
 * claimed gradient does.
 */
import { checkOptions, InvalidArgumentError } from "../base/errors.js";
import { createTrace, forwardPass } from "../network/backprop.js";
import { type Layout, weightName, weightPosition } from "../network/layout.js";
import { pointError } from "../network/loss.js";
import type { Network, Sample } from "../network/network.js";
import { checkTarget, checkVector } from "../network/spec.js";
import { resolveDifferentiateOptions } from "../numeric/differentiate.js";
import { EPSILON_64 } from "../numeric/step.js";
import { type CheckOptions, checkSubject, fullRichardson, workerCount } from "./check-gradient.js";
import type { Block } from "./modes.js";
import { networkLines } from "./network-line.js";
import { networkPartial } from "./network-partial.js";
import { PARALLEL_MIN, prefetched } from "./parallel.js";
import type { GradientCheckReport } from "./report.js";
import { smoothRange } from "./smooth-range.js";
import { weightRounding } from "./unit-rounding.js";

/** Options for checkNetwork: those of checkGradient, without `name` (weights are named w[l][i][j]) or `module` (workers rebuild E themselves; used at PARALLEL_MIN = 32 768 parameters and above). */
export type NetworkCheckOptions = Omit<CheckOptions, "name" | "module">;

/** "auto" checks every weight of a network up to this many (one weight's perturbation is cheap to evaluate). */
export const NETWORK_FULL_LIMIT = 2 ** 20;

/**
 * E(w) for the network's architecture over `samples`, at any weights w: forward passes only.
 * The black-box form of what networkPartial computes coordinate by coordinate (kept as its reference).
 */
export function meanErrorFunction(network: Network, samples: readonly Sample[]): (w: Float64Array) => number {
  const { spec, layout } = network;
  const L = spec.d.length - 1;
  const trace = createTrace(spec.d);
  return (w) => {
    let sum = 0;
    for (const { input, target } of samples) {
      forwardPass(spec, layout, w, input, trace);
      sum += pointError(spec.loss, spec.theta[L], trace.s[L], trace.x[L], target);
    }
    return sum / samples.length;
  };
}

export function checkSamples(fn: string, network: Network, samples: readonly Sample[]): void {
  if (!Array.isArray(samples) || samples.length === 0)
    throw new InvalidArgumentError(fn, "samples", "a non-empty array of { input, target }", samples);
  samples.forEach((sample, n) => {
    if (typeof sample !== "object" || sample === null) throw new InvalidArgumentError(fn, `samples[${n}]`, "an object { input, target }", sample);
    checkVector(fn, `samples[${n}].input`, sample.input, network.spec.d[0]);
    checkTarget(fn, network.spec, sample.target, `samples[${n}].target`);
  });
}

/**
 * A lower bound for the rounding noise in E(w): each output x_j (or s_j) is rounded to about
 * ε·(|x_j| + |s_j|), and e moves with it at the rate |x_j − y_j|·2 (squared error) or
 * |x_j| + |y_j| (cross-entropy, per unit of s_j). When x_j ≈ y_j ≈ 1 these are far above ε·|E|:
 * perturbations of the weights then move E only in steps of that size, or not at all.
 */
export function outputNoiseFloor(network: Network, samples: readonly Sample[]): number {
  const { spec } = network;
  const L = spec.d.length - 1;
  let floor = 0;
  for (const { input, target } of samples) {
    const { s, x } = network.forward(input);
    for (let j = 0; j < spec.d[L]; j++) {
      const rate = spec.loss === "squared" ? 2 * Math.abs(x[L][j] - target[j]) : Math.abs(x[L][j]) + Math.abs(target[j]);
      floor += rate * (Math.abs(x[L][j]) + Math.abs(s[L][j]));
    }
  }
  return (EPSILON_64 * floor) / samples.length;
}

/** Strata for sparse checks: each layer's bias row (i = 0) and its other weights. */
export function layerBlocks(layout: Layout): Block[] {
  const blocks: Block[] = [];
  for (let l = 1; l < layout.d.length; l++) {
    const start = layout.offset[l];
    blocks.push([start, start + layout.d[l]], [start + layout.d[l], layout.offset[l + 1]]);
  }
  return blocks;
}

/**
 * Names the relu unit behind a kink at weight w_ij^(l): the relu unit at layer ≥ l, on any
 * sample, whose s is nearest 0 (at layer l only unit j moves). Undefined without relu there.
 */
function reluNearKink(network: Network, samples: readonly Sample[]): (k: number) => string | undefined {
  const traces = samples.map((sample) => network.forward(sample.input));
  const { theta, d } = network.spec;
  return (k) => {
    const { l, j } = weightPosition(network.layout, k);
    let best: { m: number; unit: number; n: number; s: number } | undefined;
    for (let m = l; m < d.length; m++) {
      if (theta[m] !== "relu") continue;
      traces.forEach((trace, n) => {
        for (let unit = 0; unit < d[m]; unit++) {
          if (m === l && unit !== j) continue;
          const s = trace.s[m][unit];
          if (!best || Math.abs(s) < Math.abs(best.s)) best = { m, unit, n, s };
        }
      });
    }
    return best && `relu unit j=${best.unit} of layer ${best.m} has s = ${best.s.toExponential(1)} on sample ${best.n}`;
  };
}

/**
 * Checks `network.meanGradient(samples)` (backprop) against the numerical gradient of the mean
 * error, naming each mismatch by layer and indices, e.g. w[l=2][i=0][j=1], and each kink by
 * its relu unit. The network's parameters are not changed.
 */
export function checkNetwork(network: Network, samples: readonly Sample[], options: NetworkCheckOptions = {}): GradientCheckReport {
  const fn = "checkNetwork";
  if (typeof network !== "object" || network === null || !(network.parameters instanceof Float64Array))
    throw new InvalidArgumentError(fn, "network", "a Network from createNetwork", network);
  checkSamples(fn, network, samples);
  const claimed = network.meanGradient(samples).gradient;
  const f = meanErrorFunction(network, samples);
  const x = Float64Array.from(network.parameters);
  const naming = { name: (k: number) => weightName(network.layout, k), kinkAt: reluNearKink(network, samples) };
  const subject = {
    partial: networkPartial(network, samples),
    lines: networkLines(network, samples),
    f,
    x,
    blocks: layerBlocks(network.layout),
    naming,
    noiseFloor: outputNoiseFloor(network, samples),
    coordinateFloor: weightRounding(network, samples),
    smoothRange: smoothRange(network, samples),
  };
  const { workers, ...rest } = checkOptions(fn, options) as CheckOptions;
  const checkOptionsGiven: CheckOptions = { fullLimit: NETWORK_FULL_LIMIT, ...rest };
  const threads = workerCount(fn, workers);
  if (threads > 1 && x.length >= PARALLEL_MIN && fullRichardson(checkOptionsGiven, x.length, NETWORK_FULL_LIMIT)) {
    const { step, precision } = resolveDifferentiateOptions(fn, rest);
    const job = { kind: "network" as const, spec: network.spec, parameters: x, samples };
    const copy = { spec: network.spec, layout: network.layout, parameters: x } as Network;
    subject.partial = prefetched(subject.partial, () => networkPartial(copy, samples), job, step, precision, threads);
  }
  return checkSubject(fn, subject, claimed, checkOptionsGiven);
}
