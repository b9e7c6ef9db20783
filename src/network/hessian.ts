/**
 * Second derivatives of e(w): the Hessian-vector product H v = ∇²e(w) v by forward-over-reverse,
 * Pearlmutter's R-operator R{·} = d/dr (·)(w + r v) at r = 0, applied to every forward and backward
 * rule of backprop.ts. Each R-rule sits below the rule it differentiates; v_ij^(l) is v in the flat
 * layout, R{w_ij^(l)} = v_ij^(l), and the bias input x_0 = 1 has R{x_0} = 0, as has the input x^(0).
 *
 * The learner's next step after δ: ∇e gives the descent direction, H v its curvature along v
 * (Newton and trust-region steps, conjugate gradients on H).
 */
import { InvalidArgumentError } from "../base/errors.js";
import { type ElementwiseActivation, elementwise } from "./activations.js";
import { backwardPass, createTrace, forwardPass, type Trace } from "./backprop.js";
import type { Layout } from "./layout.js";
import type { Network } from "./network.js";
import { checkTarget, checkVector, type ResolvedSpec } from "./spec.js";

/** θ''(s) given s and x = θ(s): a record, so that the tests can swap in a known mistake (the seam). */
export interface HessianRules {
  second(activation: ElementwiseActivation, s: number, x: number): number;
}

export const hessianRules: HessianRules = { second: (activation, s, x) => elementwise[activation].second(s, x) };

const derivative = (activation: ElementwiseActivation, s: number, x: number): number => elementwise[activation].derivative(s, x);

/**
 * H v for e(w) on one sample (input x^(0), target y), written into `out`; returns e.
 *
 * Forward (backprop.ts)                                R-forward
 *   s_j^(l) = Σ_i w_ij^(l) x_i^(l−1)                     R{s_j^(l)} = Σ_i [v_ij^(l) x_i^(l−1) + w_ij^(l) R{x_i^(l−1)}]
 *   x_j^(l) = θ(s_j^(l))                                 R{x_j^(l)} = θ'(s_j^(l)) R{s_j^(l)}
 *   softmax x_j = e^{s_j}/Σ_k e^{s_k}                    R{x_j} = x_j (R{s_j} − Σ_k x_k R{s_k})
 * Backward                                             R-backward
 *   δ^(L) (loss.ts)                                      R{δ^(L)}: see outputRDelta
 *   δ_i^(l−1) = θ'(s_i^(l−1)) Σ_j w_ij^(l) δ_j^(l)       R{δ_i^(l−1)} = θ''(s_i^(l−1)) R{s_i^(l−1)} Σ_j w_ij^(l) δ_j^(l)
 *                                                                     + θ'(s_i^(l−1)) Σ_j [v_ij^(l) δ_j^(l) + w_ij^(l) R{δ_j^(l)}]
 *   ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l)                     (H v)_ij^(l) = R{x_i^(l−1)} δ_j^(l) + x_i^(l−1) R{δ_j^(l)}
 */
export function hessianVectorPass(
  spec: ResolvedSpec,
  layout: Layout,
  w: Float64Array,
  input: ArrayLike<number>,
  target: ArrayLike<number>,
  v: Float64Array,
  out: Float64Array,
  rules: HessianRules = hessianRules,
): void {
  const { d, theta } = spec;
  const L = d.length - 1;
  const trace: Trace = createTrace(d);
  forwardPass(spec, layout, w, input, trace);
  const delta = createTrace(d).x.map((a, l) => (l === 0 ? new Float64Array(0) : a));
  backwardPass(spec, layout, w, trace, target, delta, new Float64Array(layout.size), 1);
  const Rs = createTrace(d).s;
  const Rx = createTrace(d).x; // Rx[0] = R{x^(0)} = 0
  for (let l = 1; l <= L; l++) {
    const base = layout.offset[l];
    for (let j = 0; j < d[l]; j++) {
      let sum = v[base + j]; // v_0j^(l) · x_0, x_0 = 1
      for (let i = 1; i <= d[l - 1]; i++) {
        const k = base + i * d[l] + j;
        sum += v[k] * trace.x[l - 1][i - 1] + w[k] * Rx[l - 1][i - 1];
      }
      Rs[l][j] = sum;
    }
    const activation = theta[l];
    if (activation === "softmax") {
      let xRs = 0;
      for (let k = 0; k < d[l]; k++) xRs += trace.x[l][k] * Rs[l][k];
      for (let j = 0; j < d[l]; j++) Rx[l][j] = trace.x[l][j] * (Rs[l][j] - xRs);
    } else for (let j = 0; j < d[l]; j++) Rx[l][j] = derivative(activation, trace.s[l][j], trace.x[l][j]) * Rs[l][j];
  }
  const Rdelta = createTrace(d).x;
  outputRDelta(spec, trace, Rs[L], Rx[L], target, Rdelta[L], rules);
  out.fill(0);
  for (let l = L; l >= 1; l--) {
    const base = layout.offset[l];
    for (let i = 0; i <= d[l - 1]; i++) {
      const xi = i === 0 ? 1 : trace.x[l - 1][i - 1];
      const Rxi = i === 0 ? 0 : Rx[l - 1][i - 1];
      let wDelta = 0;
      let RwDelta = 0;
      for (let j = 0; j < d[l]; j++) {
        const k = base + i * d[l] + j;
        out[k] = Rxi * delta[l][j] + xi * Rdelta[l][j];
        wDelta += w[k] * delta[l][j];
        RwDelta += v[k] * delta[l][j] + w[k] * Rdelta[l][j];
      }
      if (i === 0 || l === 1) continue;
      const hidden = theta[l - 1];
      if (hidden === "softmax") throw new Error("softmax below the output layer"); // resolveSpec forbids it
      const [s, x] = [trace.s[l - 1][i - 1], trace.x[l - 1][i - 1]];
      Rdelta[l - 1][i - 1] = rules.second(hidden, s, x) * Rs[l - 1][i - 1] * wDelta + derivative(hidden, s, x) * RwDelta;
    }
  }
}

