/**
 * checkNetworkHessian: the engine's own second derivatives judged by checkHessian. The claim is
 * networkHessian (n R-operator products, network/hessian.ts); the numerical Hessian comes from the
 * engine's forward pass alone (e(w) on a private copy of the network), never from its backward.
 */

import { networkHessian } from "../network/hessian.js";
import { weightName } from "../network/layout.js";
import { createNetwork, type Network } from "../network/network.js";
import { checkHessian, type HessianCheckOptions } from "./check-hessian.js";
import type { HessianCheckReport } from "./hessian-report.js";

/**
 * Checks ∇²e(w) of the network on one sample at its current weights; entries are named by weight,
 * ∂²e/∂w[l=1][i=0][j=0]∂w[l=2][i=1][j=0]. `claim` replaces the engine's Hessian (the tests' seam for a
 * planted mistake); by default it is networkHessian.
 */
export function checkNetworkHessian(
  network: Network,
  input: ArrayLike<number>,
  target: ArrayLike<number>,
  options: HessianCheckOptions = {},
  claim: (network: Network, input: ArrayLike<number>, target: ArrayLike<number>) => ArrayLike<ArrayLike<number>> = networkHessian,
): HessianCheckReport {
  const hessian = claim(network, input, target);
  const { d, theta, loss } = network.spec;
  const copy = createNetwork({ layers: d, activation: theta.slice(1), loss }, network.parameters);
  const e = (w: Float64Array): number => {
    copy.parameters.set(w);
    return copy.error(input, target);
  };
  const name = (k: number): string => weightName(network.layout, k);
  const report = checkHessian(e, network.parameters, hessian, { name, ...options });
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
