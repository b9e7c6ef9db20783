/**
 * The |abs| pass of the R-operator (network/hessian.ts): the same forward and backward sums with
 * every term replaced by its magnitude, M = |∇²|e(w), so that M_ij ≥ Σ |each term H_ij is summed
 * from|. A sum of products computed in floating point is off by at most a few ε·Σ|terms| per
 * operation along its chain, whatever the sum itself is: where the terms cancel (a saturated unit,
 * a softmax whose largest x_j rounds to 1) H_ij keeps none of its digits and only M_ij says how far
 * it may be from the exact value, or from H_ji (check/tolerance.ts, asymmetryBound and CLAIM_ROUNDING).
 *
 * With |·| on every factor (v = e_k, so |v| = v):
 *   |δ|^(L): the magnitudes of outputDelta's terms (see outputDeltaMagnitude)
 *   |δ|_i^(l−1) = |θ'(s_i^(l−1))| Σ_j |w_ij^(l)| |δ|_j^(l)
 *   |R s|_j^(l) = Σ_i [|v_ij^(l)| |x_i^(l−1)| + |w_ij^(l)| |R x|_i^(l−1)]
 *   |R x|_j^(l) = |θ'(s_j^(l))| |R s|_j^(l);  softmax: x_j (|R s|_j + Σ_k x_k |R s|_k)
 *   |R δ|_i^(l−1) = |θ''| |R s|_i Σ_j |w_ij| |δ|_j + |θ'| Σ_j [|v_ij| |δ|_j + |w_ij| |R δ|_j]
 *   M_ij^(l) = |R x|_i^(l−1) |δ|_j^(l) + |x_i^(l−1)| |R δ|_j^(l)
 * The forward values s, x are the engine's own: their rounding perturbs s_j as a bias would, the
 * same for H_ij and H_ji, and is allowed for by the entry's ANALYTIC_ROUNDING·ε·|a|.
 */
import { type Activation, elementwise } from "./activations.js";
import { createTrace, forwardPass, type Trace } from "./backprop.js";
import type { Layout } from "./layout.js";
import type { Network } from "./network.js";
import type { ResolvedSpec } from "./spec.js";

/** |θ'(s)| and |θ''(s)| of an elementwise θ (softmax is handled where it occurs, at the output). */
const slope = (activation: Activation, s: number, x: number): number =>
  activation === "softmax" ? 0 : Math.abs(elementwise[activation].derivative(s, x));
const curvature = (activation: Activation, s: number, x: number): number =>
  activation === "softmax" ? 0 : Math.abs(elementwise[activation].second(s, x));

/**
 * |δ|^(L), the magnitudes of outputDelta's terms (loss.ts):
 * - squared, elementwise θ: 2 (|x_j| + |y_j|) |θ'(s_j)|;
 * - squared, softmax: x_j (|g|_j + Σ_k x_k |g|_k), |g|_k = 2 (|x_k| + |y_k|);
 * - cross-entropy, softmax: x_j Σ_k |y_k| + |y_j|;  cross-entropy, sigmoid: |x| + |y|.
 */
function outputDeltaMagnitude(spec: ResolvedSpec, trace: Trace, y: ArrayLike<number>, out: Float64Array): void {
  const L = spec.d.length - 1;
  const [s, x] = [trace.s[L], trace.x[L]];
  const activation = spec.theta[L];
  if (spec.loss === "cross-entropy") {
    let total = 0;
    for (let j = 0; j < x.length; j++) total += Math.abs(y[j]);
    for (let j = 0; j < x.length; j++) out[j] = activation === "sigmoid" ? Math.abs(x[j]) + Math.abs(y[j]) : x[j] * total + Math.abs(y[j]);
    return;
  }
  if (activation === "softmax") {
    let xg = 0;
    for (let k = 0; k < x.length; k++) xg += x[k] * 2 * (x[k] + Math.abs(y[k]));
    for (let j = 0; j < x.length; j++) out[j] = x[j] * (2 * (x[j] + Math.abs(y[j])) + xg);
    return;
  }
  for (let j = 0; j < x.length; j++) out[j] = 2 * (Math.abs(x[j]) + Math.abs(y[j])) * slope(activation, s[j], x[j]);
}

/**
 * |R δ|^(L), the magnitudes of outputRDelta's terms (network/hessian.ts):
 * - squared, elementwise θ: 2 |R x|_j |θ'| + 2 (|x_j| + |y_j|) |θ''| |R s|_j;
 * - squared, softmax: |R x|_j (|g|_j + Σ_k x_k |g|_k) + x_j (2 |R x|_j + Σ_k [|R x|_k |g|_k + 2 x_k |R x|_k]);
 * - cross-entropy: |R x|_j Σ_k |y_k| (softmax), |R x| (sigmoid).
 */