/**
 * R{δ^(L)}, from δ^(L) (loss.ts):
 * - squared, elementwise θ: δ_j = 2 (x_j − y_j) θ'(s_j)  →  R{δ_j} = 2 R{x_j} θ'(s_j) + 2 (x_j − y_j) θ''(s_j) R{s_j};
 * - squared, softmax: δ_j = x_j (g_j − Σ_k x_k g_k), g_k = 2 (x_k − y_k)
 *     →  R{δ_j} = R{x_j} (g_j − Σ_k x_k g_k) + x_j (R{g_j} − Σ_k [R{x_k} g_k + x_k R{g_k}]),  R{g_k} = 2 R{x_k};
 * - cross-entropy, softmax: δ_j = x_j Σ_k y_k − y_j  →  R{δ_j} = R{x_j} Σ_k y_k;
 * - cross-entropy, sigmoid: δ = x − y  →  R{δ} = R{x}.
 */
function outputRDelta(
  spec: ResolvedSpec,
  trace: Trace,
  Rs: Float64Array,
  Rx: Float64Array,
  y: ArrayLike<number>,
  out: Float64Array,
  rules: HessianRules,
): void {
  const L = spec.d.length - 1;
  const [s, x] = [trace.s[L], trace.x[L]];
  const activation = spec.theta[L];
  if (spec.loss === "cross-entropy") {
    let total = 0;
    for (let j = 0; j < x.length; j++) total += y[j];
    for (let j = 0; j < x.length; j++) out[j] = activation === "sigmoid" ? Rx[j] : Rx[j] * total;
    return;
  }
  if (activation === "softmax") {
    let xg = 0;
    let Rxg = 0;
    for (let k = 0; k < x.length; k++) {
      const g = 2 * (x[k] - y[k]);
      xg += x[k] * g;
      Rxg += Rx[k] * g + x[k] * 2 * Rx[k];
    }
    for (let j = 0; j < x.length; j++) out[j] = Rx[j] * (2 * (x[j] - y[j]) - xg) + x[j] * (2 * Rx[j] - Rxg);
    return;
  }
  for (let j = 0; j < x.length; j++)
    out[j] = 2 * Rx[j] * derivative(activation, s[j], x[j]) + 2 * (x[j] - y[j]) * rules.second(activation, s[j], x[j]) * Rs[j];
}

/** The public forms' argument checks: a network from createNetwork, an input and target of its widths. */
function checkSample(fn: string, network: Network, input: unknown, target: unknown): void {
  if (typeof network !== "object" || network === null || !(network.parameters instanceof Float64Array))
    throw new InvalidArgumentError(fn, "network", "a network from createNetwork", network);
  checkVector(fn, "input", input, network.layers[0]);
  checkTarget(fn, network.spec, target);
  checkVector(fn, "target", target, network.layers[network.layers.length - 1]);
}

/**
 * H v = ∇²e(w) v for the network's error on one sample, at its current weights, by the R-operator
 * (one forward, one backward and their R-passes: about the cost of two gradients).
 *
 * @example
 * const net = createNetwork({ layers: [1, 1], activation: "tanh" }, [0.1, 0.5]);
 * hessianVectorProduct(net, [2], [0], [1, 0]); // the first column of ∇²e
 */
export function hessianVectorProduct(network: Network, input: ArrayLike<number>, target: ArrayLike<number>, v: ArrayLike<number>): Float64Array {
  return hessianVectorProductWith(network, input, target, v, hessianRules);
}

/** hessianVectorProduct with the rules given: the seam the mutation tests use. Not exported from the package. */
export function hessianVectorProductWith(
  network: Network,
  input: ArrayLike<number>,
  target: ArrayLike<number>,
  v: ArrayLike<number>,
  rules: HessianRules,
): Float64Array {
  const fn = "hessianVectorProduct";
  checkSample(fn, network, input, target);
  checkVector(fn, "v", v, network.layout.size);
  const out = new Float64Array(network.layout.size);
  hessianVectorPass(network.spec, network.layout, network.parameters, input, target, Float64Array.from(v), out, rules);
  return out;
}

/** The full ∇²e(w) on one sample, as rows: n Hessian-vector products with the unit vectors (row k = H e_k, H symmetric). */
export function networkHessian(network: Network, input: ArrayLike<number>, target: ArrayLike<number>): Float64Array[] {
  return networkHessianWith(network, input, target, hessianRules);
}

/** networkHessian with the rules given: the seam the mutation tests use. Not exported from the package. */
export function networkHessianWith(network: Network, input: ArrayLike<number>, target: ArrayLike<number>, rules: HessianRules): Float64Array[] {
  checkSample("networkHessian", network, input, target);
  const n = network.layout.size;
  const unit = new Float64Array(n);
  const rows: Float64Array[] = [];
  for (let k = 0; k < n; k++) {
    unit.fill(0);
    unit[k] = 1;
    const row = new Float64Array(n);
    hessianVectorPass(network.spec, network.layout, network.parameters, input, target, unit, row, rules);
    rows.push(row);
  }
  return rows;
}
