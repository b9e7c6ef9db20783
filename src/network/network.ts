/**
 * A network as an object: its spec, layout and weights, and the per-sample and batch
 * operations people call (forward, error, backward, mean error and gradient, an SGD step), each
 * checking its arguments and then running the engine in backprop.ts.
 */
import { checkOptions, InvalidArgumentError } from "../base/errors.js";
import { createRandom } from "../base/random.js";
import { type BackpropRules, backpropRules, backwardPass, createTrace, forwardPass, type Trace } from "./backprop.js";
import { createLayout, type Layout } from "./layout.js";
import { pointError } from "./loss.js";
import { checkTarget, checkVector, type NetworkSpec, type ResolvedSpec, resolveSpec } from "./spec.js";

/** One data point: an input x^(0) and its target y. */
export interface Sample {
  input: ArrayLike<number>;
  target: ArrayLike<number>;
}

/** What backpropagation returns for one sample. */
export interface Backward {
  /** e on this sample. */
  error: number;
  /** δ^(l) for l = 0..L; delta[0] is empty (the input has no δ). */
  delta: Float64Array[];
  /** ∂e/∂w in the flat layout. */
  gradient: Float64Array;
}

/** A multilayer perceptron with its weights, forward pass and backprop; made by createNetwork. */
export interface Network {
  /** Widths d = [d0, …, dL]. */
  readonly layers: readonly number[];
  readonly spec: ResolvedSpec;
  readonly layout: Layout;
  /** All weights in the flat layout; the network reads them on every call. */
  readonly parameters: Float64Array;
  forward(input: ArrayLike<number>): Trace;
  /** e(w) on one sample. */
  error(input: ArrayLike<number>, target: ArrayLike<number>): number;
  /** Backpropagation on one sample. */
  backward(input: ArrayLike<number>, target: ArrayLike<number>): Backward;
  /** E_in = (1/N) Σ_n e_n. */
  meanError(samples: readonly Sample[]): number;
  /** E_in and ∇E_in = (1/N) Σ_n ∇e_n. */
  meanGradient(samples: readonly Sample[]): { error: number; gradient: Float64Array };
  /** One step of stochastic gradient descent on one sample, in place: w ← w − η ∇e_n. Returns e_n before the step. */
  sgdStep(sample: Sample, eta: number): number;
}

/** Options for createNetwork. */
export interface NetworkOptions {
  /** Seed for the initial weights when no parameters are given (default 1). */
  seed?: number;
  /** Largest parameter count accepted (default MAX_PARAMETERS): a larger network is refused before anything is allocated. */
  maxParameters?: number;
}

/** The keys NetworkOptions has: any other key is a typo, refused (a record, so that a new option must be listed to compile). */
const NETWORK_OPTION_KEY_SET: Readonly<Record<keyof NetworkOptions, true>> = { seed: true, maxParameters: true };
const NETWORK_OPTION_KEYS: readonly string[] = Object.keys(NETWORK_OPTION_KEY_SET);

/**
 * createNetwork's default size limit: 2²⁷ parameters, 1 GiB of Float64 weights before the gradient, the
 * traces and a check's per-coordinate arrays multiply it. Past it a typo ([1e9, 1]) would take minutes and
 * gigabytes; options.maxParameters raises it.
 */
export const MAX_PARAMETERS = 2 ** 27;

/** Initial weights: w_ij^(l) ~ N(0, 1/(d(l−1) + 1)), from a seeded generator. */
function initialWeights(layout: Layout, seed: number): Float64Array {
  const random = createRandom(seed);
  const w = new Float64Array(layout.size);
  for (let l = 1; l < layout.d.length; l++) {
    const scale = 1 / Math.sqrt(layout.d[l - 1] + 1);
    for (let k = layout.offset[l]; k < layout.offset[l + 1]; k++) w[k] = scale * random.normal();
  }
  return w;
}

/**
 * A network for `spec`, with a copy of `parameters` (flat layout) or seeded initial weights.
 *
 * @example
 * const net = createNetwork({ layers: [1, 1], activation: "tanh" }, [0.1, 0.5]);
 * // s = 0.1 + 0.5·2 = 1.1, x = tanh 1.1, δ = 2(x − 0)(1 − x²), ∂e/∂w = [δ, 2δ]
 * net.backward([2], [0]).gradient;
 */
export function createNetwork(spec: NetworkSpec, parameters?: ArrayLike<number>, options: NetworkOptions = {}): Network {
  return buildNetwork(spec, parameters, options, backpropRules);
}

