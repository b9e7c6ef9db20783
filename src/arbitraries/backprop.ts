/**
 * Arbitraries for property-testing *your own* backprop with checkBackprop, in one line:
 *
 *     fc.assert(fc.property(backpropCase(), (c) => checkBackprop(c.spec, c.parameters, c.samples, myBackprop, { allowUnresolved: true }).ok));
 *
 * A case is a spec, flat parameters and samples drawn as networkCase draws them, kept only where
 * no relu unit sits near its kink: where the checker's stencil (weights moved, or s^(l) moved
 * directly) would cross s = 0, the derivative is not defined and a check could not judge it.
 */
import fc from "fast-check";
import { activate } from "../network/activations.js";
import { createTrace, forwardLayer, forwardPass } from "../network/backprop.js";
import type { Network, Sample } from "../network/network.js";
import type { NetworkSpec } from "../network/spec.js";
import { secondStep } from "../numeric/second-differences.js";
import { richardsonStep, stepAt } from "../numeric/step.js";
import { type NetworkConstraints, networkCase } from "./network.js";

/** What checkBackprop takes: a spec, its flat parameters, samples. */
export interface BackpropCase {
  readonly spec: NetworkSpec;
  readonly parameters: readonly number[];
  readonly samples: readonly Sample[];
}

const STEP = richardsonStep("float64");

/** The sides of every relu unit (s > 0 or not), for one sample at weights w. */
function reluSides(network: Network, w: Float64Array, sample: Sample, trace = createTrace(network.layers)): string {
  forwardPass(network.spec, network.layout, w, sample.input, trace);
  let sides = "";
  for (let l = 1; l < network.layers.length; l++) if (network.spec.theta[l] === "relu") for (const s of trace.s[l]) sides += s > 0 ? "+" : "-";
  return sides;
}

/**
 * True when no relu unit changes side anywhere the default (Richardson) stencil evaluates the
 * network: every weight w_k ± h, ± h/2, ± h/4 with h = stepAt(w_k, 2^−7), and, with `movesS`,
 * every s_j^(l) moved the same way (checkBackprop's δ check moves s_j^(l) itself), the relu units
 * of layers l..L watched. Always true without relu.
 */
export function kinkFree(network: Network, samples: readonly Sample[], movesS = false): boolean {
  if (!network.spec.theta.includes("relu")) return true;
  const trace = createTrace(network.layers);
  const w = Float64Array.from(network.parameters);
  if (movesS && !sFree(network, samples)) return false;
  const centre = samples.map((sample) => reluSides(network, w, sample, trace));
  for (let k = 0; k < w.length; k++) {
    const wk = w[k];
    for (let m = 0, h = stepAt(wk, STEP); m < 3; m++, h /= 2)
      for (const moved of [wk + h, wk - h]) {
        w[k] = moved;
        const same = samples.every((sample, n) => reluSides(network, w, sample, trace) === centre[n]);
        w[k] = wk;
        if (!same) return false;
      }
  }
  return true;
}

/**
 * True when no relu unit changes side anywhere checkHessian's first level evaluates e(w) on the
 * sample: w_k ± h_k, ± h_k/2, ± h_k/4 for each weight, and the four corners w ± h_i e_i ± h_j e_j of
 * each pair at the same three sub-steps (h_k = stepAt(w_k, 2^−7), second-differences.ts). kinkFree
 * moves one weight at a time; a mixed stencil moves two, and can carry a unit across s = 0 where
 * neither alone does. Always true without relu. Costs about what the Hessian check does (6n² passes).
 */
export function hessianKinkFree(network: Network, sample: Sample): boolean {
  if (!network.spec.theta.includes("relu")) return true;
  const trace = createTrace(network.layers);
  const w = Float64Array.from(network.parameters);
  const centre = reluSides(network, w, sample, trace);
  const t = secondStep("float64");
  const h = Array.from(w, (v) => stepAt(v, t));
  for (let i = 0; i < w.length; i++)
    for (let j = i; j < w.length; j++)
      for (let m = 0; m < 3; m++)
        for (const a of [1, -1])
          for (const b of i === j ? [0] : [1, -1]) {
            const [wi, wj] = [w[i], w[j]];
            w[i] = wi + (a * h[i]) / 2 ** m;
            if (j !== i) w[j] = wj + (b * h[j]) / 2 ** m;
            const same = reluSides(network, w, sample, trace) === centre;
            [w[i], w[j]] = [wi, wj];
            if (!same) return false;
          }
  return true;
}

/** With s_j^(l) itself moved by ± h, h/2, h/4 (h = stepAt(s_j, 2^−7)), no relu unit at layer ≥ l changes side. */
function sFree(network: Network, samples: readonly Sample[]): boolean {
  const { spec, layout, parameters: w } = network;
  const d = spec.d;
  const L = d.length - 1;
  const base = createTrace(d);
  const work = createTrace(d);
  const sides = (trace: typeof base, from: number): string => {
    let out = "";
    for (let m = from; m <= L; m++) if (spec.theta[m] === "relu") for (const s of trace.s[m]) out += s > 0 ? "+" : "-";
    return out;
  };
  for (const sample of samples) {
    forwardPass(spec, layout, w, sample.input, base);
    for (let l = 1; l <= L; l++) {
      const centre = sides(base, l);
      for (let m = 0; m < l; m++) work.x[m].set(base.x[m]);
      for (let j = 0; j < d[l]; j++)
        for (let k = 0, h = stepAt(base.s[l][j], STEP); k < 3; k++, h /= 2)
          for (const moved of [base.s[l][j] + h, base.s[l][j] - h]) {
            work.s[l].set(base.s[l]);
            work.s[l][j] = moved;
            activate(spec.theta[l], work.s[l], work.x[l]);
            for (let m = l + 1; m <= L; m++) forwardLayer(spec, layout, w, m, work.x[m - 1], work.s[m], work.x[m]);
            if (sides(work, l) !== centre) return false;
          }
    }
  }
  return true;
}

/**
 * A case for checkBackprop: { spec, parameters, samples } over random architectures, activations
 * and losses (narrowed by `constraints`, as for networkCase), with no relu unit near its kink.
 *
 * @example
 * import fc from "fast-check";
 * import { checkBackprop, createNetwork, type NetworkSpec } from "gradcheck";
 * import { backpropCase } from "gradcheck/arbitraries";
 * // Your backprop goes here; the engine's own stands in for it.
 * const myBackprop = (input: ArrayLike<number>, target: ArrayLike<number>, w: ArrayLike<number>, spec: NetworkSpec) =>
 *   createNetwork(spec, Array.from(w)).backward(input, target);
 * fc.assert(fc.property(backpropCase({ hidden: ["tanh"], heads: [{ activation: "tanh", loss: "squared" }] }), (c) => checkBackprop(c.spec, c.parameters, c.samples, myBackprop, { allowUnresolved: true }).ok));
 */
export function backpropCase(constraints: NetworkConstraints = {}, maxSamples = 4): fc.Arbitrary<BackpropCase> {
  return networkCase(constraints, maxSamples)
    .filter((c) => kinkFree(c.network, c.samples, true))
    .map((c) => ({
      spec: c.spec,
      parameters: c.parameters,
      samples: c.samples,
      [fc.toStringMethod]: () =>
        `checkBackprop(${JSON.stringify(c.spec)}, ${JSON.stringify(c.parameters)}, ${JSON.stringify(c.samples)}, yourBackprop)`,
    }));
}
