/**
 * The question gradcheck was built for: is δ^(L) right? The numerical ∂e/∂s^(L) comes from
 * perturbing s^(L) directly, applying θ_L and the loss: forward rules only.
 */
import { activate } from "../network/activations.js";
import { pointError } from "../network/loss.js";
import type { Network, Sample } from "../network/network.js";
import { blackBox } from "../numeric/evaluate.js";
import { type CheckOptions, checkSubject } from "./check-gradient.js";
import { checkSamples } from "./check-network.js";
import type { GradientCheckReport } from "./report.js";
import type { Subject } from "./subject.js";
import { outputRounding } from "./unit-rounding.js";

const FN = "checkOutputDelta";

/** e as a function of the output layer's s^(L), for one target y. */
export function errorOfOutput(network: Network, target: ArrayLike<number>): (s: Float64Array) => number {
  const { spec } = network;
  const L = spec.d.length - 1;
  const x = new Float64Array(spec.d[L]);
  return (s) => {
    activate(spec.theta[L], s, x);
    return pointError(spec.loss, spec.theta[L], s, x, target);
  };
}

/** Checks backprop's δ^(L) on one sample against the numerical ∂e/∂s^(L); coordinates are named δ[L][j]. */
export function checkOutputDelta(network: Network, sample: Sample, options: Omit<CheckOptions, "name"> = {}): GradientCheckReport {
  checkSamples(FN, network, [sample]);
  const L = network.spec.d.length - 1;
  const { delta } = network.backward(sample.input, sample.target);
  const { s, x } = network.forward(sample.input);
  const f = errorOfOutput(network, sample.target);
  const point = Float64Array.from(s[L]);
  // checkGradient's machinery, with the rounding x^(L) puts into e as each coordinate's noise floor (unit-rounding.ts).
  const subject: Subject = {
    partial: blackBox(FN, f, point),
    f,
    x: point,
    coordinateFloor: outputRounding(network, x[L], sample.target),
    naming: { name: (j) => `δ[l=${L}][j=${j}]` },
  };
  return checkSubject(FN, subject, Float64Array.from(delta[L]), options);
}
