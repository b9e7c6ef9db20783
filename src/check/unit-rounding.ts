/**
 * The rounding a network's hidden unit puts into e: the per-coordinate noise floor
 * (NoiseHint.coordinateFloor, numeric/differentiate.ts) of the checks that move a unit's s_j^(l),
 * checkBackprop's δ checks and checkNetworkHessian's second differences.
 */
import type { Trace } from "../network/backprop.js";
import { magnitudeTrace } from "../network/hessian-magnitudes.js";
import { weightIndex } from "../network/layout.js";
import type { Network, Sample } from "../network/network.js";
import { EPSILON_64 } from "../numeric/step.js";

/**
 * Per unit j of layer l < L, the noise e carries when s_j^(l) moves: x_j = θ(s_j) is rounded to
 * within an ulp, 2ε|x_j| (Math.tanh and Math.exp are faithful to about one), and e feels that as
 * 2ε|x_j|·|∂e/∂x_j|, with |∂e/∂x_j| ≤ Σ_k |w_jk^(l+1)|·|∂e/∂s_k^(l+1)|
 * taken from `upstream`, a bound for |∂e/∂s^(l+1)| one layer up: the numerical one in the δ checks
 * (forward passes only: the judge never reads the learner's δ), the |abs| pass's |δ|^(l+1) in
 * checkNetworkHessian (network/hessian-magnitudes.ts). Where the unit saturates, θ' is ~ε and this rounding is all e shows of it.
 */
export function unitRounding(network: Network, trace: Trace, l: number, upstream: Float64Array): Float64Array {
  const { layout, parameters: w } = network;
  const out = new Float64Array(layout.d[l]);
  for (let j = 1; j <= layout.d[l]; j++) {
    let sensitivity = 0;
    for (let k = 0; k < layout.d[l + 1]; k++) sensitivity += Math.abs(w[weightIndex(layout, l + 1, j, k)] * upstream[k]);
    out[j - 1] = 2 * EPSILON_64 * Math.abs(trace.x[l][j - 1]) * sensitivity;
  }
  return out;
}

/**
 * Per output unit j, the noise e carries when s_j^(L) moves. Under the squared error e reads
 * x^(L) = θ(s^(L)), each x_k rounded to within 2ε|x_k|, felt at the rate |∂e/∂x_k| = 2|x_k − y_k|:
 * 2ε·|x_k|·2|x_k − y_k| summed over the units s_j moves (x_j alone for an elementwise θ, every
 * unit for softmax). Cross-entropy reads s^(L) itself (softplus, log-sum-exp): no rounded x reaches
 * e, and the floor is 0. Found by test:deep (seed 1): a saturated tanh output at s = −12.9, x 1.2e-11
 * from −1, a right δ of −6.85e-14 was judged against a numerical one that claimed an error of 5e-19
 * and was off by 1.8e-17, x's rounding felt by e.
 */
export function outputRounding(network: Network, x: ArrayLike<number>, target: ArrayLike<number>): Float64Array {
  const { spec } = network;
  const L = spec.d.length - 1;
  const out = new Float64Array(spec.d[L]);
  if (spec.loss !== "squared") return out;
  let total = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = 2 * EPSILON_64 * Math.abs(x[k]) * 2 * Math.abs(x[k] - target[k]);
    total += out[k];
  }
  if (spec.theta[L] === "softmax") out.fill(total);
  return out;
}

/**
 * Per weight w_ij^(l), l < L, the noise E = (1/N) Σ_n e_n carries when it moves: the rounding of the
 * unit it feeds, unitRounding's 2ε|x_j^(l)|·Σ_k |w_jk^(l+1)|·|δ|_k^(l+1), averaged over the samples;
 * |δ| from the |abs| pass (network/hessian-magnitudes.ts), a bound from the forward trace and |w|
 * alone, so the judge never reads the claimed gradient. Where unit j saturates, a step moves x_j by
 * less than its ulp, E moves by a quantum or not at all, and this rounding is all E shows of the
 * weight: found by `npm test` (seed 1073732555), a sigmoid unit at s = 35.6 (x = 1 − 4e-16) whose
 * right ∂e/∂w_ij^(3) = ±5.6e-17 read a numerical 0 judged at 4.5e-17, through checkNetwork and
 * checkBackprop alike. The weights of the output layer get 0: their rounding is outputNoiseFloor's.
 *
 * Only units within SATURATED of ±1 (tanh, sigmoid near 1): there x_j takes a handful of values
 * over a step, and its rounding is coarse against the move. Elsewhere x_j moves by millions of ulps,
 * its rounding is noise the measurement sees, and this worst case (an ulp at every unit, no
 * cancellation) would only blunt the check: on every unit it hid a 1e-7·‖g‖∞ error in 222 of 1 000
 * near-perfect fits through checkNetwork (bench/verdicts.mjs, none before).
 */
export function weightRounding(network: Network, samples: readonly Sample[]): Float64Array {
  const { layout } = network;
  const { d } = layout;
  const L = d.length - 1;
  const out = new Float64Array(layout.size);
  for (const { input, target } of samples) {
    const { trace, delta } = magnitudeTrace(network, input, target);
    for (let l = 1; l < L; l++) {
      const theta = network.spec.theta[l];
      if (theta !== "tanh" && theta !== "sigmoid") continue; // identity, relu: no limit to saturate at
      const units = unitRounding(network, trace, l, delta[l + 1]);
      for (let j = 0; j < d[l]; j++) {
        if (!(1 - Math.abs(trace.x[l][j]) <= SATURATED)) continue;
        for (let i = 0; i <= d[l - 1]; i++) out[layout.offset[l] + i * d[l] + j] += units[j] / samples.length;
      }
    }
  }
  return out;
}
/**
 * The rounding e carries from the saturated units of hidden layer l (tanh or sigmoid within SATURATED
 * of its limit), summed: unitRounding's 2ε|x_j|·Σ_k |w_jk^(l+1)|·|∂e/∂s_k^(l+1)| with `upstream` the
 * numerical ∂e/∂s^(l+1). A δ check of any layer below moves these units' s too (every path from a
 * lower unit reaches them), and where they are stuck at ±1, e moves by their rounding or not at all:
 * found by `npm test` (seed 1806018804, the backpropCase snippet of docs/api.md), a tanh unit of layer
 * 3 at s = −23 (x = −1 exactly) above layers whose right δ of up to 2.8e-23 read a numerical 0,
 * and whose own floors were 0 (their numerical δ one layer up was 0 too). checkBackprop adds the
 * sum over every hidden layer above l to the δ^(l) check's floor.
 */
export function saturatedRounding(network: Network, trace: Trace, l: number, upstream: Float64Array): number {
  const theta = network.spec.theta[l];
  if (noInherited || (theta !== "tanh" && theta !== "sigmoid")) return 0;
  const units = unitRounding(network, trace, l, upstream);
  let total = 0;
  for (let j = 0; j < units.length; j++) if (1 - Math.abs(trace.x[l][j]) <= SATURATED) total += units[j];
  return total;
}
let noInherited = false;
/** Test-only seam (test/backprop-edges.test.ts): no rounding inherited from saturated units above (`false` restores it). */
export function setNoInheritedRounding(off: boolean): void {
  noInherited = off;
}

/** 1 − |x| at or below 2^20 ulps of 1: a saturated unit (weightRounding). */
const SATURATED = 2 ** 20 * EPSILON_64;
