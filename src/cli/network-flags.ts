/**
 * The network a command works on, from --layers/--activation/--loss/--seed or from --spec net.json,
 * and the seeded samples it is checked on.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describeValue, InvalidArgumentError } from "../base/errors.js";
import { createRandom } from "../base/random.js";
import { checkSamples } from "../check/check-network.js";
import { type Activation, activations } from "../network/activations.js";
import { type Loss, losses } from "../network/loss.js";
import { createNetwork, type Network, type Sample } from "../network/network.js";
import type { NetworkSpec } from "../network/spec.js";
import { choiceFlag, type Flags, integerFlag, integerList, stringFlag } from "./args.js";
import { UsageError } from "./usage.js";

/** The network flags every network command accepts. */
export const networkFlags = {
  layers: "string",
  activation: "string",
  loss: "string",
  seed: "string",
  spec: "string",
  "max-parameters": "string",
} as const;

/**
 * The largest network a command builds without --max-parameters: 2 million parameters, about 0.8 GB for a
 * full check at the rate below. Past it a typo (--layers 100000,100000,1) would take gigabytes and minutes.
 */
export const DEFAULT_MAX_PARAMETERS = 2_000_000;
/**
 * Memory per parameter of a full check, measured by `npm run bench` on 2026-12-02 (peak RSS of [784,256,128,10],
 * 235 146 parameters: 146.0 MB, 94.9 MB above the process before the check, so ≈ 404 bytes).
 */
const BYTES_PER_PARAMETER = 400;
/** Time per parameter of a full check, from the same bench ([784,256,128,10] in 6.7 s on 2026-12-02): ≈ 30 µs, more for deeper networks. */
const SECONDS_PER_PARAMETER = 30e-6;

/** A rough duration of a check of n parameters: the full-check rate above; directional checks about 0.3 µs per parameter (77 ms at 235 146 in the same bench). */
export function estimatedSeconds(n: number, mode: string): number {
  return mode === "full" ? n * SECONDS_PER_PARAMETER : mode === "sparse" ? 0 : n * 3e-7;
}

/** Σ_l (d(l−1) + 1)·d(l), computed in floating point so that absurd widths cannot overflow or allocate. */
export function parameterCountOf(layers: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < layers.length; l++) n += (layers[l - 1] + 1) * layers[l];
  return n;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const grouped = (n: number): string => n.toLocaleString("en-US").replace(/,/g, " ");

