/**
 * The known slips of a hand-written backprop, injected into the engine's backward pass through
 * its test seam (buildNetwork with BackpropRules, as in mutants.ts) — or, for the two the rules
 * cannot express (which x enters ∂e/∂w), by a test-side wrapper around the engine's output —
 * never by editing the source. Each says at which layer it first shows and which id names it.
 */
import type { NetworkConstraints } from "../src/arbitraries/index.js";
import type { BackpropFunction, BackpropResult } from "../src/check/check-backprop.js";
import type { SlipId } from "../src/check/slips.js";
import { elementwise } from "../src/network/activations.js";
import { type BackpropRules, backpropRules } from "../src/network/backprop.js";
import { buildNetwork, createNetwork } from "../src/network/network.js";
import type { NetworkSpec } from "../src/network/spec.js";

export interface SlipMutant {
  readonly id: SlipId;
  /** The slip, in words. */
  readonly name: string;
  /** Where the slip can show. */
  readonly constraints: NetworkConstraints;
  /** The layer it first shows at (going down from L), for widths d. */
  readonly layer: (d: readonly number[]) => number;
  /** The slipped backprop for a spec. */
  readonly backprop: (spec: NetworkSpec) => BackpropFunction;
  /** Whether δ is a slip of δ (then it is also found from the bias gradient alone, without `delta`). */
  readonly inDelta: boolean;
}

const withRules =
  (rules: BackpropRules) =>
  (spec: NetworkSpec): BackpropFunction =>
  (input, target, parameters) => {
    const { delta, gradient } = buildNetwork(spec, parameters, {}, rules).backward(input, target);
    return { delta, gradient };
  };

const top = (d: readonly number[]) => d.length - 1;
const belowTop = (d: readonly number[]) => d.length - 2;

/** The engine's output with layer L's block of ∂e/∂w replaced by v_i δ_j^(L), v_i given per i (x_0-style: v_0 = 1). */
const outerWith =
  (v: (s: Float64Array[], x: Float64Array[], L: number, i: number) => number) =>
  (spec: NetworkSpec): BackpropFunction =>
  (input, target, parameters): BackpropResult => {
    const network = createNetwork(spec, parameters);
    const { delta, gradient } = network.backward(input, target);
    const { s, x } = network.forward(input);
    const { d, offset } = network.layout;
    const L = d.length - 1;
    for (let i = 0; i <= d[L - 1]; i++) for (let j = 0; j < d[L]; j++) gradient[offset[L] + i * d[L] + j] = v(s, x, L, i) * delta[L][j];
    return { delta, gradient };
  };

/**
 * The engine's output with the recursion from L to L − 1 reading δ^(L) at the unit's own index:
 * δ_i^(L−1) = θ'(s_i^(L−1)) Σ_j w_ij^(L) δ_i^(L), then the right recursion below it and
 * ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l) throughout (the rules cannot express which δ the sum reads).
 * Needs d(L) ≥ d(L − 1), so that δ_i^(L) exists for every i.
 */
const wrongSumIndex =
  (spec: NetworkSpec): BackpropFunction =>
  (input, target, parameters): BackpropResult => {
    const network = createNetwork(spec, parameters);
    const { delta } = network.backward(input, target);
    const { s, x } = network.forward(input);
    const { d, offset } = network.layout;
    const w = network.parameters;
    const L = d.length - 1;
    for (let l = L; l >= 2; l--)
      for (let i = 1; i <= d[l - 1]; i++) {
        let sum = 0;
        for (let j = 0; j < d[l]; j++) sum += w[offset[l] + i * d[l] + j] * delta[l][l === L ? i - 1 : j];
        const theta = network.spec.theta[l - 1];
        if (theta === "softmax") throw new Error("softmax below the output layer");
        delta[l - 1][i - 1] = elementwise[theta].derivative(s[l - 1][i - 1], x[l - 1][i - 1]) * sum;
      }
    const gradient = new Float64Array(network.layout.size);
    for (let l = 1; l <= L; l++)
      for (let i = 0; i <= d[l - 1]; i++)
        for (let j = 0; j < d[l]; j++) gradient[offset[l] + i * d[l] + j] = (i === 0 ? 1 : x[l - 1][i - 1]) * delta[l][j];
    return { delta, gradient };
  };

const ordinary = { weights: ["ordinary"] } as const;

