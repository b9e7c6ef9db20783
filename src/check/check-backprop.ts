/**
 * checkBackprop: is *your* backprop right, layer by layer? The learner's code is called on each
 * sample; its δ^(l) and ∂e/∂w are judged against numbers obtained from forward passes only:
 *
 *     δ_j^(l) = ∂e/∂s_j^(l)    judged against the numerical derivative of e with s_j^(l) moved
 *                              directly: x^(l) = θ_l(s^(l)), then layers l+1..L forward, then e;
 *     ∂e/∂w_ij^(l)            judged against the numerical derivative of e_n(w) (network-partial.ts),
 *                              and compared with x_i^(l−1) δ_j^(l) from the learner's own δ.
 *
 * Going down from L, the first layer where either is wrong is *the first wrong layer*: everything
 * above it was right, so the slip is in the step that produced that layer. At that layer the
 * known slips (slips.ts) are recomputed from the learner's own upstream δ^(l+1) and the one that
 * reproduces the learner's numbers is named. Every verdict is checkGradient's calibrated one
 * (check-gradient.ts): no tolerance of its own.
 */
import { checkOptions, InvalidArgumentError } from "../base/errors.js";
import { type Activation, activate, elementwise } from "../network/activations.js";
import { createTrace, forwardLayer, type Trace, weightedSums } from "../network/backprop.js";
import { weightName } from "../network/layout.js";
import { type Loss, pointError } from "../network/loss.js";
import { createNetwork, type Network, type Sample } from "../network/network.js";
import type { NetworkSpec } from "../network/spec.js";
import { blackBox } from "../numeric/evaluate.js";
import { EPSILON_64 } from "../numeric/step.js";
import { BackpropError } from "./backprop-error.js";
import { checkSubject } from "./check-gradient.js";
import { checkSamples, layerBlocks, meanErrorFunction, NETWORK_FULL_LIMIT, type NetworkCheckOptions, outputNoiseFloor } from "./check-network.js";
import { networkLines } from "./network-line.js";
import { networkPartial } from "./network-partial.js";
import type { GradientCheckReport } from "./report.js";
import { recognise, type Slip, type SlipContext, type SlipId } from "./slips.js";
import { smoothRange } from "./smooth-range.js";
import type { Subject } from "./subject.js";
import { saturatedRounding, unitRounding, weightRounding } from "./unit-rounding.js";

/** What the learner's backprop returns for one sample. */
export interface BackpropResult {
  /** δ^(l) for l = 1..L, indexed as the engine's Backward: delta[0] is unused (may be empty), delta[l][j] is δ_(j+1)^(l). Optional: without it, δ_j^(l) is read from the bias gradient ∂e/∂w_0j^(l) (x_0 = 1). */
  delta?: readonly ArrayLike<number>[];
  /** ∂e/∂w on this sample: flat (layout of createNetwork), or with `gradientLayout: "nested"` gradient[l][i][j] = ∂e/∂w_ij^(l) for l = 1..L, i = 0..d(l−1) (i = 0 the bias), j = 0..d(l)−1. */
  gradient: ArrayLike<number> | readonly (readonly ArrayLike<number>[])[];
}

/** The network a learner's code is called for: widths, one activation per layer 1..L, the loss (a fresh copy per call). */
export interface BackpropSpec {
  layers: number[];
  /** activation[l − 1] is θ of layer l. */
  activation: Activation[];
  loss: Loss;
}

/**
 * The learner's backprop for one sample; it gets copies of input, target and the flat parameters and
 * must not change them. The fourth argument, the resolved spec, lets code written for any architecture
 * know which one it is called for (most learner code ignores it).
 */
export type BackpropFunction = (input: Float64Array, target: Float64Array, parameters: Float64Array, spec: BackpropSpec) => BackpropResult;

/** The learner's forward pass: s^(l) and x^(l) for l = 0..L as in Trace (s[0] unused, x[0] the input, x[l] without the bias x_0). */
export type ForwardFunction = (
  input: Float64Array,
  parameters: Float64Array,
  spec: BackpropSpec,
) => { s: readonly ArrayLike<number>[]; x: readonly ArrayLike<number>[] };

/** Options for checkBackprop: those of checkNetwork, the learner's forward, and the gradient's layout. */
export interface BackpropCheckOptions extends NetworkCheckOptions {
  /** The learner's own forward pass, checked first: s_j^(l) = Σ_i w_ij^(l) x_i^(l−1) and x_j^(l) = θ(s_j^(l)) from the learner's x^(l−1). */
  forward?: ForwardFunction;
  /** "flat" (default) or "nested": gradient[l][i][j]. */
  gradientLayout?: "flat" | "nested";
}

