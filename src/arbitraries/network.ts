/**
 * Network arbitraries: architectures, activations, valid (output activation, loss) pairs,
 * whole networks built with createNetwork, and samples whose targets are valid for the loss.
 */
import fc from "fast-check";
import type { Activation, ElementwiseActivation } from "../network/activations.js";
import type { Loss } from "../network/loss.js";
import { createNetwork, type Network, type Sample } from "../network/network.js";
import type { NetworkSpec } from "../network/spec.js";
import { input, probabilityVector, TARGET_RANGE, vector, type WeightKind, weights } from "./numbers.js";

/** The activations allowed below the output layer (softmax is output-only). */
export const hiddenActivations: readonly ElementwiseActivation[] = ["tanh", "sigmoid", "relu", "identity"];

/** An output activation θ_L with a loss it can be paired with. */
export interface Head {
  readonly activation: Activation;
  readonly loss: Loss;
}

/**
 * Every valid head: squared error after any activation; cross-entropy after softmax, or after
 * sigmoid with one output unit (`networkCase` forces d_L = 1 for that pair).
 */
export const heads: readonly Head[] = [
  { activation: "tanh", loss: "squared" },
  { activation: "sigmoid", loss: "squared" },
  { activation: "relu", loss: "squared" },
  { activation: "identity", loss: "squared" },
  { activation: "softmax", loss: "squared" },
  { activation: "softmax", loss: "cross-entropy" },
  { activation: "sigmoid", loss: "cross-entropy" },
];

/** "softmax + cross-entropy": a head's name in property titles. */
export const headName = (head: Head): string => `${head.activation} + ${head.loss}`;

/** What `architecture`, `spec` and `networkCase` may draw. Defaults: depth L = 1–4, widths 1–8, all hidden activations, all heads, both weight kinds. */
export interface NetworkConstraints {
  minDepth?: number;
  maxDepth?: number;
  minWidth?: number;
  maxWidth?: number;
  /** Activations for layers 1..L−1, drawn per layer. */
  hidden?: readonly ElementwiseActivation[];
  /** Output activation and loss pairs. */
  heads?: readonly Head[];
  /** Kinds of weights. */
  weights?: readonly WeightKind[];
}

/** Widths d = [d0, …, dL] with L in [minDepth, maxDepth] (default 1–4) and every width in [minWidth, maxWidth] (default 1–8). */
export function architecture(constraints: NetworkConstraints = {}): fc.Arbitrary<number[]> {
  const { minDepth = 1, maxDepth = 4, minWidth = 1, maxWidth = 8 } = constraints;
  const width = fc.integer({ min: minWidth, max: maxWidth });
  return fc.array(width, { minLength: minDepth + 1, maxLength: maxDepth + 1 });
}

/**
 * A valid NetworkSpec: an architecture, an activation per hidden layer, and a head. For sigmoid +
 * cross-entropy the output width is set to 1.
 */
export function spec(constraints: NetworkConstraints = {}): fc.Arbitrary<NetworkSpec> {
  const hidden = constraints.hidden ?? hiddenActivations;
  const allowedHeads = constraints.heads ?? heads;
  return fc.tuple(architecture(constraints), fc.constantFrom(...allowedHeads)).chain(([layers, head]) => {
    const d = head.activation === "sigmoid" && head.loss === "cross-entropy" ? [...layers.slice(0, -1), 1] : layers;
    const L = d.length - 1;
    return fc
      .array(fc.constantFrom(...hidden), { minLength: L - 1, maxLength: L - 1 })
      .map((below): NetworkSpec => ({ layers: d, activation: [...below, head.activation], loss: head.loss }));
  });
}

/** A target valid for the spec's loss: a probability vector (softmax + cross-entropy), y in [0, 1] (sigmoid + cross-entropy), or reals in [−2, 2] (squared). */
export function target(networkSpec: NetworkSpec): fc.Arbitrary<number[]> {
  const dL = networkSpec.layers[networkSpec.layers.length - 1];
  if (networkSpec.loss !== "cross-entropy") return vector(dL, -TARGET_RANGE, TARGET_RANGE);
  const output = typeof networkSpec.activation === "string" ? networkSpec.activation : networkSpec.activation[networkSpec.activation.length - 1];
  return output === "softmax" ? probabilityVector(dL) : vector(1, 0, 1);
}

/** One sample { input, target } for the spec: input in [−2, 2]^d0, target valid for the loss. */
export function sample(networkSpec: NetworkSpec): fc.Arbitrary<Sample> {
  return fc.record({ input: input(networkSpec.layers[0]), target: target(networkSpec) });
}

/** 1 to `maxLength` (default 4) samples for the spec. */
export function samples(networkSpec: NetworkSpec, maxLength = 4): fc.Arbitrary<Sample[]> {
  return fc.array(sample(networkSpec), { minLength: 1, maxLength });
}

/**
 * A network with the parameters it was built from. It prints as the createNetwork call that
 * rebuilds it (every weight in full precision), so a shrunk counterexample can be replayed.
 */
export interface NetworkCase {
  readonly spec: NetworkSpec;
  /** The flat parameters (layout of src/network/layout.ts), as drawn. */
  readonly parameters: readonly number[];
  /** createNetwork(spec, parameters). */
  readonly network: Network;
  /** 1 to 4 samples valid for the spec. */
  readonly samples: readonly Sample[];
}

/** The number of parameters of an architecture: Σ_l (d(l−1) + 1)·d(l). */
export function parameterCount(layers: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < layers.length; l++) n += (layers[l - 1] + 1) * layers[l];
  return n;
}

const describeCase = (c: Omit<NetworkCase, "network">): string =>
  `createNetwork(${JSON.stringify(c.spec)}, ${JSON.stringify(c.parameters)}) with samples ${JSON.stringify(c.samples)}`;

/** A whole network (spec, weights of the allowed kinds, built with createNetwork) and 1 to `maxSamples` (default 4) samples for it. */
export function networkCase(constraints: NetworkConstraints = {}, maxSamples = 4): fc.Arbitrary<NetworkCase> {
  return spec(constraints).chain((s) =>
    fc.tuple(weights(parameterCount(s.layers), constraints.weights), samples(s, maxSamples)).map(([parameters, drawn]) => {
      const c = { spec: s, parameters, samples: drawn };
      return { ...c, network: createNetwork(s, parameters), [fc.toStringMethod]: () => describeCase(c) };
    }),
  );
}