export const slipMutants: readonly SlipMutant[] = [
  {
    id: "theta-prime-of-x",
    name: "1 − tanh²(x) for θ'(s) at a tanh output",
    constraints: { ...ordinary, heads: [{ activation: "tanh", loss: "squared" }] },
    layer: top,
    inDelta: true,
    backprop: withRules({
      ...backpropRules,
      derivative: (a, s, x) => (a === "tanh" ? 1 - Math.tanh(x) ** 2 : backpropRules.derivative(a, s, x)),
    }),
  },
  {
    id: "theta-prime-of-x",
    name: "1 − tanh²(x) for θ'(s) in tanh hidden layers under an identity output",
    constraints: { ...ordinary, minDepth: 2, hidden: ["tanh"], heads: [{ activation: "identity", loss: "squared" }] },
    layer: belowTop,
    inDelta: true,
    backprop: withRules({
      ...backpropRules,
      derivative: (a, s, x) => (a === "tanh" ? 1 - Math.tanh(x) ** 2 : backpropRules.derivative(a, s, x)),
    }),
  },
  {
    id: "missing-factor-2",
    name: "the squared error's δ^(L) halved",
    constraints: {
      ...ordinary,
      heads: [
        { activation: "tanh", loss: "squared" },
        { activation: "sigmoid", loss: "squared" },
        { activation: "identity", loss: "squared" },
        { activation: "softmax", loss: "squared" },
      ],
    },
    layer: top,
    inDelta: true,
    backprop: withRules({
      ...backpropRules,
      outputDelta(loss, a, s, x, y, delta, derivative) {
        backpropRules.outputDelta(loss, a, s, x, y, delta, derivative);
        for (let j = 0; j < delta.length; j++) delta[j] /= 2;
      },
    }),
  },
  {
    id: "sign-of-error",
    name: "δ^(L) with (y − x) for (x − y)",
    constraints: {
      ...ordinary,
      heads: [
        { activation: "tanh", loss: "squared" },
        { activation: "identity", loss: "squared" },
        { activation: "softmax", loss: "cross-entropy" },
        { activation: "sigmoid", loss: "cross-entropy" },
      ],
    },
    layer: top,
    inDelta: true,
    backprop: withRules({
      ...backpropRules,
      outputDelta(loss, a, s, x, y, delta, derivative) {
        backpropRules.outputDelta(loss, a, s, x, y, delta, derivative);
        for (let j = 0; j < delta.length; j++) delta[j] = -delta[j];
      },
    }),
  },
  {
    id: "softmax-delta",
    name: "softmax + cross-entropy δ^(L) = (x − y) x (1 − x)",
    constraints: { ...ordinary, minWidth: 2, heads: [{ activation: "softmax", loss: "cross-entropy" }] },
    layer: top,
    inDelta: true,
    backprop: withRules({
      ...backpropRules,
      outputDelta(_loss, _a, _s, x, y, delta) {
        for (let j = 0; j < delta.length; j++) delta[j] = (x[j] - y[j]) * x[j] * (1 - x[j]);
      },
    }),
  },
  {
    id: "extra-theta-prime",
    name: "sigmoid + cross-entropy δ^(L) = (x − y) x (1 − x)",
    constraints: { ...ordinary, heads: [{ activation: "sigmoid", loss: "cross-entropy" }] },
    layer: top,
    inDelta: true,
    backprop: withRules({
      ...backpropRules,
      outputDelta(_loss, _a, _s, x, y, delta) {
        delta[0] = (x[0] - y[0]) * x[0] * (1 - x[0]);
      },
    }),
  },
  {
    id: "transposed-weight",
    name: "w_ji^(L) read for w_ij^(L) in the recursion from L to L − 1",
    constraints: { ...ordinary, minDepth: 2, minWidth: 2 },
    layer: belowTop,
    inDelta: true,
    backprop: withRules({
      ...backpropRules,
      weight: (w, layout, l, i, j) =>
        l === layout.d.length - 1 && j + 1 <= layout.d[l - 1] && i - 1 < layout.d[l]
          ? w[layout.offset[l] + (j + 1) * layout.d[l] + (i - 1)]
          : backpropRules.weight(w, layout, l, i, j),
    }),
  },
  {
    id: "bias-in-recursion",
    name: "row i − 1 of w^(L) (the bias row for unit 1) read in the recursion from L to L − 1",
    constraints: { ...ordinary, minDepth: 2 },
    layer: belowTop,
    inDelta: true,
    backprop: withRules({
      ...backpropRules,
      weight: (w, layout, l, i, j) =>
        l === layout.d.length - 1 ? w[layout.offset[l] + (i - 1) * layout.d[l] + j] : backpropRules.weight(w, layout, l, i, j),
    }),
  },
  {
    id: "sum-overwritten",
    name: "only the last term of Σ_j w_ij^(L) δ_j^(L) kept",
    constraints: { ...ordinary, minDepth: 2, minWidth: 2 },
    layer: belowTop,
    inDelta: true,
    backprop: withRules({
      ...backpropRules,
      weight: (w, layout, l, i, j) => (l === layout.d.length - 1 && j < layout.d[l] - 1 ? 0 : backpropRules.weight(w, layout, l, i, j)),
    }),
  },
  {
    id: "wrong-sum-index",
    name: "δ_i^(L) for δ_j^(L) in the sum Σ_j w_ij^(L) δ_j^(L) of the recursion from L to L − 1",
    constraints: { ...ordinary, minDepth: 2, minWidth: 2 },
    layer: belowTop,
    inDelta: true,
    backprop: wrongSumIndex,
  },
  {
    id: "missing-theta-prime",
    name: "θ' = 1 in the recursion (tanh or sigmoid hidden layers, identity output)",
    constraints: { ...ordinary, minDepth: 2, hidden: ["tanh", "sigmoid"], heads: [{ activation: "identity", loss: "squared" }] },
    layer: belowTop,
    inDelta: true,
    backprop: withRules({ ...backpropRules, derivative: () => 1 }),
  },
  {
    id: "bias-gradient-zero",
    name: "∂e/∂w_0j = 0",
    constraints: ordinary,
    layer: top,
    inDelta: false,
    backprop: withRules({ ...backpropRules, gradient: (i, x, delta) => (i === 0 ? 0 : x * delta) }),
  },
  {
    id: "wrong-layer-x",
    name: "x_i^(L) for x_i^(L−1) in ∂e/∂w^(L) (d(L) ≥ d(L−1), so every x_i^(L) exists)",
    constraints: ordinary,
    layer: top,
    inDelta: false,
    backprop: outerWith((_s, x, L, i) => (i === 0 ? 1 : i <= x[L].length ? x[L][i - 1] : Number.NaN)),
  },
  {
    id: "s-instead-of-x",
    name: "s_i^(L−1) for x_i^(L−1) in ∂e/∂w^(L)",
    constraints: { ...ordinary, minDepth: 2, hidden: ["tanh", "sigmoid"] },
    layer: top,
    inDelta: false,
    backprop: outerWith((s, _x, L, i) => (i === 0 ? 1 : s[L - 1][i - 1])),
  },
];