/** The verdict on one layer l. */
export interface BackpropLayer {
  l: number;
  /** δ^(l) agrees with the numerical ∂e/∂s^(l) on every sample. */
  deltaOk: boolean;
  /** ∂e/∂w^(l) agrees with the numerical ∂e/∂w^(l) on every sample. */
  gradientOk: boolean;
  /** The learner's ∂e/∂w_ij^(l) equals x_i^(l−1) δ_j^(l) of the learner's own δ, within the gradient's bounds. */
  outerProductOk: boolean;
  /** The learner's forward s^(l), x^(l) right (null without `forward`). */
  forwardOk: boolean | null;
  /** Where δ^(l) came from: the backprop's `delta`, or its bias gradient ∂e/∂w_0j^(l). */
  deltaSource: "delta" | "bias gradient";
  /** The sample shown: the first where this layer is wrong, else 0. */
  sample: number;
  /** d(l). */
  units: number;
  /** Units j (0-based, as δ[l=..][j=..]) whose δ_j^(l) is wrong on the sample shown. */
  wrongUnits: number[];
  /** Names of the weights whose gradient is wrong on the sample shown, worst first. */
  wrongWeights: string[];
  /** The learner's δ^(l) on the sample shown. */
  delta: number[];
  /** The numerical ∂e/∂s^(l) on the sample shown. */
  numericDelta: number[];
  /** The recursion's δ^(l) from the learner's own δ^(l+1): θ'(s_i^(l)) Σ_j w_ij^(l+1) δ_j^(l+1) (null at l = L). */
  fromUpstream: number[] | null;
}

/** checkBackprop's report: the mean gradient's check (GradientCheckReport) and the per-layer verdicts. */
export interface BackpropCheckReport extends GradientCheckReport {
  /** True when the forward pass (if given), every δ^(l) and every ∂e/∂w^(l) is right. */
  ok: boolean;
  /** Layers l = 1..L, in order. */
  layers: BackpropLayer[];
  /** The first wrong layer: in the forward pass going up, else going down from L; null when none. */
  firstWrongLayer: number | null;
  /** Which step went wrong at that layer. */
  wrongStep: "forward" | "output-delta" | "recursion" | "weight-gradient" | null;
  /** The known slip that reproduces the learner's numbers at the first wrong layer, or null. */
  slip: SlipId | null;
  /** Every known slip that reproduces the learner's numbers there (slip is the first); more than one when the numbers cannot tell them apart. */
  matchingSlips: SlipId[];
  /** The slip in words with its formula; when no slip matches, says so; null when everything is right. */
  slipDescription: string | null;
  /** "δ^(3) right; δ^(2) wrong in 3 of 4 units: the recursion from layer 3 to 2", in one line. */
  summary: string;
}

const FN = "checkBackprop";

/**
 * The rounding allowed between two implementations of the same forward rule: a sum of n + 1
 * products is off by at most (n + 1)·ε·Σ|w x| (Higham's bound for a dot product); FORWARD_SLACK
 * covers the order of summation and an x that the learner rounded differently at the layer below.
 */
const FORWARD_SLACK = 4;

/** e as a function of s^(l) on one sample: x^(l) = θ_l(s^(l)), then layers l+1..L forward, then e. Forward rules only. */
function errorOfLayer(network: Network, trace: Trace, target: Float64Array, l: number): (s: Float64Array) => number {
  const { spec, layout, parameters: w } = network;
  const L = spec.d.length - 1;
  const work = createTrace(spec.d);
  for (let m = 0; m < l; m++) work.x[m].set(trace.x[m]);
  return (s) => {
    work.s[l].set(s);
    activate(spec.theta[l], work.s[l], work.x[l]);
    for (let m = l + 1; m <= L; m++) forwardLayer(spec, layout, w, m, work.x[m - 1], work.s[m], work.x[m]);
    return pointError(spec.loss, spec.theta[L], work.s[L], work.x[L], target);
  };
}

/**
 * δ^(l) against the numerical ∂e/∂s^(l), every unit, by checkGradient's machinery (checkSubject).
 * The noise floor is checkNetwork's (outputNoiseFloor): e is rounded at the output whichever s is
 * moved, and near a perfect fit that rounding moves e in steps the black-box estimate cannot see.
 */
function checkDelta(
  network: Network,
  trace: Trace,
  target: Float64Array,
  l: number,
  delta: Float64Array,
  noiseFloor: number,
  upstream: Float64Array | undefined,
  inherited: number,
  options: NetworkCheckOptions,
): GradientCheckReport {
  const f = errorOfLayer(network, trace, target, l);
  const x = Float64Array.from(trace.s[l]);
  // e as a function of s^(l) passes through the same saturating units as E(w): no step above the default (NoiseHint.maxGrow).
  const subject: Subject = {
    partial: blackBox(FN, f, x),
    f,
    x,
    noiseFloor,
    coordinateFloor: upstream && unitRounding(network, trace, l, upstream).map((v) => v + inherited),
    maxGrow: 0,
    naming: { name: (j) => `δ[l=${l}][j=${j}]` },
  };
  return checkSubject(FN, subject, delta, { ...options, mode: "full" });
}

