/**
 * A network's mean error along lines, for the directional checks: a Partial whose coordinate c
 * is a direction u_c and whose value(c, t) is E(w + t·u_c), computed from forward rules only.
 *
 * The first layer's sums are linear in the weights, so with each sample's s^(1) cached at w and
 * v^(1) = Σ_i u_ij^(1) x_i^(0) (x_0 = 1) formed once per direction,
 *
 *     s^(1)(t) = s^(1)|_w + t·v^(1)
 *
 * costs d(1) per evaluation instead of (d(0) + 1)·d(1); layers 2..L run forward in full at the
 * moved weights w + t·u. Every line restates the forward definition (a sum of w·x terms): no
 * derivative, no backprop quantity. Equal to the black-box lines (alongLines) up to rounding.
 */
import { activate } from "../network/activations.js";
import { createTrace, forwardLayer, forwardPass, weightedSums } from "../network/backprop.js";
import { pointError } from "../network/loss.js";
import type { Network, Sample } from "../network/network.js";
import type { Partial } from "../numeric/evaluate.js";

/** Lines through the network's parameters (a private copy): lines(u_1..u_K) is the Partial whose value(c, t) is E(w + t·u_c). */
export function networkLines(network: Network, samples: readonly Sample[]): (directions: readonly Float64Array[]) => Partial {
  const { spec, layout } = network;
  const { d, theta, loss } = spec;
  const L = d.length - 1;
  const w = Float64Array.from(network.parameters);
  const targets = samples.map((sample) => Float64Array.from(sample.target));
  const inputs = samples.map((sample) => Float64Array.from(sample.input));
  const first = samples.map((sample) => {
    const trace = createTrace(d);
    forwardPass(spec, layout, w, sample.input, trace);
    return trace.s[1];
  });
  const moved = new Float64Array(w.length);
  const work = createTrace(d);
  const upper = layout.offset[2];

  let scale = 0;
  for (let k = 0; k < w.length; k++) scale = Math.max(scale, Math.abs(w[k]));

  return (directions) => {
    /** slopes[c][n] = v^(1) = Σ_i u_c,ij^(1) x_i^(0) on sample n. */
    const slopes = directions.map((u) =>
      inputs.map((input) => {
        const v = new Float64Array(d[1]);
        weightedSums(layout, u, 1, input, v);
        return v;
      }),
    );
    let calls = 0;
    const value = (c: number, t: number): number => {
      calls++;
      const u = directions[c];
      for (let k = upper; k < w.length; k++) moved[k] = w[k] + t * u[k];
      let sum = 0;
      for (let n = 0; n < inputs.length; n++) {
        const s1 = work.s[1];
        const v = slopes[c][n];
        for (let j = 0; j < s1.length; j++) s1[j] = first[n][j] + t * v[j];
        activate(theta[1], s1, work.x[1]);
        for (let l = 2; l <= L; l++) forwardLayer(spec, layout, moved, l, work.x[l - 1], work.s[l], work.x[l]);
        sum += pointError(loss, theta[L], work.s[L], work.x[L], targets[n]);
      }
      return sum / inputs.length;
    };
    return { n: directions.length, at: () => scale, value, evaluations: () => calls };
  };
}
