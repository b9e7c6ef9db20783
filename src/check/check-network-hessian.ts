/**
 * checkNetworkHessian: the engine's own second derivatives judged by checkHessian. The claim is
 * networkHessian (n R-operator products, network/hessian.ts); the numerical Hessian comes from the
 * engine's forward pass alone (e(w) on a private copy of the network), never from its backward.
 */

import { networkHessian } from "../network/hessian.js";
import { hessianMagnitudes, magnitudeTrace } from "../network/hessian-magnitudes.js";
import { type Layout, weightName } from "../network/layout.js";
import { createNetwork, type Network } from "../network/network.js";
import { checkHessianWith, type HessianCheckOptions, type HessianHint } from "./check-hessian.js";
import { outputNoiseFloor } from "./check-network.js";
import type { HessianCheckReport } from "./hessian-report.js";
import { unitRounding } from "./unit-rounding.js";

/**
 * What the engine's structure tells of e's rounding and of its Hessian's (HessianHint):
 * - noise.floor: checkNetwork's outputNoiseFloor, ε·Σ_j rate_j·(|x_j^(L)| + |s_j^(L)|): e is
 *   formed from the outputs (a cross-entropy as ln Σ_k e^{s_k} − s_y, two numbers of size |s|), so
 *   it rounds by that much however small e is (a softmax at s = 31.7 whose e is 1.75e-8 rounds by
 *   3.5e-15, 2e-7 of e: the second difference of a pair was off by 2.4e-5 relative with an error
 *   estimate of 7e-7, ratio 1.04 against a right R-operator);
 * - noise.coordinateFloor[k], for w_ij^(l): the rounding of the units it moves, unit j of layer l
 *   and every hidden unit above, Σ 2ε|x_u|·Σ_k |w_uk| |δ|_k (unitRounding, with the |abs| pass's |δ|);
 * - magnitude: the |abs| pass M = |∇²|e (network/hessian-magnitudes.ts), the claim's rounding scale.
 */
export function networkHessianHint(network: Network, input: ArrayLike<number>, target: ArrayLike<number>): HessianHint {
  const { layout } = network;
  const L = layout.d.length - 1;
  const { trace, delta } = magnitudeTrace(network, input, target);
  const units = Array.from({ length: L + 1 }, (_, l) => (l >= 1 && l < L ? unitRounding(network, trace, l, delta[l + 1]) : new Float64Array(0)));
  /** above[l]: the rounding of every hidden unit in layers l + 1 .. L − 1. */
  const above = new Float64Array(L + 1);
  for (let l = L - 1; l >= 0; l--) above[l] = (l + 1 <= L - 1 ? units[l + 1].reduce((a, b) => a + b, 0) : 0) + (l + 1 <= L ? above[l + 1] : 0);
  const coordinateFloor = new Float64Array(layout.size);
  forEachWeight(layout, (k, l, j) => {
    coordinateFloor[k] = (l < L ? units[l][j] : 0) + above[l];
  });
  return {
    noise: { floor: outputNoiseFloor(network, [{ input, target }]), coordinateFloor },
    magnitude: hessianMagnitudes(network, input, target),
  };
}

/** Calls visit(k, l, j) for every weight w_ij^(l) at its flat index k. */
function forEachWeight(layout: Layout, visit: (k: number, l: number, j: number) => void): void {
  for (let l = 1; l < layout.d.length; l++)
    for (let i = 0; i <= layout.d[l - 1]; i++) for (let j = 0; j < layout.d[l]; j++) visit(layout.offset[l] + i * layout.d[l] + j, l, j);
}

/**
 * Checks ∇²e(w) of the network on one sample at its current weights; entries are named by weight,
 * ∂²e/∂w[l=1][i=0][j=0]∂w[l=2][i=1][j=0]. `claim` replaces the engine's Hessian (the tests' seam for a
 * planted mistake); by default it is networkHessian. `hint` replaces what the engine's structure tells
 * of the rounding (the tests' seam for showing each part is needed); by default networkHessianHint.
 */
export function checkNetworkHessian(
  network: Network,
  input: ArrayLike<number>,
  target: ArrayLike<number>,
  options: HessianCheckOptions = {},
  claim: (network: Network, input: ArrayLike<number>, target: ArrayLike<number>) => ArrayLike<ArrayLike<number>> = networkHessian,
  hint: (network: Network, input: ArrayLike<number>, target: ArrayLike<number>) => HessianHint = networkHessianHint,
): HessianCheckReport {
  const hessian = claim(network, input, target);
  const { d, theta, loss } = network.spec;
  const copy = createNetwork({ layers: d, activation: theta.slice(1), loss }, network.parameters);
  const e = (w: Float64Array): number => {
    copy.parameters.set(w);
    return copy.error(input, target);
  };
  const name = (k: number): string => weightName(network.layout, k);
  const report = checkHessianWith(e, network.parameters, hessian, { name, ...options }, hint(network, input, target));
  const entry = (i: number, j: number): string => `∂²e/∂${name(i)}∂${name(j)}`;
  const rename = <T extends { row: number; column: number; name: string }>(m: T): T => ({ ...m, name: entry(m.row, m.column) });
  return {
    ...report,
    name: entry,
    mismatches: report.mismatches.map(rename),
    unresolved: report.unresolved.map(rename),
    nonDifferentiable: report.nonDifferentiable.map(rename),
    asymmetry: report.asymmetry.map((a) => ({ ...a, name: `${entry(a.row, a.column)} ≠ ${entry(a.column, a.row)}` })),
  };
}
