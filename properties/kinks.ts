/**
 * ReLU has a kink at s = 0, where its derivative is not defined, and a difference quotient
 * taken across the kink measures neither side. A relu network is checkable at w when no relu
 * pre-activation s_j^(l) changes side anywhere the checker evaluates the network: then every
 * one of those values comes from the same smooth piece (relu replaced by s or by 0, as at w),
 * and backprop's gradient is that piece's gradient. kinkFree tests exactly that condition at the
 * points checkNetwork's default (Richardson) stencil visits: w_k ± h, ± h/2, ± h/4 with
 * h = stepAt(w_k, RICHARDSON_STEP).
 */
import type { Network, Sample } from "../src/index.js";
import { createTrace, forwardPass } from "../src/network/backprop.js";
import { richardsonStep, stepAt } from "../src/numeric/step.js";

const RICHARDSON_STEP = richardsonStep("float64");

/** The sides of every relu unit (s > 0 or not), layer by layer, for one sample at weights w. */
function reluSides(network: Network, w: Float64Array, sample: Sample, trace = createTrace(network.layers)): string {
  forwardPass(network.spec, network.layout, w, sample.input, trace);
  let sides = "";
  for (let l = 1; l < network.layers.length; l++) if (network.spec.theta[l] === "relu") for (const s of trace.s[l]) sides += s > 0 ? "+" : "-";
  return sides;
}

/** True when no relu unit changes side at any point of the default stencil, for any sample (always true without relu). */
export function kinkFree(network: Network, samples: readonly Sample[]): boolean {
  if (!network.spec.theta.includes("relu")) return true;
  const trace = createTrace(network.layers);
  const w = Float64Array.from(network.parameters);
  const centre = samples.map((sample) => reluSides(network, w, sample, trace));
  for (let k = 0; k < w.length; k++) {
    const wk = w[k];
    for (let m = 0, h = stepAt(wk, RICHARDSON_STEP); m < 3; m++, h /= 2)
      for (const moved of [wk + h, wk - h]) {
        w[k] = moved;
        const same = samples.every((sample, n) => reluSides(network, w, sample, trace) === centre[n]);
        w[k] = wk;
        if (!same) return false;
      }
  }
  return true;
}
