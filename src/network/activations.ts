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

/** 1 − x² for x = tanh s, keeping its digits where the unit saturates (see tanh below). */
function tanhSlope(s: number, x: number): number {
  if (Math.abs(x) < 0.5) return 1 - x * x;
  const e = Math.exp(-2 * Math.abs(s));
  return (4 * e) / ((1 + e) * (1 + e));
}

export const elementwise: Readonly<Record<ElementwiseActivation, Elementwise>> = {
  /**
   * θ(s) = tanh s;  θ'(s) = 1 − tanh² s = 1 − x²;  θ''(s) = −2x(1 − x²).
   * Once |x| ≥ ½, 1 − x² is computed as sech² s = 4e^{−2|s|} / (1 + e^{−2|s|})², from s: x rounds
   * toward ±1 as the unit saturates, and 1 − x keeps only ε / (1 − x) of its digits (none once
   * tanh s rounds to 1, near |s| ≈ 19), while the true slope is still 4e^{−2|s|}.
   */
  tanh: { theta: Math.tanh, derivative: (s, x) => tanhSlope(s, x), second: (s, x) => -2 * x * tanhSlope(s, x) },
  /**
   * θ(s) = 1 / (1 + e^−s);  θ'(s) = x (1 − x);  θ''(s) = x (1 − x)(1 − 2x).
   * 1 − x is computed as θ(−s) = 1 / (1 + e^s), from s, for the same reason as tanh's 1 − x².
   */
  sigmoid: {
    theta: (s) => 1 / (1 + Math.exp(-s)),
    derivative: (s, x) => x / (1 + Math.exp(s)),
    second: (s, x) => (x / (1 + Math.exp(s))) * (1 - 2 * x),
  },
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