/** An array-like of `length` finite numbers, copied; otherwise a BackpropError naming the path, layer and index. */
function vectorOf(
  callee: "backprop" | "forward",
  n: number,
  path: string,
  l: number | null,
  value: unknown,
  length: number,
  what: string,
  name?: (k: number) => { label: string; layer: number },
): Float64Array {
  const like = value as ArrayLike<unknown> | null | undefined;
  if (typeof like !== "object" || like === null || typeof like.length !== "number")
    throw new BackpropError(FN, callee, n, path, l, null, `must be an array of ${length} numbers (${what})`, value);
  if (like.length !== length)
    throw new BackpropError(FN, callee, n, path, l, null, `has length ${like.length}; it must be ${length} (${what})`, undefined);
  const out = new Float64Array(length);
  for (let k = 0; k < length; k++) {
    const v = like[k];
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new BackpropError(
        FN,
        callee,
        n,
        `${path}[${k}]${name ? ` (${name(k).label})` : ""}`,
        l ?? name?.(k).layer ?? null,
        k,
        "must be a finite number",
        v,
      );
    out[k] = v;
  }
  return out;
}

/** Calls the learner's function on copies and checks that it left them unchanged. */
function callUser<T>(callee: "backprop" | "forward", n: number, network: Network, call: (parameters: Float64Array) => T, inputs: Float64Array[]): T {
  const parameters = Float64Array.from(network.parameters);
  const before = inputs.map((a) => Float64Array.from(a));
  let result: T;
  try {
    result = call(parameters);
  } catch (error) {
    throw new BackpropError(FN, callee, n, "", null, null, "threw", error);
  }
  for (let k = 0; k < parameters.length; k++)
    if (!Object.is(parameters[k], network.parameters[k])) {
      const { l } = positionOf(network, k);
      throw new BackpropError(
        FN,
        callee,
        n,
        `parameters[${k}] (${weightName(network.layout, k)})`,
        l,
        k,
        `was changed from ${network.parameters[k]}: the check needs the weights it was given`,
        parameters[k],
      );
    }
  inputs.forEach((a, m) => {
    for (let k = 0; k < a.length; k++)
      if (!Object.is(a[k], before[m][k]))
        throw new BackpropError(FN, callee, n, `${m === 0 ? "input" : "target"}[${k}]`, null, k, "was changed", a[k]);
  });
  return result;
}

const specOf = (network: Network): BackpropSpec => ({
  layers: [...network.spec.d],
  activation: network.spec.theta.slice(1),
  loss: network.spec.loss,
});

function positionOf(network: Network, k: number): { l: number } {
  let l = 1;
  while (k >= network.layout.offset[l + 1]) l++;
  return { l };
}

/** The learner's gradient as a flat Float64Array, from either layout. */
function flatGradient(network: Network, n: number, gradient: unknown, layout: "flat" | "nested"): Float64Array {
  const { d, offset, size } = network.layout;
  const L = d.length - 1;
  if (layout === "flat") {
    const like = gradient as ArrayLike<unknown> | null;
    if (typeof like === "object" && like !== null && typeof like.length === "number" && like.length === L + 1 && typeof like[1] === "object")
      throw new BackpropError(
        FN,
        "backprop",
        n,
        "gradient",
        null,
        null,
        'looks nested (gradient[l][i][j]): pass { gradientLayout: "nested" }',
        undefined,
      );
    const flat = vectorOf("backprop", n, "gradient", null, gradient, size, "∂e/∂w in the flat layout", (k) => ({
      label: weightName(network.layout, k),
      layer: positionOf(network, k).l,
    }));
    return flat;
  }
  const outer = gradient as ArrayLike<unknown> | null;
  if (typeof outer !== "object" || outer === null || outer.length !== L + 1)
    throw new BackpropError(
      FN,
      "backprop",
      n,
      "gradient",
      null,
      null,
      `must be gradient[l][i][j] with ${L + 1} entries, l = 0..${L} (gradient[0] unused)`,
      gradient,
    );
  const flat = new Float64Array(size);
  for (let l = 1; l <= L; l++) {
    const rows = outer[l] as ArrayLike<unknown> | null;
    if (typeof rows !== "object" || rows === null || rows.length !== d[l - 1] + 1)
      throw new BackpropError(
        FN,
        "backprop",
        n,
        `gradient[${l}]`,
        l,
        null,
        `must have d(${l - 1}) + 1 = ${d[l - 1] + 1} rows i = 0..${d[l - 1]} (i = 0 the bias)`,
        rows,
      );
    for (let i = 0; i <= d[l - 1]; i++) {
      const row = vectorOf("backprop", n, `gradient[${l}][${i}]`, l, rows[i], d[l], `∂e/∂w_${i}j^(${l}) for j = 0..${d[l] - 1}`);
      flat.set(row, offset[l] + i * d[l]);
    }
  }
  return flat;
}

