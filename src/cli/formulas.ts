/**
 * The textbook formulas the explain command prints, in the notation: θ'(s) per activation,
 * δ^(L) per activation and loss. They are text; the numbers come from the engine and the oracle.
 */
import type { Activation, ElementwiseActivation } from "../network/activations.js";
import type { Loss } from "../network/loss.js";

export const thetaPrime: Readonly<Record<ElementwiseActivation, string>> = {
  tanh: "1 − x²",
  sigmoid: "x (1 − x)",
  relu: "[s > 0]",
  identity: "1",
};

/** δ_j^(L) = ∂e/∂s_j^(L) for an output activation and a loss (see network/loss.ts). */
export function outputDeltaFormula(activation: Activation, loss: Loss): string {
  if (loss === "cross-entropy") return activation === "sigmoid" ? "x − y" : "x_j Σ_k y_k − y_j  (= x_j − y_j when the targets sum to 1)";
  if (activation === "softmax") return "x_j (g_j − Σ_k x_k g_k),  g_k = 2 (x_k − y_k)";
  if (activation === "identity") return "2 (x − y)";
  return `2 (x − y) θ'(s) = 2 (x − y) · ${thetaPrime[activation].includes(" ") ? `(${thetaPrime[activation]})` : thetaPrime[activation]}`;
}

/** e on one sample, for the headline. */
export function errorFormula(activation: Activation, loss: Loss): string {
  if (loss === "squared") return "e = Σ_j (x_j^(L) − y_j)²";
  return activation === "sigmoid" ? "e = −[y ln x + (1 − y) ln(1 − x)]" : "e = −Σ_j y_j ln x_j^(L)";
}
