/**
 * The rounding a network's hidden unit puts into e: the per-coordinate noise floor
 * (NoiseHint.coordinateFloor, numeric/differentiate.ts) of the checks that move a unit's s_j^(l),
 * checkBackprop's δ checks and checkNetworkHessian's second differences.
 */
import type { Trace } from "../network/backprop.js";
import { weightIndex } from "../network/layout.js";
import type { Network } from "../network/network.js";
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