/** One sample's evidence. */
interface SampleRun {
  trace: Trace;
  target: Float64Array;
  delta: Float64Array[];
  /** Whether the backprop returned δ (else δ^(l) is its bias gradient). */
  deltaGiven: boolean;
  gradient: Float64Array;
  deltaReports: GradientCheckReport[];
  gradientReport: GradientCheckReport;
}

function subjectOf(network: Network, samples: readonly Sample[]): Subject {
  return {
    partial: networkPartial(network, samples),
    lines: networkLines(network, samples),
    f: meanErrorFunction(network, samples),
    x: Float64Array.from(network.parameters),
    blocks: layerBlocks(network.layout),
    naming: { name: (k: number) => weightName(network.layout, k) },
    noiseFloor: outputNoiseFloor(network, samples),
    coordinateFloor: weightRounding(network, samples),
    smoothRange: smoothRange(network, samples),
  };
}

/** Checks the learner's forward pass on one sample, layer by layer from the learner's own x^(l−1); returns the first wrong l and what was wrong. */
function forwardVerdicts(network: Network, forward: ForwardFunction, n: number, sample: Sample): { l: number; what: string }[] {
  const { spec, layout, parameters: w } = network;
  const { d, theta } = spec;
  const L = d.length - 1;
  const input = Float64Array.from(sample.input);
  const result = callUser("forward", n, network, (p) => forward(input, p, specOf(network)), [input]);
  if (typeof result !== "object" || result === null) throw new BackpropError(FN, "forward", n, "", null, null, "must return { s, x }", result);
  const { s, x } = result;
  for (const [name, list] of [
    ["s", s],
    ["x", x],
  ] as const)
    if (!Array.isArray(list) || list.length !== L + 1)
      throw new BackpropError(
        FN,
        "forward",
        n,
        name,
        null,
        null,
        `must be an array of ${L + 1} layers l = 0..${L} (${name}[0] ${name === "s" ? "unused" : "the input"})`,
        list,
      );
  const xs = x.map((v, l) => vectorOf("forward", n, `x[${l}]`, l, v, d[l], `x^(${l}) without the bias x_0`));
  const wrong: { l: number; what: string }[] = [];
  const ours = new Float64Array(Math.max(...d));
  for (let l = 1; l <= L; l++) {
    const sl = vectorOf("forward", n, `s[${l}]`, l, s[l], d[l], `s^(${l})`);
    const mine = ours.subarray(0, d[l]);
    weightedSums(layout, w, l, xs[l - 1], mine);
    const units: number[] = [];
    for (let j = 0; j < d[l]; j++) {
      let size = Math.abs(w[layout.offset[l] + j]);
      for (let i = 1; i <= d[l - 1]; i++) size += Math.abs(w[layout.offset[l] + i * d[l] + j] * xs[l - 1][i - 1]);
      if (!(Math.abs(sl[j] - mine[j]) <= FORWARD_SLACK * (d[l - 1] + 1) * EPSILON_64 * size + Number.MIN_VALUE)) units.push(j);
    }
    if (units.length > 0) {
      wrong.push({ l, what: `s^(${l}) ≠ Σ_i w_ij^(${l}) x_i^(${l - 1}) (x_0 = 1) in unit${units.length === 1 ? "" : "s"} j = ${units.join(", ")}` });
      continue;
    }
    activate(theta[l], sl, mine);
    const xUnits: number[] = [];
    for (let j = 0; j < d[l]; j++)
      if (!(Math.abs(xs[l][j] - mine[j]) <= 16 * EPSILON_64 * (Math.abs(mine[j]) + Math.abs(sl[j])) + Number.MIN_VALUE)) xUnits.push(j);
    if (xUnits.length > 0)
      wrong.push({ l, what: `x^(${l}) ≠ θ(s^(${l})) (${theta[l]}) in unit${xUnits.length === 1 ? "" : "s"} j = ${xUnits.join(", ")}` });
  }
  const x0Wrong = Array.from(xs[0]).findIndex((v, k) => !Object.is(v, input[k]));
  if (x0Wrong >= 0) wrong.unshift({ l: 0, what: `x^(0) is not the input (entry ${x0Wrong})` });
  return wrong;
}

/**
 * Checks a hand-written backprop on `samples`, layer by layer from L down: each δ_j^(l) against the
 * numerical ∂e/∂s_j^(l) (s_j^(l) perturbed directly in a forward pass), each ∂e/∂w_ij^(l) against the
 * numerical ∂e/∂w_ij^(l), and x_i^(l−1) δ_j^(l) of the learner's own δ against the learner's gradient.
 * Reports the first wrong layer and, when the learner's numbers there are those of a known slip
 * (slips.ts), its id and formula. The GradientCheckReport fields are those of the mean gradient
 * (1/N) Σ_n ∇e_n against the numerical ∇E_in. `parameters` is not changed; the learner's code gets copies.
 *
 * @example
 * const spec = { layers: [1, 1], activation: "tanh" } as const;
 * const report = checkBackprop(spec, [0.1, 0.5], [{ input: [2], target: [0] }], (input, target, w) => {
 *   const x = Math.tanh(w[0] + w[1] * input[0]);
 *   const delta = 2 * (x - target[0]) * (1 - x * x);
 *   return { delta: [[], [delta]], gradient: [delta, input[0] * delta] };
 * });
 * report.ok; // true
 */
