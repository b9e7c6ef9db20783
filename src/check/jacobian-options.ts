/**
 * The options of checkJacobian, checkVJP and checkJVP, checked and defaulted in one place.
 */
import { checkOptions, InvalidArgumentError } from "../base/errors.js";
import { type DifferentiateOptions, resolveDifferentiateOptions } from "../numeric/differentiate.js";
import { epsilonOf } from "../numeric/step.js";
import { DEFAULT_DIRECTIONS, FULL_LIMIT } from "./modes.js";
import { ruleFor, type Tolerance } from "./tolerance.js";

/** Options of checkJacobian, checkVJP and checkJVP: how to differentiate, the tolerance (default: calibrated), the mode, names. */
export interface JacobianCheckOptions extends DifferentiateOptions, Tolerance {
  /**
   * checkVJP and checkJVP: "full" rebuilds the claimed Jacobian from m VJPs or n JVPs and judges
   * it entry by entry; "directional" compares k random tangents (and cotangents), with bisection
   * to the bad entries; "auto" (default): full up to `fullLimit` inputs. checkJacobian is always full.
   */
  mode?: "auto" | "full" | "directional";
  /** Random comparisons drawn by "directional" (default 8). */
  k?: number;
  /** Seed of every random choice (default 1). */
  seed?: number;
  /** Largest n that "auto" checks in full (default 4096). */
  fullLimit?: number;
  /** Names input k ("x[k]", or its path for a structured x). */
  inputName?: (k: number) => string;
  /** Names output i ("y[i]"). */
  outputName?: (i: number) => string;
  /** Accept unresolved entries (false by default; they are named either way). */
  allowUnresolved?: boolean;
}

const KEY_SET: Readonly<Record<keyof JacobianCheckOptions, true>> = {
  method: true,
  step: true,
  precision: true,
  atol: true,
  rtol: true,
  mode: true,
  k: true,
  seed: true,
  fullLimit: true,
  inputName: true,
  outputName: true,
  allowUnresolved: true,
};
export const JACOBIAN_OPTION_KEYS: readonly string[] = Object.keys(KEY_SET);

export function resolveJacobianOptions(fn: string, given: JacobianCheckOptions | undefined, n: number) {
  const options = checkOptions(fn, given, "options", JACOBIAN_OPTION_KEYS);
  for (const key of ["atol", "rtol"] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)))
      throw new InvalidArgumentError(fn, `options.${key}`, "a finite number ≥ 0", v);
  }
  for (const key of ["inputName", "outputName"] as const)
    if (options[key] !== undefined && typeof options[key] !== "function")
      throw new InvalidArgumentError(fn, `options.${key}`, "a function (index: number) => string", options[key]);
  if (options.allowUnresolved !== undefined && typeof options.allowUnresolved !== "boolean")
    throw new InvalidArgumentError(fn, "options.allowUnresolved", "true or false", options.allowUnresolved);
  const mode = options.mode ?? "auto";
  if (mode !== "auto" && mode !== "full" && mode !== "directional")
    throw new InvalidArgumentError(fn, "options.mode", '"auto", "full" or "directional"', mode);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new InvalidArgumentError(fn, "options.seed", "an integer", seed);
  const fullLimit = options.fullLimit ?? FULL_LIMIT;
  if (typeof fullLimit !== "number" || !(fullLimit >= 0)) throw new InvalidArgumentError(fn, "options.fullLimit", "a number ≥ 0", fullLimit);
  const k = options.k ?? DEFAULT_DIRECTIONS;
  if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError(fn, "options.k", "a positive integer", k);
  const differentiation = resolveDifferentiateOptions(fn, { method: options.method, step: options.step, precision: options.precision });
  return {
    mode: mode === "auto" ? (n <= fullLimit ? "full" : "directional") : mode,
    k,
    seed,
    differentiation,
    rule: ruleFor(options, epsilonOf(differentiation.precision)),
    allowUnresolved: options.allowUnresolved === true,
    inputName: options.inputName,
    outputName: options.outputName ?? ((i: number) => `y[${i}]`),
  };
}

export type ResolvedJacobianOptions = ReturnType<typeof resolveJacobianOptions>;