/** createNetwork with the backprop rules given: the seam the mutation tests use. Not exported from the package. */
export function buildNetwork(spec: NetworkSpec, parameters: ArrayLike<number> | undefined, options: NetworkOptions, rules: BackpropRules): Network {
  const resolved = resolveSpec("createNetwork", spec);
  const layout = createLayout(resolved.d);
  const checked = checkOptions("createNetwork", options, "options", NETWORK_OPTION_KEYS);
  const seed = checked.seed ?? 1;
  if (!Number.isInteger(seed)) throw new InvalidArgumentError("createNetwork", "options.seed", "an integer", seed);
  const limit = checked.maxParameters ?? MAX_PARAMETERS;
  if (typeof limit !== "number" || !(limit >= 1)) throw new InvalidArgumentError("createNetwork", "options.maxParameters", "a number ≥ 1", limit);
  if (!(layout.size <= limit))
    throw new InvalidArgumentError(
      "createNetwork",
      "spec.layers",
      `a network of at most ${limit} parameters (options.maxParameters raises the limit); these widths give ${layout.size} parameters, ${(layout.size * 8) / 2 ** 30 >= 1 ? `${((layout.size * 8) / 2 ** 30).toFixed(1)} GiB` : `${((layout.size * 8) / 2 ** 20).toFixed(1)} MiB`} of weights alone`,
      spec.layers,
    );
  if (parameters !== undefined) checkVector("createNetwork", "parameters", parameters, layout.size);
  const w = parameters === undefined ? initialWeights(layout, seed) : Float64Array.from(parameters);
  const { d } = resolved;
  const L = d.length - 1;
  const scratch = createTrace(d);
  const scratchDelta = createTrace(d).x.map((a, l) => (l === 0 ? new Float64Array(0) : a));

  const run = (fn: string, input: ArrayLike<number>, trace: Trace): Trace => {
    checkVector(fn, "input", input, d[0]);
    forwardPass(resolved, layout, w, input, trace);
    return trace;
  };
  const errorOf = (fn: string, input: ArrayLike<number>, target: ArrayLike<number>, trace: Trace): number => {
    run(fn, input, trace);
    checkTarget(fn, resolved, target);
    return pointError(resolved.loss, resolved.theta[L], trace.s[L], trace.x[L], target);
  };
  const checkSample = (fn: string, sample: Sample, argument: string): void => {
    if (typeof sample !== "object" || sample === null) throw new InvalidArgumentError(fn, argument, "an object { input, target }", sample);
  };
  const checkSamples = (fn: string, samples: readonly Sample[]): void => {
    if (!Array.isArray(samples) || samples.length === 0)
      throw new InvalidArgumentError(fn, "samples", "a non-empty array of { input, target }", samples);
    for (const [n, sample] of samples.entries()) checkSample(fn, sample, `samples[${n}]`);
  };

  const network: Network = {
    layers: d,
    spec: resolved,
    layout,
    parameters: w,
    forward: (input) => run("forward", input, createTrace(d)),
    error: (input, target) => errorOf("error", input, target, scratch),
    backward(input, target) {
      const trace = createTrace(d);
      const error = errorOf("backward", input, target, trace);
      const delta = createTrace(d).x.map((a, l) => (l === 0 ? new Float64Array(0) : a));
      const gradient = new Float64Array(layout.size);
      backwardPass(resolved, layout, w, trace, target, delta, gradient, 1, rules);
      return { error, delta, gradient };
    },
    meanError(samples) {
      checkSamples("meanError", samples);
      let sum = 0;
      for (const { input, target } of samples) sum += errorOf("meanError", input, target, scratch);
      return sum / samples.length;
    },
    meanGradient(samples) {
      checkSamples("meanGradient", samples);
      const gradient = new Float64Array(layout.size);
      let sum = 0;
      for (const { input, target } of samples) {
        sum += errorOf("meanGradient", input, target, scratch);
        backwardPass(resolved, layout, w, scratch, target, scratchDelta, gradient, 1 / samples.length, rules);
      }
      return { error: sum / samples.length, gradient };
    },
    sgdStep(sample, eta) {
      if (typeof eta !== "number" || !Number.isFinite(eta)) throw new InvalidArgumentError("sgdStep", "eta", "a finite number", eta);
      checkSample("sgdStep", sample, "sample");
      const { error, gradient } = network.backward(sample.input, sample.target);
      for (let k = 0; k < w.length; k++) w[k] -= eta * gradient[k];
      return error;
    },
  };
  return network;
}