export function checkBackprop(
  spec: NetworkSpec,
  parameters: ArrayLike<number>,
  samples: readonly Sample[],
  backprop: BackpropFunction,
  options: BackpropCheckOptions = {},
): BackpropCheckReport {
  let network: Network;
  try {
    network = createNetwork(spec, parameters);
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new InvalidArgumentError(FN, error.argument, error.expected, error.received);
    throw error;
  }
  checkSamples(FN, network, samples);
  if (typeof backprop !== "function")
    throw new InvalidArgumentError(FN, "backprop", "a function (input, target, parameters) => { delta?, gradient }", backprop);
  const { forward, gradientLayout = "flat", ...checkOpts } = checkOptions(FN, options);
  if (forward !== undefined && typeof forward !== "function")
    throw new InvalidArgumentError(FN, "options.forward", "a function (input, parameters) => { s, x }", forward);
  if (gradientLayout !== "flat" && gradientLayout !== "nested")
    throw new InvalidArgumentError(FN, "options.gradientLayout", '"flat" or "nested"', gradientLayout);
  const { d } = network.spec;
  const { layout } = network;
  const L = d.length - 1;

  const forwardWrong = forward === undefined ? undefined : samples.map((sample, n) => forwardVerdicts(network, forward, n, sample));

  const runs: SampleRun[] = samples.map((sample, n) => {
    const input = Float64Array.from(sample.input);
    const target = Float64Array.from(sample.target);
    const result = callUser("backprop", n, network, (p) => backprop(input, target, p, specOf(network)), [input, target]);
    if (typeof result !== "object" || result === null)
      throw new BackpropError(FN, "backprop", n, "", null, null, "must return { delta?, gradient }", result);
    const gradient = flatGradient(network, n, result.gradient, gradientLayout);
    const given = result.delta;
    if (given !== undefined && (!Array.isArray(given) || given.length !== L + 1))
      throw new BackpropError(
        FN,
        "backprop",
        n,
        "delta",
        null,
        null,
        `must be an array of ${L + 1} entries, δ^(l) for l = 0..${L} (delta[0] unused, as in Backward)`,
        given,
      );
    const delta = d.map((width, l) => {
      if (l === 0) return new Float64Array(0);
      if (given === undefined) return gradient.slice(layout.offset[l], layout.offset[l] + width);
      return vectorOf("backprop", n, `delta[${l}]`, l, given[l], width, `δ^(${l}), one per unit of layer ${l}`);
    });
    const trace = network.forward(input);
    const noiseFloor = outputNoiseFloor(network, [sample]);
    // From L down: each layer's δ check takes the numerical ∂e/∂s one layer up for its rounding floor,
    // and the rounding of the saturated hidden units above it (saturatedRounding).
    const deltaReports: GradientCheckReport[] = new Array(d.length);
    let inherited = 0;
    for (let l = d.length - 1; l >= 1; l--) {
      if (l + 2 < d.length) inherited += saturatedRounding(network, trace, l + 1, deltaReports[l + 2].numeric);
      deltaReports[l] = checkDelta(network, trace, target, l, delta[l], noiseFloor, deltaReports[l + 1]?.numeric, inherited, checkOpts);
    }
    const gradientReport = checkSubject(FN, subjectOf(network, [sample]), gradient, { fullLimit: NETWORK_FULL_LIMIT, ...checkOpts });
    return { trace, target, delta, deltaGiven: given !== undefined, gradient, deltaReports, gradientReport };
  });

  const mean = new Float64Array(layout.size);
  for (const r of runs) for (let k = 0; k < mean.length; k++) mean[k] += r.gradient[k] / runs.length;
  const base = checkSubject(FN, subjectOf(network, samples), mean, { fullLimit: NETWORK_FULL_LIMIT, ...checkOpts });

  const inLayer = (l: number) => (k: number) => k >= layout.offset[l] && k < layout.offset[l + 1];
  const gradientWrongAt = (r: SampleRun, l: number): string[] => {
    // Not ok with no mismatch is either a disagreeing random direction (wrong somewhere) or only
    // unresolved weights (e underflowing on this sample, say: nothing wrong is shown).
    if (r.gradientReport.mismatches.length === 0 && r.gradientReport.directions.some((u) => !u.ok))
      return ["(a random direction disagrees; no single weight isolated)"];
    return r.gradientReport.mismatches.filter((m) => inLayer(l)(m.index)).map((m) => m.name);
  };
  const outerOk = (r: SampleRun, l: number): boolean => {
    const { bound } = r.gradientReport;
    for (let i = 0; i <= d[l - 1]; i++)
      for (let j = 0; j < d[l]; j++) {
        const k = layout.offset[l] + i * d[l] + j;
        if (!Number.isFinite(bound[k])) continue;
        const xi = i === 0 ? 1 : r.trace.x[l - 1][i - 1];
        if (!(Math.abs(r.gradient[k] - xi * r.delta[l][j]) <= bound[k])) return false;
      }
    return true;
  };
  const layers: BackpropLayer[] = [];
  for (let l = 1; l <= L; l++) {
    // The sample shown (and matched against the slips) is the first with a mismatch in δ^(l), else the
    // first with one in ∂e/∂w^(l): the verdict names a wrong δ first, and its slip is recognised from
    // that sample's δ (a slip of θ' at s ≈ 0.005 moves δ^(2) by 5e-10 relative on one sample: seen in
    // its weights' gradient only, while another sample's δ^(2) is off by half — test:deep, seed 2).
    // One whose δ^(l) is only unresolved (e underflowing near a target of 2^−1022, say: ∂e/∂s reads 0) shows nothing.
    const deltaMismatched = runs.findIndex((r) => r.deltaReports[l].mismatches.length > 0);
    const mismatched = deltaMismatched >= 0 ? deltaMismatched : runs.findIndex((r) => gradientWrongAt(r, l).length > 0);
    const failing = mismatched >= 0 ? mismatched : runs.findIndex((r) => !r.deltaReports[l].ok);
    const n = Math.max(failing, 0);
    const r = runs[n];
    const report = r.deltaReports[l];
    layers.push({
      l,
      deltaOk: runs.every((s) => s.deltaReports[l].ok),
      gradientOk: runs.every((s) => gradientWrongAt(s, l).length === 0),
      outerProductOk: runs.every((s) => outerOk(s, l)),
      forwardOk: forwardWrong === undefined ? null : forwardWrong.every((w) => !w.some((v) => v.l === l)),
      deltaSource: r.deltaGiven ? "delta" : "bias gradient",
      sample: n,
      units: d[l],
      wrongUnits: report.mismatches.map((m) => m.index).sort((a, b) => a - b),
      wrongWeights: gradientWrongAt(r, l),
      delta: Array.from(r.delta[l]),
      numericDelta: Array.from(report.numeric),
      fromUpstream: l === L ? null : Array.from(recursionOf(network, r, l)),
    });
  }
  const judged = verdict(network, runs, layers, forwardWrong);
  return { ...base, ...judged, ok: judged.ok && base.ok, layers };
}

