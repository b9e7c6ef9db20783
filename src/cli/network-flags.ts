/**
 * The network a command works on, from --layers/--activation/--loss/--seed or from --spec net.json,
 * and the seeded samples it is checked on.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InvalidArgumentError } from "../base/errors.js";
import { createRandom } from "../base/random.js";
import { type Activation, activations } from "../network/activations.js";
import { type Loss, losses } from "../network/loss.js";
import { createNetwork, type Network, type Sample } from "../network/network.js";
import type { NetworkSpec } from "../network/spec.js";
import { choiceFlag, type Flags, integerFlag, integerList, stringFlag } from "./args.js";
import { UsageError } from "./usage.js";

/** The network flags every network command accepts. */
export const networkFlags = { layers: "string", activation: "string", loss: "string", seed: "string", spec: "string" } as const;

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
  try {
    const network = createNetwork({ layers: file.layers, activation: file.activation, loss: file.loss }, file.parameters, { seed });
    const samples = file.samples ?? drawSamples(network, seed);
    network.meanError(samples); // validates the samples against the spec
    const { d, theta, loss } = network.spec;
    const names = [...new Set(theta.slice(1))].length === 1 ? theta[1] : theta.slice(1).join(", ");
    return { network, samples, seed, description: `layers [${d.join(", ")}], ${names}, ${loss === "squared" ? "squared error" : "cross-entropy"}` };
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new UsageError(`gradcheck ${command}: ${error.message}`, command);
    throw error;
  }
}
