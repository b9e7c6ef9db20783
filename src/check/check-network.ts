/**
 * checkNetwork: does a network's backprop give the gradient of its mean error?
 *
 * The judged function is E(w) = (1/N) Σ_n e_n(w), evaluated with the engine's forward rules on
 * a private copy of the weights, restarting at the layer a perturbed weight reaches (network-partial.ts). The numbers that judge backprop never come from backprop:
 * only the claimed gradient does.
 */
import { InvalidArgumentError } from "../base/errors.js";
import { weightName } from "../network/layout.js";
import { pointError } from "../network/loss.js";
import { createTrace, forwardPass, type Network, type Sample } from "../network/network.js";
import { checkTarget, checkVector } from "../network/spec.js";
import { type CheckOptions, checkPartial } from "./check-gradient.js";
import { networkPartial } from "./network-partial.js";
import type { GradientCheckReport } from "./report.js";

export type NetworkCheckOptions = Omit<CheckOptions, "name">;

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
  if (!Array.isArray(samples) || samples.length === 0) throw new InvalidArgumentError(fn, "samples", "a non-empty array of { input, target }", samples);
  samples.forEach((sample, n) => {
    if (typeof sample !== "object" || sample === null) throw new InvalidArgumentError(fn, `samples[${n}]`, "an object { input, target }", sample);
    checkVector(fn, `samples[${n}].input`, sample.input, network.spec.d[0]);
    checkTarget(fn, network.spec, sample.target, `samples[${n}].target`);
  });
}

/**
 * Checks `network.meanGradient(samples)` (backprop) against the numerical gradient of the mean
 * error, naming each mismatch by layer and indices, e.g. w[l=2][i=0][j=1]. The network's
 * parameters are not changed.
 */
export function checkNetwork(network: Network, samples: readonly Sample[], options: NetworkCheckOptions = {}): GradientCheckReport {
  const fn = "checkNetwork";
  if (typeof network !== "object" || network === null || !(network.parameters instanceof Float64Array))
    throw new InvalidArgumentError(fn, "network", "a Network from createNetwork", network);
  checkSamples(fn, network, samples);
  const claimed = network.meanGradient(samples).gradient;
  const partial = networkPartial(network, samples);
  return checkPartial(fn, partial, claimed, { ...options, name: (k) => weightName(network.layout, k) });
}