/** θ'(s_i^(l)) Σ_j w_ij^(l+1) δ_j^(l+1) from the learner's δ^(l+1): the right recursion on the learner's numbers (shown beside them). */
function recursionOf(network: Network, r: SampleRun, l: number): Float64Array {
  const { d, theta } = network.spec;
  const { offset } = network.layout;
  const w = network.parameters;
  const out = new Float64Array(d[l]);
  const a = theta[l];
  for (let i = 1; i <= d[l]; i++) {
    let sum = 0;
    for (let j = 0; j < d[l + 1]; j++) sum += w[offset[l + 1] + i * d[l + 1] + j] * r.delta[l + 1][j];
    out[i - 1] = a === "softmax" ? Number.NaN : elementwise[a].derivative(r.trace.s[l][i - 1], r.trace.x[l][i - 1]) * sum;
  }
  return out;
}

/** The first wrong layer, the step, the slip and the one-line summary. */
function verdict(
  network: Network,
  runs: SampleRun[],
  layers: BackpropLayer[],
  forwardWrong: { l: number; what: string }[][] | undefined,
): Omit<BackpropCheckReport, keyof GradientCheckReport | "layers"> & { ok: boolean } {
  const L = layers.length;
  const fw = forwardWrong?.map((w, n) => ({ n, first: w[0] })).find((v) => v.first !== undefined);
  if (fw !== undefined) {
    const { l, what } = fw.first;
    return {
      ok: false,
      firstWrongLayer: l,
      wrongStep: "forward",
      slip: null,
      matchingSlips: [],
      slipDescription: `the forward pass goes wrong at layer ${l} on sample ${fw.n}: ${what}`,
      summary: `${l > 1 ? `forward layers 1..${l - 1} right; ` : ""}forward layer ${l} wrong on sample ${fw.n}: ${what}`,
    };
  }
  const right: string[] = [];
  for (let l = L; l >= 1; l--) {
    const layer = layers[l - 1];
    if (layer.deltaOk && layer.gradientOk) {
      right.push(`δ^(${l}) right`);
      continue;
    }
    const r = runs[layer.sample];
    const c: SlipContext = {
      spec: network.spec,
      layout: network.layout,
      w: network.parameters,
      trace: r.trace,
      target: r.target,
      l,
      upstream: l < L ? r.delta[l + 1] : undefined,
      delta: r.delta[l],
    };
    const prefix = right.length > 0 ? `${right.slice(0, 2).join(", ")}${right.length > 2 ? ", …" : ""}; ` : "";
    const on = runs.length > 1 ? ` on sample ${layer.sample}` : "";
    // δ^(l) only unresolved on some sample (e underflowing there) while its weights are wrong: the slip is the gradient's.
    const deltaWrong = runs.some((s) => s.deltaReports[l].mismatches.length > 0);
    if (!layer.deltaOk && (deltaWrong || layer.gradientOk)) {
      const report = r.deltaReports[l];
      const inherited = inheritedError(layer, report.numeric);
      if (inherited) {
        const up = l + 1;
        const above = right.slice(0, -1); // all but δ^(l+1)'s "right"
        const upPrefix = above.length > 0 ? `${above.slice(0, 2).join(", ")}${above.length > 2 ? ", …" : ""}; ` : "";
        return {
          ok: false,
          firstWrongLayer: up,
          wrongStep: up === L ? "output-delta" : "recursion",
          slip: null,
          matchingSlips: [],
          slipDescription: `your δ^(${l}) follows exactly from your δ^(${up}) by the recursion, yet disagrees with the numerical ∂e/∂s^(${l}) (${inherited}): the error is δ^(${up})'s, too small for its own check to resolve there; look at ${up === L ? `the output δ^(${L}) and the forward x^(${L}) it reads` : `the recursion into δ^(${up}) and the forward x^(${up}) it reads`}`,
          summary: `${upPrefix}δ^(${up}) off by less than its own check resolves, shown by δ^(${l}) (wrong in ${layer.wrongUnits.length} of ${layer.units} unit${layer.units === 1 ? "" : "s"}${on}), which your recursion derives from it exactly: ${up === L ? `the output δ^(${L}) (the loss and θ'_${L}) or its forward` : `the recursion from layer ${up + 1} to ${up} or its forward`}`,
        };
      }
      const step = l === L ? "output-delta" : "recursion";
      const where = l === L ? `the output δ^(${L}) (the loss and θ'_${L})` : `the recursion from layer ${l + 1} to ${l}`;
      const found = recognise("delta", c, r.delta[l], report.numeric, report.bound);
      const slip = found[0];
      return {
        ok: false,
        firstWrongLayer: l,
        wrongStep: step,
        slip: slip?.id ?? null,
        matchingSlips: ids(found),
        slipDescription: slip?.description ?? noSlip(layer),
        summary: `${prefix}δ^(${l}) wrong in ${layer.wrongUnits.length} of ${layer.units} unit${layer.units === 1 ? "" : "s"}${on}: ${where}`,
      };
    }
    const report = r.gradientReport;
    const { offset } = network.layout;
    const block = (a: Float64Array) => a.slice(offset[l], offset[l + 1]);
    const found = recognise("gradient", c, block(r.gradient), block(report.numeric), block(report.bound));
    const slip = found[0];
    const count = network.layout.offset[l + 1] - offset[l];
    return {
      ok: false,
      firstWrongLayer: l,
      wrongStep: "weight-gradient",
      slip: slip?.id ?? null,
      matchingSlips: ids(found),
      slipDescription: slip?.description ?? noSlip(layer),
      summary: `${prefix}δ^(${l}) right but ∂e/∂w^(${l}) wrong in ${layer.wrongWeights.length} of ${count} weights${on}: the step ∂e/∂w_ij^(${l}) = x_i^(${l - 1}) δ_j^(${l})${layer.outerProductOk ? "" : " (your gradient is not x_i^(l−1) δ_j^(l) of your own δ)"}`,
    };
  }
  return {
    ok: runs.every((r) => r.gradientReport.ok),
    firstWrongLayer: null,
    wrongStep: null,
    slip: null,
    matchingSlips: [],
    slipDescription: null,
    summary: `every δ^(l) and ∂e/∂w^(l), l = ${L}..1, right`,
  };
}

/**
 * Where your δ^(l) is what the recursion θ'(s_i^(l)) Σ_j w_ij^(l+1) δ_j^(l+1) makes of your own
 * δ^(l+1) (ten times closer than either is to the numerical ∂e/∂s^(l), on every wrong unit), the
 * recursion did no wrong: the error came down from δ^(l+1), whose own check could not see it (the
 * numerical ∂e/∂s^(l+1) rounding-limited where e is tiny, say). Found by `npm test` (seed
 * 184948929): convnetjs's tanh, (e^{2s} − 1)/(e^{2s} + 1), is off by ε/|s| at s ≈ −2.5e-15, so its
 * right backprop of its own forward gave a δ^(3) off by 1.9e-5 relative; a ladder that carried
 * f's value grid down its levels could not see that at layer 3, and it was blamed on the recursion
 * at layer 2 (today's ladder sees it at layer 3). Returns the relative offset on the worst wrong
 * unit, as text, or null.
 */
export function inheritedError(layer: BackpropLayer, numeric: Float64Array): string | null {
  const up = layer.fromUpstream;
  if (up === null || layer.wrongUnits.length === 0) return null;
  let worst = 0;
  for (const i of layer.wrongUnits) {
    const off = Math.abs(layer.delta[i] - numeric[i]);
    if (!(Math.abs(up[i] - layer.delta[i]) * 10 <= off)) return null;
    worst = Math.max(worst, off / Math.abs(numeric[i]));
  }
  return `a relative ${worst.toExponential(1)}`;
}

const ids = (found: readonly Slip[]): SlipId[] => [...new Set(found.map((s) => s.id))];

function noSlip(layer: BackpropLayer): string {
  const nums = (a: readonly number[] | null) => (a === null ? "—" : `[${a.map((v) => v.toPrecision(6)).join(", ")}]`);
  return `none of the known slips reproduces your numbers: your δ^(${layer.l}) = ${nums(layer.delta)}, numerical ∂e/∂s^(${layer.l}) = ${nums(layer.numericDelta)}${layer.fromUpstream ? `, the recursion from your δ^(${layer.l + 1}) gives ${nums(layer.fromUpstream)}` : ""}`;
}

const nums = (a: readonly number[] | null): string =>
  a === null ? "—" : `[${a.map((v) => (Number.isFinite(v) ? v.toPrecision(6) : String(v))).join(", ")}]`;

/**
 * The report as text, for people: the per-layer table (from L down), the first wrong layer with
 * the learner's numbers beside the right ones, the slip, and the mean gradient's verdict line.
 *
 *     backprop check failed: δ^(3) right; δ^(2) wrong in 4 of 4 units: the recursion from layer 3 to 2
 *       layer   δ^(l)     ∂e/∂w^(l)   x·δ = ∂e/∂w   forward
 *       l=3     right     right       yes           —
 *       l=2     WRONG     WRONG       yes           —
 */
export function formatBackpropReport(report: BackpropCheckReport): string {
  const word = (ok: boolean | null) => (ok === null ? "—" : ok ? "right" : "WRONG");
  const lines = [`backprop check ${report.ok ? "passed" : "failed"}: ${report.summary}`];
  lines.push(`  ${"layer".padEnd(8)}${"δ^(l)".padEnd(10)}${"∂e/∂w^(l)".padEnd(12)}${"x·δ = ∂e/∂w".padEnd(14)}forward`);
  for (const layer of [...report.layers].reverse())
    lines.push(
      `  ${`l=${layer.l}`.padEnd(8)}${`${word(layer.deltaOk)}${layer.deltaSource === "delta" ? "" : "*"}`.padEnd(10)}${word(layer.gradientOk).padEnd(12)}${(layer.outerProductOk ? "yes" : "NO").padEnd(14)}${word(layer.forwardOk)}`,
    );
  if (report.layers.some((layer) => layer.deltaSource !== "delta"))
    lines.push("  * δ^(l) read from your bias gradient ∂e/∂w_0j^(l) (x_0 = 1): your backprop returned no delta");
  const l = report.firstWrongLayer;
  if (l !== null && report.wrongStep !== "forward") {
    const layer = report.layers[l - 1];
    lines.push(`  first wrong layer: ${l} (sample ${layer.sample})`);
    lines.push(`    your δ^(${l})                 ${nums(layer.delta)}`);
    lines.push(`    numerical ∂e/∂s^(${l})        ${nums(layer.numericDelta)}`);
    if (layer.fromUpstream) lines.push(`    θ'(s) Σ_j w_ij δ_j^(${l + 1}) (yours) ${nums(layer.fromUpstream)}`);
    if (layer.wrongUnits.length > 0) lines.push(`    wrong units: ${layer.wrongUnits.map((j) => `δ[l=${l}][j=${j}]`).join(", ")}`);
    if (l > 1) lines.push(`    layers below ${l} are computed from it: fix layer ${l} first`);
    if (report.wrongStep === "weight-gradient")
      lines.push(
        `    wrong weights: ${layer.wrongWeights.slice(0, 6).join(", ")}${layer.wrongWeights.length > 6 ? `, … ${layer.wrongWeights.length} in all` : ""}`,
      );
  }
  if (report.slipDescription !== null)
    lines.push(report.slip === null ? `  ${report.slipDescription}` : `  slip "${report.slip}": ${report.slipDescription}`);
  lines.push(`  mean gradient (1/N) Σ_n ∂e_n/∂w: ${formatHeadline(report)}`);
  lines.push(`  seed: ${report.seed} (pass { seed: ${report.seed} } to replay)`);
  return lines.join("\n");
}

function formatHeadline(report: GradientCheckReport): string {
  const judged = report.checked.length - report.nonDifferentiable.length;
  return report.mismatches.length === 0 && report.directions.every((d) => d.ok)
    ? `agrees with the numerical gradient (${judged} of ${report.checked.length} coordinates judged, ${report.mode})`
    : `${report.mismatches.length} of ${judged} coordinates disagree with the numerical gradient (${report.mode})`;
}
