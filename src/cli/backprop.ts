/**
 * `gradcheck check --backprop ./my-backprop.mjs` and `gradcheck explain --backprop …`: a user's own
 * backprop, judged by checkBackprop (the library's public API only). The module exports `backprop`,
 * optionally `forward` and `gradientLayout`, and either `spec` (with optional `parameters`, `samples`)
 * or nothing, in which case --layers/--activation/--loss/--seed describe the network.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type BackpropCheckOptions,
  type BackpropCheckReport,
  BackpropError,
  type BackpropFunction,
  checkBackprop,
  createNetwork,
  type ForwardFunction,
  formatBackpropReport,
  InvalidArgumentError,
  type NetworkSpec,
  type Sample,
  weightIndex,
  weightName,
} from "../index.js";
import { type Flags, integerFlag } from "./args.js";
import { outputDeltaFormula } from "./formulas.js";
import { green, type Io, red } from "./io.js";
import { drawSamples, problemFromFlags } from "./network-flags.js";
import { toJson } from "./report-data.js";
import { EXIT_FAIL, EXIT_PASS, UsageError } from "./usage.js";

/** What a --backprop module provides, resolved: the network, the samples, the user's functions. */
export interface BackpropProblem {
  spec: NetworkSpec;
  parameters: Float64Array;
  samples: Sample[];
  backprop: BackpropFunction;
  forward?: ForwardFunction;
  gradientLayout: "flat" | "nested";
  seed: number;
  /** "layers [3, 4, 4, 4], tanh, squared error (from the module)". */
  description: string;
}

/** Loads the module and builds the problem; a module that cannot be used is bad usage (exit 2). */
export async function loadBackprop(command: string, io: Io, path: string, flags: Flags): Promise<BackpropProblem> {
  const url = pathToFileURL(resolve(io.cwd, path)).href;
  let m: Record<string, unknown>;
  try {
    m = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`gradcheck ${command}: cannot load --backprop ${path}: ${(error as Error).message}`, command);
  }
  const bad = (what: string): never => {
    throw new UsageError(`gradcheck ${command}: --backprop ${path} must export ${what}`, command);
  };
  if (typeof m.backprop !== "function") bad("backprop, a function (input, target, parameters) => { delta?, gradient }");
  if (m.forward !== undefined && typeof m.forward !== "function") bad("forward (if at all) as a function (input, parameters) => { s, x }");
  const layout = m.gradientLayout ?? "flat";
  if (layout !== "flat" && layout !== "nested") bad('gradientLayout (if at all) as "flat" or "nested"');
  const seed = integerFlag(command, flags, "seed", 1);
  const base = {
    backprop: m.backprop as BackpropFunction,
    forward: m.forward as ForwardFunction | undefined,
    gradientLayout: layout as "flat" | "nested",
    seed,
  };
  if (m.spec === undefined) {
    const problem = problemFromFlags(command, flags, io.cwd);
    const { d, theta, loss } = problem.network.spec;
    const spec: NetworkSpec = { layers: d, activation: theta.slice(1), loss };
    return { ...base, spec, parameters: Float64Array.from(problem.network.parameters), samples: problem.samples, description: problem.description };
  }
  for (const name of ["layers", "activation", "loss", "spec"])
    if (flags[name] !== undefined)
      throw new UsageError(`gradcheck ${command}: --backprop ${path} exports its spec; --${name} would contradict it`, command);
  try {
    const spec = m.spec as NetworkSpec;
    const network = createNetwork(spec, m.parameters as ArrayLike<number> | undefined, { seed });
    const samples = (m.samples as Sample[] | undefined) ?? drawSamples(network, seed);
    network.meanError(samples); // validates the samples against the spec
    const { d, theta, loss } = network.spec;
    const names = [...new Set(theta.slice(1))].join(", ");
    return {
      ...base,
      spec,
      parameters: Float64Array.from(network.parameters),
      samples,
      description: `layers [${d.join(", ")}], ${names}, ${loss === "squared" ? "squared error" : "cross-entropy"} (from ${path})`,
    };
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new UsageError(`gradcheck ${command}: --backprop ${path}: ${error.message}`, command);
    throw error;
  }
}

/** checkBackprop on the problem; the user's code failing (throwing, NaN, wrong lengths) is a failed check, printed on stderr. */
function runCheck(io: Io, problem: BackpropProblem, samples: readonly Sample[], options: BackpropCheckOptions): BackpropCheckReport | undefined {
  try {
    io.progress(`checking your backprop on ${samples.length} sample${samples.length === 1 ? "" : "s"}…`);
    return checkBackprop(problem.spec, problem.parameters, samples, problem.backprop, {
      ...options,
      gradientLayout: problem.gradientLayout,
      ...(problem.forward ? { forward: problem.forward } : {}),
    });
  } catch (error) {
    if (!(error instanceof BackpropError)) throw error;
    io.err(`FAIL ${error.message}`);
    return undefined;
  } finally {
    io.progress("");
  }
}

