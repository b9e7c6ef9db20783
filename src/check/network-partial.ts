/**
 * Network-aware finite differences: a Partial for E(w) = (1/N) Σ_n e_n(w) that answers
 * E(w + h·e_k) without rerunning the whole network.
 *
 * Moving one weight w_ij^(l) to w_ij^(l) + h changes s_j^(l) and nothing below it. So each
 * sample's forward trace is cached once at the base weights w, and an evaluation restarts at
 * layer l, restating the forward rules on what changed:
 *
 *     s_j^(l)   = s_j^(l)|_w + h·x_i^(l−1)                          (x_0 = 1; s is a sum of w·x terms)
 *     x_j^(l)   = θ_l(s_j^(l))                                       (the other x^(l) are unchanged)
 *     s_m^(l+1) = s_m^(l+1)|_w + w_jm^(l+1)·(x_j^(l) − x_j^(l)|_w)   (the same sum, one term replaced)
 *     x^(l+1) = θ_{l+1}(s^(l+1)), then layers l+2..L in full (forwardLayer), then e_n (pointError).
 *
 * Only the forward definitions appear: no derivative of θ or of e, and no backprop quantity
 * (δ, or ∂e/∂w = x·δ) is used, so the numbers stay independent of what they judge. They equal
 * the black-box E(w + h·e_k) up to rounding (the property in properties/network-partial.test.ts).
 * An evaluation allocates nothing.
 */
import { activate, elementwise } from "../network/activations.js";
import { createTrace, forwardLayer, forwardPass, type Trace } from "../network/backprop.js";
import { pointError } from "../network/loss.js";
import type { Network, Sample } from "../network/network.js";
import type { Partial } from "../numeric/evaluate.js";

/** A Partial for the network's mean error over `samples`, at a private copy of its parameters. */
export function networkPartial(network: Network, samples: readonly Sample[]): Partial {
  const { spec, layout } = network;
  const { d, theta, loss } = spec;
  const L = d.length - 1;
  const w = Float64Array.from(network.parameters);
  const targets = samples.map((sample) => Float64Array.from(sample.target));
  const traces: Trace[] = samples.map((sample) => {
    const trace = createTrace(d);
    forwardPass(spec, layout, w, sample.input, trace);
    return trace;
  });
  /** Scalar θ_l for the layers where it is elementwise (all but a softmax output). */
  const thetaOf = theta.map((a) => (a === "softmax" ? (s: number) => s : elementwise[a].theta));
  const work = createTrace(d);
  let base = 0;
  for (let n = 0; n < samples.length; n++) base += pointError(loss, theta[L], traces[n].s[L], traces[n].x[L], targets[n]);
  base /= samples.length;
  let calls = 0;

  /** e_n at w + h·e_k, where k is w_ij^(l) and dw = (w_k + h) − w_k. */
  const errorAt = (n: number, l: number, i: number, j: number, dw: number): number => {
    const { s, x } = traces[n];
    const sj = s[l][j] + dw * (i === 0 ? 1 : x[l - 1][i - 1]);
    if (l === L) {
      work.s[L].set(s[L]);
      work.s[L][j] = sj;
      if (theta[L] === "softmax") activate("softmax", work.s[L], work.x[L]);
      else {
        work.x[L].set(x[L]);
        work.x[L][j] = thetaOf[L](sj);
      }
      return pointError(loss, theta[L], work.s[L], work.x[L], targets[n]);
    }
    const dx = thetaOf[l](sj) - x[l][j];
    const next = work.s[l + 1];
    const above = s[l + 1];
    const row = layout.offset[l + 1] + (j + 1) * d[l + 1];
    for (let m = 0; m < next.length; m++) next[m] = above[m] + w[row + m] * dx;
    activate(theta[l + 1], next, work.x[l + 1]);
    for (let m = l + 2; m <= L; m++) forwardLayer(spec, layout, w, m, work.x[m - 1], work.s[m], work.x[m]);
    return pointError(loss, theta[L], work.s[L], work.x[L], targets[n]);
  };

  const value = (k: number, h: number): number => {
    calls++;
    if (h === 0) return base;
    let l = 1;
    while (k >= layout.offset[l + 1]) l++;
    const local = k - layout.offset[l];
    const i = Math.floor(local / d[l]);
    const j = local - i * d[l];
    const dw = w[k] + h - w[k];
    let sum = 0;
    for (let n = 0; n < traces.length; n++) sum += errorAt(n, l, i, j, dw);
    return sum / traces.length;
  };
  return { n: w.length, at: (k) => w[k], value, evaluations: () => calls };
}