function humanBytes(bytes: number): string {
  return bytes >= 1e9 ? `${grouped(Number((bytes / 1e9).toPrecision(2)))} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}
function humanSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Refuses a network past the limit before anything is allocated, with the figures. */
export function checkSize(command: string, layers: readonly number[], limit: number, where: string): void {
  const n = parameterCountOf(layers);
  if (n <= limit) return;
  throw new UsageError(
    `gradcheck ${command}: ${where} [${layers.join(", ")}] has ${grouped(n)} parameters, more than the limit of ${grouped(limit)}; ` +
      `a full check would need about ${humanBytes(n * BYTES_PER_PARAMETER)} of memory and ${humanSeconds(n * SECONDS_PER_PARAMETER)} ` +
      `(≈ ${BYTES_PER_PARAMETER} bytes and 30 µs per parameter, measured on [784,256,128,10]). ` +
      `Give --max-parameters ${n} to try anyway.`,
    command,
    "too-large",
    where === "--layers" ? "--layers" : "--spec",
  );
}

/** An InvalidArgumentError from building the network, said in the command line's words. */
function inCliWords(error: InvalidArgumentError, source: string): string {
  const { argument, expected, received } = error;
  const length = /^(samples\[\d+\]\.(input|target)|parameters)\.length$/.exec(argument);
  if (length !== null) {
    const what = length[2] === "target" ? "the network gives" : length[2] === "input" ? "the network takes" : "the network has";
    return `${length[1]} in ${source} has ${plural(Number(received), "number")}, ${what} ${expected}`;
  }
  const name = source.startsWith("--spec")
    ? argument.replace(/^spec\./, "")
    : argument.replace(/^spec\.activation\[(\d+)\]/, (_, k: string) => `--activation of layer ${Number(k) + 1}`).replace(/^spec\.(\w+)/, "--$1");
  return `${name}${source.startsWith("--spec") ? ` in ${source}` : ""} must be ${expected}, received ${describeValue(received)}`;
}

/** The built-in example's architecture, as in the main job. */
export const DEFAULT_LAYERS = [2, 3, 1];
/** Samples drawn when the spec file gives none: a few, so that the mean error mixes samples. */
export const SAMPLE_COUNT = 3;

export interface Problem {
  network: Network;
  samples: Sample[];
  seed: number;
  /** "layers [2, 3, 1], tanh, squared error", for headlines. */
  description: string;
}

interface SpecFile extends NetworkSpec {
  parameters?: number[];
  samples?: Sample[];
}

function readSpecFile(command: string, cwd: string, path: string): SpecFile {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), "utf8");
  } catch (error) {
    throw new UsageError(`gradcheck ${command}: cannot read --spec ${path}: ${(error as Error).message}`, command);
  }
  try {
    return JSON.parse(text) as SpecFile;
  } catch (error) {
    throw new UsageError(`gradcheck ${command}: --spec ${path} is not JSON: ${(error as Error).message}`, command);
  }
}

function specFromFlags(command: string, flags: Flags): NetworkSpec {
  const layers = flags.layers === undefined ? DEFAULT_LAYERS : integerList(command, "layers", String(flags.layers), 1);
  if (layers.length < 2)
    throw new UsageError(
      `gradcheck ${command}: --layers needs at least two widths (input and output), received ${JSON.stringify(flags.layers)}`,
      command,
    );
  const list = (stringFlag(flags, "activation") ?? "tanh").split(",").map((a) => a.trim());
  for (const a of list)
    if (!activations.includes(a as Activation))
      throw new UsageError(
        `gradcheck ${command}: --activation must be one of ${activations.join(", ")} (or one per layer, comma-separated), received ${JSON.stringify(a)}`,
        command,
      );
  const loss = choiceFlag<Loss>(command, flags, "loss", losses, "squared");
  return { layers, activation: list.length === 1 ? (list[0] as Activation) : (list as Activation[]), loss };
}

/** Targets the loss accepts: one-hot for softmax + cross-entropy, [0, 1] for sigmoid + cross-entropy, [−1, 1] for squared error. */
export function drawSamples(network: Network, seed: number, count = SAMPLE_COUNT): Sample[] {
  const random = createRandom(seed + 1);
  const { d, theta, loss } = network.spec;
  const L = d.length - 1;
  return Array.from({ length: count }, () => {
    const input = Array.from({ length: d[0] }, () => random.normal());
    const target = new Array<number>(d[L]).fill(0);
    if (loss === "cross-entropy" && theta[L] === "softmax") target[random.int(d[L])] = 1;
    else for (let j = 0; j < d[L]; j++) target[j] = loss === "cross-entropy" ? random.next() : 2 * random.next() - 1;
    return { input, target };
  });
}

/** Builds the network and its samples; an invalid spec is bad usage (exit 2). */
export function problemFromFlags(command: string, flags: Flags, cwd: string): Problem {
  const seed = integerFlag(command, flags, "seed", 1);
  const specPath = stringFlag(flags, "spec");
  if (specPath !== undefined && (flags.layers !== undefined || flags.activation !== undefined || flags.loss !== undefined))
    throw new UsageError(`gradcheck ${command}: --spec replaces --layers, --activation and --loss; give one or the other`, command);
  const file: SpecFile = specPath === undefined ? specFromFlags(command, flags) : readSpecFile(command, cwd, specPath);
  const limit = integerFlag(command, flags, "max-parameters", DEFAULT_MAX_PARAMETERS, 1);
  const source = specPath === undefined ? "the network options" : `--spec ${specPath}`;
  if (Array.isArray(file.layers) && file.layers.every((d) => typeof d === "number" && d >= 0))
    checkSize(command, file.layers, limit, specPath === undefined ? "--layers" : `the network in --spec ${specPath}`);
  try {
    const network = createNetwork({ layers: file.layers, activation: file.activation, loss: file.loss }, file.parameters, {
      seed,
      maxParameters: Math.max(limit, 1),
    });
    const samples = file.samples ?? drawSamples(network, seed);
    checkSamples(command, network, samples); // names the sample: samples[1].input
    network.meanError(samples); // and its values against the loss
    const { d, theta, loss } = network.spec;
    const names = [...new Set(theta.slice(1))].length === 1 ? theta[1] : theta.slice(1).join(", ");
    return { network, samples, seed, description: `layers [${d.join(", ")}], ${names}, ${loss === "squared" ? "squared error" : "cross-entropy"}` };
  } catch (error) {
    if (error instanceof InvalidArgumentError)
      throw new UsageError(`gradcheck ${command}: ${inCliWords(error, source)}`, command, "spec", specPath === undefined ? "" : "--spec");
    if (error instanceof RangeError)
      throw new UsageError(
        `gradcheck ${command}: the network [${file.layers.join(", ")}] cannot be allocated on this machine (${error.message})`,
        command,
        "too-large",
        specPath === undefined ? "--layers" : "--spec",
      );
    throw error;
  }
}
