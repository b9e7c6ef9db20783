/**
 * Activations θ, each forward rule beside its derivative θ'(s). The derivative is
 * written in terms of both s and x = θ(s), in the textbook form (tanh: 1 − x²).
 * Softmax couples its outputs, so its derivative is a Jacobian and lives in loss.ts,
 * where the output δ is formed; it is allowed at the output layer only.
 */
/** An activation θ by name. Softmax is allowed at the output layer only. */
export type Activation = "tanh" | "sigmoid" | "relu" | "identity" | "softmax";
export type ElementwiseActivation = Exclude<Activation, "softmax">;

export const activations: readonly Activation[] = ["tanh", "sigmoid", "relu", "identity", "softmax"];

interface Elementwise {
  /** x = θ(s) */
  theta(s: number): number;
  /** θ'(s), given s and x = θ(s) */
  derivative(s: number, x: number): number;
  /** θ''(s), given s and x = θ(s): what the Hessian's R-operator needs (network/hessian.ts) */
  second(s: number, x: number): number;
}

export const elementwise: Readonly<Record<ElementwiseActivation, Elementwise>> = {
  /** θ(s) = tanh s;  θ'(s) = 1 − tanh² s = 1 − x²;  θ''(s) = −2x(1 − x²) */
  tanh: { theta: Math.tanh, derivative: (_s, x) => 1 - x * x, second: (_s, x) => -2 * x * (1 - x * x) },
  /** θ(s) = 1 / (1 + e^−s);  θ'(s) = x (1 − x);  θ''(s) = x (1 − x)(1 − 2x) */
  sigmoid: { theta: (s) => 1 / (1 + Math.exp(-s)), derivative: (_s, x) => x * (1 - x), second: (_s, x) => x * (1 - x) * (1 - 2 * x) },
  /** θ(s) = max(0, s);  θ'(s) = 1 for s > 0, else 0 (a kink at s = 0);  θ''(s) = 0 away from the kink */
  relu: { theta: (s) => Math.max(s, 0), derivative: (s) => (s > 0 ? 1 : 0), second: () => 0 },
  /** θ(s) = s;  θ'(s) = 1;  θ''(s) = 0 */
  identity: { theta: (s) => s, derivative: () => 1, second: () => 0 },
};

/**
 * x_j = e^{s_j} / Σ_k e^{s_k}, computed as e^{s_j − max s} so that no term overflows.
 */
export function softmax(s: Float64Array, x: Float64Array): void {
  let max = -Infinity;
  for (let j = 0; j < s.length; j++) if (s[j] > max) max = s[j];
  let sum = 0;
  for (let j = 0; j < s.length; j++) {
    x[j] = Math.exp(s[j] - max);
    sum += x[j];
  }
  for (let j = 0; j < s.length; j++) x[j] /= sum;
}

/** x = θ(s) for a whole layer. */
export function activate(activation: Activation, s: Float64Array, x: Float64Array): void {
  if (activation === "softmax") {
    softmax(s, x);
    return;
  }
  const { theta } = elementwise[activation];
  for (let j = 0; j < s.length; j++) x[j] = theta(s[j]);
}
