/**
 * Four classic backprop mistakes, each a BackpropRules that differs from the engine's in one
 * rule. They are injected through buildNetwork (the test-only seam of src/network/network.ts),
 * never by editing the source, so the proof keeps biting as the engine changes.
 */
import { type BackpropRules, backpropRules } from "../src/network/backprop.js";

export interface Mutant {
  /** The mistake, in words. */
  readonly name: string;
  readonly rules: BackpropRules;
}

export const mutants: readonly Mutant[] = [
  {
    name: "(a) θ'(s) = 1 − tanh²(x), applying tanh again to x = tanh(s)",
    rules: {
      ...backpropRules,
      derivative: (activation, s, x) => (activation === "tanh" ? 1 - Math.tanh(x) ** 2 : backpropRules.derivative(activation, s, x)),
    },
  },
  {
    name: "(b) the factor 2 missing from the squared-error δ^(L)",
    rules: {
      ...backpropRules,
      outputDelta(loss, activation, s, x, y, delta, derivative) {
        backpropRules.outputDelta(loss, activation, s, x, y, delta, derivative);
        if (loss === "squared") for (let j = 0; j < delta.length; j++) delta[j] /= 2;
      },
    },
  },
  {
    name: "(c) the bias gradient dropped: ∂e/∂w_0j = 0",
    rules: { ...backpropRules, gradient: (i, x, delta) => (i === 0 ? 0 : x * delta) },
  },
  {
    name: "(d) a transposed weight in the δ recursion: w_ji^(l) read for w_ij^(l)",
    rules: {
      ...backpropRules,
      // Reads W^T: row j + 1, column i − 1 of the non-bias weights, where that entry exists
      // (always, for a square layer); elsewhere the right weight, as a loop over min(d(l−1), d(l)) would.
      weight: (w, layout, l, i, j) =>
        j + 1 <= layout.d[l - 1] && i - 1 < layout.d[l]
          ? w[layout.offset[l] + (j + 1) * layout.d[l] + (i - 1)]
          : backpropRules.weight(w, layout, l, i, j),
    },
  },
];
