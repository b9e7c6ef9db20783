/**
 * What a network is, as data, and the checks that turn a user's description into one.
 */
import { InvalidArgumentError } from "../base/errors.js";
import { type Activation, activations } from "./activations.js";
import { type Loss, losses } from "./loss.js";

/** A network architecture as data: the widths, the activations and the loss. */
export interface NetworkSpec {
  /** Widths d = [d0, …, dL]: input width first, output width last. */
  layers: readonly number[];
  /** θ for every layer 1..L, or one entry per layer. Softmax only at the output. */
  activation: Activation | readonly Activation[];
  /** The pointwise error; squared by default. */
  loss?: Loss;
}

/** A checked spec: one activation per layer, index l = 1..L (index 0 unused). */
export interface ResolvedSpec {
  readonly d: readonly number[];
  readonly theta: readonly Activation[];
  readonly loss: Loss;
}

const isWidth = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 1;

export function resolveSpec(fn: string, spec: NetworkSpec): ResolvedSpec {
  if (typeof spec !== "object" || spec === null) throw new InvalidArgumentError(fn, "spec", "an object { layers, activation, loss? }", spec);
  const { layers } = spec;
  if (!Array.isArray(layers) || layers.length < 2 || !layers.every(isWidth))
    throw new InvalidArgumentError(fn, "spec.layers", "an array of at least 2 positive integers", layers);
  const L = layers.length - 1;
  const given = spec.activation;
  const list = typeof given === "string" ? Array<Activation>(L).fill(given) : given;
  if (!Array.isArray(list) || list.length !== L)
    throw new InvalidArgumentError(fn, "spec.activation", `one activation or an array of ${L} (one per layer 1..${L})`, given);
  list.forEach((a, k) => {
    if (!activations.includes(a)) throw new InvalidArgumentError(fn, `spec.activation[${k}]`, `one of ${activations.join(", ")}`, a);
    if (a === "softmax" && k !== L - 1)
      throw new InvalidArgumentError(
        fn,
        `spec.activation[${k}]`,
        `one of ${activations.filter((b) => b !== "softmax").join(", ")} (softmax is allowed at the output layer only)`,
        a,
      );
  });
  const loss = spec.loss ?? "squared";
  if (!losses.includes(loss)) throw new InvalidArgumentError(fn, "spec.loss", `one of ${losses.join(", ")}`, loss);
  const output = list[L - 1];
  if (loss === "cross-entropy" && !(output === "softmax" || (output === "sigmoid" && layers[L] === 1)))
    throw new InvalidArgumentError(fn, "spec.activation", "softmax, or sigmoid with one output unit, at the output layer for cross-entropy", given);
  return { d: [...layers], theta: ["identity", ...list], loss };
}

/** Checks that `values` is an array-like of `length` finite numbers. */
export function checkVector(fn: string, argument: string, values: unknown, length: number): asserts values is ArrayLike<number> {
  const like = values as ArrayLike<unknown> | null | undefined;
  if (typeof like !== "object" || like === null || typeof like.length !== "number")
    throw new InvalidArgumentError(fn, argument, `an array of ${length} finite numbers`, values);
  if (like.length !== length) throw new InvalidArgumentError(fn, `${argument}.length`, `${length}`, like.length);
  for (let k = 0; k < length; k++)
    if (typeof like[k] !== "number" || !Number.isFinite(like[k])) throw new InvalidArgumentError(fn, `${argument}[${k}]`, "a finite number", like[k]);
}

/** A target valid for the loss: cross-entropy targets lie in [0, 1]. */
export function checkTarget(fn: string, spec: ResolvedSpec, target: unknown, argument = "target"): asserts target is ArrayLike<number> {
  const L = spec.d.length - 1;
  checkVector(fn, argument, target, spec.d[L]);
  if (spec.loss !== "cross-entropy") return;
  for (let j = 0; j < spec.d[L]; j++)
    if (target[j] < 0 || target[j] > 1) throw new InvalidArgumentError(fn, `${argument}[${j}]`, "in [0, 1] for cross-entropy", target[j]);
}
