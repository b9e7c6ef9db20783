/**
 * The backprop engine for multilayer perceptrons, in the notation of Learning From Data:
 * layers l = 0..L with widths d(l), bias input x_0^(l−1) = 1,
 *
 *     s_j^(l) = Σ_{i=0..d(l−1)} w_ij^(l) x_i^(l−1),     x_j^(l) = θ_l(s_j^(l)),
 *
 * and δ_j^(l) = ∂e/∂s_j^(l). The forward rule and its backward rule sit together below.
 */
import { activate, elementwise } from "./activations.js";
import type { Layout } from "./layout.js";
import { type Derivative, outputDelta } from "./loss.js";
import type { ResolvedSpec } from "./spec.js";

/** s^(l) and x^(l) for l = 0..L; s[0] is empty and x[0] is the input. */
export interface Trace {
  s: Float64Array[];
  x: Float64Array[];
}

/**
 * The rules backprop applies. They are one record so that the test suite can swap one
 * for a known mistake and show that the properties catch it; the library uses `backpropRules`.
 */
export interface BackpropRules {
  /** θ'(s), given s and x = θ(s). */
  derivative: Derivative;
  /** δ^(L) = ∂e/∂s^(L). */
  outputDelta: typeof outputDelta;
  /** The weight w_ij^(l) the recursion reads. */
  weight(w: Float64Array, layout: Layout, l: number, i: number, j: number): number;
  /** ∂e/∂w_ij^(l) from x_i^(l−1) (x_0 = 1) and δ_j^(l). */
  gradient(i: number, x: number, delta: number): number;
}

export const backpropRules: BackpropRules = {
  derivative: (activation, s, x) => elementwise[activation].derivative(s, x),
  outputDelta,
  weight: (w, layout, l, i, j) => w[layout.offset[l] + i * layout.d[l] + j],
  gradient: (_i, x, delta) => x * delta,
};

export function createTrace(d: readonly number[]): Trace {
  return { s: d.map((n, l) => new Float64Array(l === 0 ? 0 : n)), x: d.map((n) => new Float64Array(n)) };
}

/**
 * Forward: s_j^(l) = w_0j^(l) + Σ_{i=1..d(l−1)} w_ij^(l) x_i^(l−1), then x^(l) = θ_l(s^(l)).
 * Arrays x[l] hold x_1..x_d (no bias entry): x_i^(l−1) is x[l−1][i−1].
 */
export function forwardPass(spec: ResolvedSpec, layout: Layout, w: Float64Array, input: ArrayLike<number>, trace: Trace): void {
  trace.x[0].set(input);
  for (let l = 1; l < spec.d.length; l++) forwardLayer(spec, layout, w, l, trace.x[l - 1], trace.s[l], trace.x[l]);
}

/**
 * Below this width a layer's s_j are summed one j at a time (a dot product down column j);
 * from it on, a row of weights at a time (contiguous memory). Both add the terms in the same
 * order i = 0, 1, …, d(l−1), so the choice changes speed, never a bit of s. 8 is where the
 * row form overtook on [68,91,40,1] and [784,128,10] here.
 */
const NARROW = 8;

/** One layer of the forward pass: s^(l) from x^(l−1) (bias x_0 = 1 implied), then x^(l) = θ_l(s^(l)). */
export function forwardLayer(
  spec: ResolvedSpec,
  layout: Layout,
  w: Float64Array,
  l: number,
  xPrev: Float64Array,
  s: Float64Array,
  x: Float64Array,
): void {
  weightedSums(layout, w, l, xPrev, s);
  activate(spec.theta[l], s, x);
}

/**
 * s_j^(l) = w_0j^(l) + Σ_{i=1..d(l−1)} w_ij^(l) x_i^(l−1) for every j, with any weights w in the flat layout.
 * The row form takes four rows per sweep: s_j + a_1 + a_2 + a_3 + a_4 rounds exactly like four sweeps.
 */
