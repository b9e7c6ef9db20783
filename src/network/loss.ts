/**
 * Pointwise errors e(w) on one sample, each beside its output δ^(L) = ∂e/∂s^(L).
 */
import type { Activation, ElementwiseActivation } from "./activations.js";

/** The pointwise error e by name: squared, e = Σ_j (x_j − y_j)², or cross-entropy. */
export type Loss = "squared" | "cross-entropy";
export const losses: readonly Loss[] = ["squared", "cross-entropy"];

/** θ'(s) given s and x = θ(s): the seam through which backprop takes its derivatives. */
export type Derivative = (activation: ElementwiseActivation, s: number, x: number) => number;

/** ln(1 + e^s) without overflow. */
function softplus(s: number): number {
  return Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s)));
}

/**
 * e on one sample, from the output layer's s^(L) and x^(L):
 * - squared: e = Σ_j (x_j − y_j)², no ½ factor;
 * - cross-entropy, softmax output: e = −Σ_j y_j ln x_j, with ln x_j = s_j − ln Σ_k e^{s_k};
 * - cross-entropy, sigmoid output (d_L = 1): e = −[y ln x + (1 − y) ln(1 − x)],
 *   computed as y·ln(1 + e^−s) + (1 − y)·ln(1 + e^s), which stays finite when x rounds to 0 or 1.
 */
export function pointError(loss: Loss, activation: Activation, s: Float64Array, x: Float64Array, y: ArrayLike<number>): number {
  let e = 0;
  if (loss === "squared") {
    for (let j = 0; j < x.length; j++) e += (x[j] - y[j]) * (x[j] - y[j]);
    return e;
  }
  if (activation === "sigmoid") return y[0] * softplus(-s[0]) + (1 - y[0]) * softplus(s[0]);
  let max = -Infinity;
  for (let j = 0; j < s.length; j++) if (s[j] > max) max = s[j];
  let sum = 0;
  for (let j = 0; j < s.length; j++) sum += Math.exp(s[j] - max);
  const logSum = max + Math.log(sum);
  for (let j = 0; j < s.length; j++) if (y[j] !== 0) e -= y[j] * (s[j] - logSum);
  return e;
}

/**
 * δ_j^(L) = ∂e/∂s_j^(L), written into `delta`:
 * - squared, elementwise θ: δ_j = 2 (x_j − y_j) θ'(s_j); for tanh, 2 (x_j − y_j)(1 − x_j²);
 * - squared, softmax: δ_j = x_j (g_j − Σ_k x_k g_k) with g_k = 2 (x_k − y_k), since ∂x_k/∂s_j = x_k([k = j] − x_j);
 * - cross-entropy, softmax: δ_j = x_j Σ_k y_k − y_j, which is x_j − y_j when the targets sum to 1;
 * - cross-entropy, sigmoid: δ = x − y.
 */
export function outputDelta(
  loss: Loss,
  activation: Activation,
  s: Float64Array,
  x: Float64Array,
  y: ArrayLike<number>,
  delta: Float64Array,
  derivative: Derivative,
): void {
  if (loss === "cross-entropy") {
    let total = 0;
    for (let j = 0; j < x.length; j++) total += y[j];
    for (let j = 0; j < x.length; j++) delta[j] = activation === "sigmoid" ? x[j] - y[j] : x[j] * total - y[j];
    return;
  }
  if (activation === "softmax") {
    let xg = 0;
    for (let k = 0; k < x.length; k++) xg += x[k] * 2 * (x[k] - y[k]);
    for (let j = 0; j < x.length; j++) delta[j] = x[j] * (2 * (x[j] - y[j]) - xg);
    return;
  }
  for (let j = 0; j < x.length; j++) delta[j] = 2 * (x[j] - y[j]) * derivative(activation, s[j], x[j]);
}