/** `gradcheck check --backprop`: the per-layer table, the first wrong layer, the named slip. */
export async function checkBackpropCommand(io: Io, path: string, flags: Flags, options: BackpropCheckOptions): Promise<number> {
  const problem = await loadBackprop("check", io, path, flags);
  const report = runCheck(io, problem, problem.samples, options);
  if (report === undefined) return EXIT_FAIL;
  if (flags.json) {
    io.out(
      toJson({
        ...report,
        module: path,
        network: { layers: problem.spec.layers, activation: problem.spec.activation, loss: problem.spec.loss ?? "squared" },
        samples: problem.samples,
      }),
    );
    return report.ok ? EXIT_PASS : EXIT_FAIL;
  }
  const text = formatBackpropReport(report).split("\n");
  const word = report.ok ? green(io.color, "PASS") : red(io.color, "FAIL");
  io.out(
    [
      `gradcheck check --backprop ${path}: ${problem.description}; ${problem.samples.length} samples, seed ${problem.seed}`,
      `${word} ${text[0]}`,
      ...text.slice(1),
      "  (this judges your backprop; gradcheck check without --backprop judges gradcheck's own engine)",
    ].join("\n"),
  );
  return report.ok ? EXIT_PASS : EXIT_FAIL;
}

const num = (v: number): string => (Number.isFinite(v) ? (v < 0 ? "" : " ") + v.toPrecision(8) : String(v));
const list = (a: ArrayLike<number>): string => `[${Array.from(a, (v) => v.toPrecision(6)).join(", ")}]`;

/** `gradcheck explain --backprop`: the derivation on one sample, the user's numbers beside the right ones, layer by layer from L. */
export async function explainBackpropCommand(io: Io, path: string, flags: Flags): Promise<number> {
  const problem = await loadBackprop("explain", io, path, flags);
  const sample = problem.samples[0];
  const report = runCheck(io, problem, [sample], { mode: "full", seed: problem.seed });
  if (report === undefined) return EXIT_FAIL;
  const network = createNetwork(problem.spec, problem.parameters);
  const { d, theta } = network.spec;
  const L = d.length - 1;
  const trace = network.forward(sample.input);
  const mark = (ok: boolean) => (ok ? green(io.color, "right") : red(io.color, "WRONG"));
  const lines = [
    `gradcheck explain --backprop ${path}: ${problem.description}; sample 0 of ${problem.samples.length}`,
    `sample: x^(0) = ${list(sample.input)}, y = ${list(sample.target)}`,
    "",
    "forward (gradcheck's forward rules): s_j^(l) = Σ_i w_ij^(l) x_i^(l−1) (x_0 = 1), x_j^(l) = θ(s_j^(l))",
  ];
  for (let l = 1; l <= L; l++) lines.push(`  l=${l} (${theta[l]}): s = ${list(trace.s[l])}, x = ${list(trace.x[l])}`);
  if (problem.forward) lines.push(`  your forward: ${report.layers.every((v) => v.forwardOk) ? "right at every layer" : `WRONG: ${report.summary}`}`);
  for (let l = L; l >= 1; l--) {
    const layer = report.layers[l - 1];
    lines.push("");
    lines.push(
      l === L
        ? `output layer L=${L}: δ_j^(L) = ∂e/∂s_j^(L) = ${outputDeltaFormula(theta[L], network.spec.loss)}   (numerical: s_j^(L) moved directly, forward to e)`
        : `layer l=${l}: δ_i^(${l}) = θ'(s_i^(${l})) Σ_j w_ij^(${l + 1}) δ_j^(${l + 1}), from your δ^(${l + 1})   (numerical: s_i^(${l}) moved directly, forward to e)`,
    );
    lines.push(`  ${"unit".padEnd(8)}${"your δ".padEnd(18)}${l < L ? "recursion on yours".padEnd(20) : ""}numerical ∂e/∂s`);
    for (let j = 0; j < d[l]; j++) {
      const wrong = layer.wrongUnits.includes(j) ? red(io.color, "  ✗") : "";
      lines.push(
        `  ${`j=${j}`.padEnd(8)}${num(layer.delta[j]).padEnd(18)}${layer.fromUpstream ? num(layer.fromUpstream[j]).padEnd(20) : ""}${num(layer.numericDelta[j])}${wrong}`,
      );
    }
    lines.push(
      `  δ^(${l}) ${mark(layer.deltaOk)}${layer.deltaSource === "delta" ? "" : " (read from your bias gradient ∂e/∂w_0j: no delta returned)"}`,
    );
    const picks = [
      [0, 0],
      [d[l - 1], d[l] - 1],
    ];
    for (const [i, j] of picks) {
      const k = weightIndex(network.layout, l, i, j);
      const xi = i === 0 ? 1 : trace.x[l - 1][i - 1];
      lines.push(
        `  ∂e/∂w_(${i},${j})^(${l}) = x_${i}^(${l - 1}) δ_${j}^(${l}) = ${num(xi)} × ${num(layer.delta[j])} = ${num(xi * layer.delta[j])}   yours ${num(report.analytic[k])}   numerical ${num(report.numeric[k])}   [${weightName(network.layout, k)}]`,
      );
    }
    lines.push(`  ∂e/∂w^(${l}) ${mark(layer.gradientOk)}`);
  }
  const text = formatBackpropReport(report).split("\n");
  lines.push("", `${report.ok ? green(io.color, "PASS") : red(io.color, "FAIL")} ${text[0]}`);
  if (report.slipDescription !== null)
    lines.push(report.slip === null ? `  ${report.slipDescription}` : `  slip "${report.slip}": ${report.slipDescription}`);
  io.out(lines.join("\n"));
  return report.ok ? EXIT_PASS : EXIT_FAIL;
}