export function weightedSums(layout: Layout, w: Float64Array, l: number, xPrev: Float64Array, s: Float64Array): void {
  const base = layout.offset[l];
  const width = layout.d[l];
  const fanIn = layout.d[l - 1];
  if (width < NARROW) {
    for (let j = 0; j < width; j++) {
      let sum = w[base + j];
      for (let i = 1, k = base + width + j; i <= fanIn; i++, k += width) sum += w[k] * xPrev[i - 1];
      s[j] = sum;
    }
    return;
  }
  for (let j = 0; j < width; j++) s[j] = w[base + j];
  let i = 1;
  for (; i + 3 <= fanIn; i += 4) {
    const x1 = xPrev[i - 1],
      x2 = xPrev[i],
      x3 = xPrev[i + 1],
      x4 = xPrev[i + 2];
    const r1 = base + i * width,
      r2 = r1 + width,
      r3 = r2 + width,
      r4 = r3 + width;
    for (let j = 0; j < width; j++) s[j] = s[j] + w[r1 + j] * x1 + w[r2 + j] * x2 + w[r3 + j] * x3 + w[r4 + j] * x4;
  }
  for (; i <= fanIn; i++) {
    const xi = xPrev[i - 1];
    const row = base + i * width;
    for (let j = 0; j < width; j++) s[j] += w[row + j] * xi;
  }
}

/**
 * Backward, from a forward trace:
 *
 *     δ^(L) = ∂e/∂s^(L)                                  (loss.ts; tanh + squared: 2 (x − y)(1 − x²))
 *     δ_i^(l−1) = θ'(s_i^(l−1)) Σ_{j=1..d(l)} w_ij^(l) δ_j^(l),   i = 1..d(l−1) (the bias input has no δ)
 *     ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l),                     x_0^(l−1) = 1
 *
 * Writes `delta` and `gradient` (added to `gradient` with weight `scale`, so a batch can accumulate).
 * Row i of layer l is swept once for both its gradient and its share of δ_i^(l−1).
 */
export function backwardPass(
  spec: ResolvedSpec,
  layout: Layout,
  w: Float64Array,
  trace: Trace,
  target: ArrayLike<number>,
  delta: Float64Array[],
  gradient: Float64Array,
  scale: number,
  rules: BackpropRules = backpropRules,
): void {
  const { d, theta } = spec;
  const L = d.length - 1;
  const sweep = rules === backpropRules ? sweepRow : sweepRowWith;
  rules.outputDelta(spec.loss, theta[L], trace.s[L], trace.x[L], target, delta[L], rules.derivative);
  for (let l = L; l >= 1; l--) {
    const hidden = theta[l - 1];
    if (hidden === "softmax") throw new Error("softmax below the output layer"); // resolveSpec forbids it
    const xPrev = trace.x[l - 1];
    const sPrev = trace.s[l - 1];
    sweep(rules, w, layout, l, 0, 1, delta[l], gradient, scale, false);
    for (let i = 1; i <= d[l - 1]; i++) {
      const sum = sweep(rules, w, layout, l, i, xPrev[i - 1], delta[l], gradient, scale, l > 1);
      if (l > 1) delta[l - 1][i - 1] = rules.derivative(hidden, sPrev[i - 1], xPrev[i - 1]) * sum;
    }
  }
}

/**
 * One row i of layer l: ∂e/∂w_ij^(l) += scale·x_i δ_j for every j, and, when `recurse`, returns
 * Σ_j w_ij^(l) δ_j (else 0). `sweepRow` is the library's rules written out; `sweepRowWith` calls
 * the rules' hooks per element, which cost 40–70 % of the sweep when measured, so it runs only
 * for rules other than `backpropRules`. Same arithmetic, same order.
 */
type Sweep = (
  rules: BackpropRules,
  w: Float64Array,
  layout: Layout,
  l: number,
  i: number,
  xi: number,
  delta: Float64Array,
  gradient: Float64Array,
  scale: number,
  recurse: boolean,
) => number;

const sweepRow: Sweep = (_rules, w, layout, l, i, xi, delta, gradient, scale, recurse) => {
  const width = delta.length;
  const row = layout.offset[l] + i * width;
  let sum = 0;
  if (!recurse) for (let j = 0; j < width; j++) gradient[row + j] += scale * (xi * delta[j]);
  else
    for (let j = 0; j < width; j++) {
      gradient[row + j] += scale * (xi * delta[j]);
      sum += w[row + j] * delta[j];
    }
  return sum;
};

const sweepRowWith: Sweep = (rules, w, layout, l, i, xi, delta, gradient, scale, recurse) => {
  const width = delta.length;
  const row = layout.offset[l] + i * width;
  let sum = 0;
  for (let j = 0; j < width; j++) {
    gradient[row + j] += scale * rules.gradient(i, xi, delta[j]);
    if (recurse) sum += rules.weight(w, layout, l, i, j) * delta[j];
  }
  return sum;
};