function outputRDeltaMagnitude(spec: ResolvedSpec, trace: Trace, Rs: Float64Array, Rx: Float64Array, y: ArrayLike<number>, out: Float64Array): void {
  const L = spec.d.length - 1;
  const [s, x] = [trace.s[L], trace.x[L]];
  const activation = spec.theta[L];
  if (spec.loss === "cross-entropy") {
    let total = 0;
    for (let j = 0; j < x.length; j++) total += Math.abs(y[j]);
    for (let j = 0; j < x.length; j++) out[j] = activation === "sigmoid" ? Rx[j] : Rx[j] * total;
    return;
  }
  if (activation === "softmax") {
    let xg = 0;
    let Rxg = 0;
    for (let k = 0; k < x.length; k++) {
      const g = 2 * (x[k] + Math.abs(y[k]));
      xg += x[k] * g;
      Rxg += Rx[k] * g + x[k] * 2 * Rx[k];
    }
    for (let j = 0; j < x.length; j++) out[j] = Rx[j] * (2 * (x[j] + Math.abs(y[j])) + xg) + x[j] * (2 * Rx[j] + Rxg);
    return;
  }
  for (let j = 0; j < x.length; j++)
    out[j] = 2 * Rx[j] * slope(activation, s[j], x[j]) + 2 * (Math.abs(x[j]) + Math.abs(y[j])) * curvature(activation, s[j], x[j]) * Rs[j];
}

/** One column of M: the |abs| pass along e_k, written into `out` (the layout's n entries). */
function magnitudePass(
  spec: ResolvedSpec,
  layout: Layout,
  w: Float64Array,
  trace: Trace,
  delta: Float64Array[],
  target: ArrayLike<number>,
  k0: number,
  out: Float64Array,
): void {
  const { d, theta } = spec;
  const L = d.length - 1;
  const v = (k: number): number => (k === k0 ? 1 : 0);
  const Rs = createTrace(d).s;
  const Rx = createTrace(d).x;
  for (let l = 1; l <= L; l++) {
    const base = layout.offset[l];
    for (let j = 0; j < d[l]; j++) {
      let sum = v(base + j);
      for (let i = 1; i <= d[l - 1]; i++) {
        const k = base + i * d[l] + j;
        sum += v(k) * Math.abs(trace.x[l - 1][i - 1]) + Math.abs(w[k]) * Rx[l - 1][i - 1];
      }
      Rs[l][j] = sum;
    }
    if (theta[l] === "softmax") {
      let xRs = 0;
      for (let k = 0; k < d[l]; k++) xRs += trace.x[l][k] * Rs[l][k];
      for (let j = 0; j < d[l]; j++) Rx[l][j] = trace.x[l][j] * (Rs[l][j] + xRs);
    } else for (let j = 0; j < d[l]; j++) Rx[l][j] = slope(theta[l], trace.s[l][j], trace.x[l][j]) * Rs[l][j];
  }
  const Rdelta = createTrace(d).x;
  outputRDeltaMagnitude(spec, trace, Rs[L], Rx[L], target, Rdelta[L]);
  for (let l = L; l >= 1; l--) {
    const base = layout.offset[l];
    for (let i = 0; i <= d[l - 1]; i++) {
      const xi = i === 0 ? 1 : Math.abs(trace.x[l - 1][i - 1]);
      const Rxi = i === 0 ? 0 : Rx[l - 1][i - 1];
      let wDelta = 0;
      let RwDelta = 0;
      for (let j = 0; j < d[l]; j++) {
        const k = base + i * d[l] + j;
        out[k] = Rxi * delta[l][j] + xi * Rdelta[l][j];
        wDelta += Math.abs(w[k]) * delta[l][j];
        RwDelta += v(k) * delta[l][j] + Math.abs(w[k]) * Rdelta[l][j];
      }
      if (i === 0 || l === 1) continue;
      const [s, x] = [trace.s[l - 1][i - 1], trace.x[l - 1][i - 1]];
      Rdelta[l - 1][i - 1] = curvature(theta[l - 1], s, x) * Rs[l - 1][i - 1] * wDelta + slope(theta[l - 1], s, x) * RwDelta;
    }
  }
}

/** The forward trace and |δ| of one sample: what every column of M, and checkNetworkHessian's rounding floors, start from. */
export function magnitudeTrace(network: Network, input: ArrayLike<number>, target: ArrayLike<number>): { trace: Trace; delta: Float64Array[] } {
  const { spec, layout, parameters: w } = network;
  const { d, theta } = spec;
  const L = d.length - 1;
  const trace = createTrace(d);
  forwardPass(spec, layout, w, input, trace);
  const delta = createTrace(d).x.map((a, l) => (l === 0 ? new Float64Array(0) : a));
  outputDeltaMagnitude(spec, trace, target, delta[L]);
  for (let l = L; l > 1; l--)
    for (let i = 1; i <= d[l - 1]; i++) {
      let sum = 0;
      for (let j = 0; j < d[l]; j++) sum += Math.abs(w[layout.offset[l] + i * d[l] + j]) * delta[l][j];
      delta[l - 1][i - 1] = slope(theta[l - 1], trace.s[l - 1][i - 1], trace.x[l - 1][i - 1]) * sum;
    }
  return { trace, delta };
}

/** M = |∇²|e(w) on one sample, row-major n×n (column k from the pass along e_k; M is symmetric in exact arithmetic, as H is). */
export function hessianMagnitudes(network: Network, input: ArrayLike<number>, target: ArrayLike<number>): Float64Array {
  const n = network.layout.size;
  const { trace, delta } = magnitudeTrace(network, input, target);
  const out = new Float64Array(n * n);
  const column = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    magnitudePass(network.spec, network.layout, network.parameters, trace, delta, target, k, column);
    out.set(column, k * n);
  }
  return out;
}
