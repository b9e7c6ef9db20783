/**
 * checkTfjs: are tfjs's gradients of fn at these inputs right? One call does what checking a tfjs
 * gradient by hand takes: the inputs flattened and named, the point rounded to float32, a seeded
 * cotangent v for a non-scalar output (the scalar is φ(x) = ⟨v, fn(x)⟩, whose gradient is the
 * VJP tf.grads gives for dy = v), checkGradient with precision "float32", tf.tidy around every
 * evaluation, and tfjs's own errors turned into report rows.
 */
import { type CheckOptions, checkGradient, FunctionEvaluationError, type GradientCheckReport, InvalidArgumentError } from "../index.js";
import { type Cotangent, contract, cotangents } from "./cotangents.js";
import { type Evaluator, evaluator, type Output, type TfjsFunction, tensorsAt, valuesOf } from "./evaluate.js";
import { dimension, type InputSlot, namer, slotsOf, type TfjsInputs, type Wrt } from "./inputs.js";
import { replayed } from "./replay.js";
import type { TfjsCheckReport, TfjsErrorRow, TfjsInputSummary } from "./report.js";
import { isVariable, type Tensor, type Tf, type TfView, view } from "./tf.js";

/** checkTfjs's options: checkGradient's (precision and names are checkTfjs's own), and which inputs and cotangents. */
export interface TfjsCheckOptions extends Omit<CheckOptions, "precision" | "name"> {
  /** The inputs to differentiate, by position or record key; the others are constants. Default: every float32 input. */
  wrt?: Wrt;
  /** Random cotangents for a non-scalar output (default 1); each is one checkGradient run. */
  cotangents?: number;
  /** Check the full Jacobian instead, one output coordinate per run: for small outputs (at most 64 coordinates). */
  jacobian?: boolean;
}

const OWN_KEYS = ["wrt", "cotangents", "jacobian"];
const PASSED_KEYS = ["method", "step", "atol", "rtol", "mode", "k", "seed", "fullLimit", "allowUnresolved"] as const;
/** The largest output `jacobian: true` checks row by row. */
export const JACOBIAN_LIMIT = 64;

/** tfjs's gradient of φ at x for one cotangent, flat like x: tf.grads by default, a registered kernel gradient for checkKernelGradient. */
export type GradientOf = (x: Float64Array, cotangent: Cotangent, shapes: readonly number[][]) => Promise<Float64Array>;

/** How checkWith gets its gradient: built from the namespace, the evaluator and the inputs' slots. */
export type GradientWith = (tf: TfView, ev: Evaluator, slots: readonly InputSlot[]) => GradientOf;

const messageOf = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** The error tfjs threw inside fn, unwrapped from checkGradient's FunctionEvaluationError. */
function forwardRow(error: FunctionEvaluationError, cotangent: string): TfjsErrorRow {
  const cause = error.cause;
  const detail = cause instanceof Error ? messageOf(cause) : `fn gave ${String(cause)}`;
  return { stage: "forward", cotangent, message: `${detail} (${error.location})`, error };
}

function validate(fn: string, options: TfjsCheckOptions): void {
  if (typeof options !== "object" || options === null) throw new InvalidArgumentError(fn, "options", "an object of options, or nothing", options);
  for (const key of Object.keys(options))
    if (!OWN_KEYS.includes(key) && !(PASSED_KEYS as readonly string[]).includes(key))
      throw new InvalidArgumentError(
        fn,
        `options.${key}`,
        `absent: not an option of ${fn} (its options: ${[...OWN_KEYS, ...PASSED_KEYS].join(", ")})`,
        options[key as keyof TfjsCheckOptions],
      );
  const c = options.cotangents;
  if (c !== undefined && (!Number.isInteger(c) || c < 1)) throw new InvalidArgumentError(fn, "options.cotangents", "a positive integer", c);
  if (options.wrt !== undefined && !Array.isArray(options.wrt))
    throw new InvalidArgumentError(fn, "options.wrt", "an array of input positions or names", options.wrt);
}

/** Assigns each tf.Variable input its original values again (the check assigned it every point it evaluated). */
function restore(tf: TfView, slots: readonly InputSlot[], x: Float64Array): void {
  const variables = slots.filter((s) => s.wrt && isVariable(s.tensor));
  if (variables.length > 0) tf.tidy(() => void tensorsAt(tf, variables, x));
}

function summarize(slots: readonly InputSlot[], checks: TfjsCheckReport["checks"]): TfjsInputSummary[] {
  return slots.map((s) => {
    const inside = (k: number) => s.wrt && k >= s.offset && k < s.offset + s.size;
    let [checked, mismatches, kinks, maxRatio] = [0, 0, 0, Number.NaN];
    for (const { report } of checks) {
      for (const k of report.checked)
        if (inside(k)) {
          checked++;
          const r = report.ratio[k];
          if (Number.isFinite(r)) maxRatio = Number.isNaN(maxRatio) ? r : Math.max(maxRatio, r);
        }
      mismatches += report.mismatches.filter((m) => inside(m.index)).length;
      kinks += report.nonDifferentiable.filter((m) => inside(m.index)).length;
    }
    return { name: s.name, shape: s.shape, dtype: s.dtype, differentiated: s.wrt, checked, mismatches, nonDifferentiable: kinks, maxRatio };
  });
}

/** checkTfjs with the gradient supplied: the engine shared by checkTfjs, checkKernelGradient and checkCustomGrad. */
export async function checkWith(
  fnName: string,
  given: Tf,
  fn: TfjsFunction,
  inputs: TfjsInputs,
  options: TfjsCheckOptions,
  gradientOf?: GradientWith,
): Promise<TfjsCheckReport> {
  if (typeof fn !== "function") throw new InvalidArgumentError(fnName, "fn", "a function of tensors returning a tensor", fn);
  validate(fnName, options);
  const tf = view(given);
  const before = tf.memory().numTensors;
  const slots = slotsOf(fnName, inputs, options.wrt);
  const n = dimension(slots);
  if (n === 0) throw new InvalidArgumentError(fnName, "inputs", "at least one float32 input to differentiate", inputs);
  const ev = evaluator(tf, fn, slots, n);
  const gradient: GradientOf = gradientOf?.(tf, ev, slots) ?? ((x, c, shapes) => ev.vjp(x, c.v, shapes));
  const x = new Float64Array(n);
  for (const s of slots) if (s.wrt) x.set(await valuesOf(s.tensor, ev.sync), s.offset);
  const seed = options.seed ?? 1;
  const errors: TfjsErrorRow[] = [];
  const checks: TfjsCheckReport["checks"] = [];
  let gradients = 0;
  const check: CheckOptions = { precision: "float32", name: namer(slots) };
  for (const key of PASSED_KEYS) if (options[key] !== undefined) Object.assign(check, { [key]: options[key] });
  try {
    let outputs: Output[] | undefined;
    try {
      outputs = ev.sync ? ev.outputs(x) : await ev.outputsAsync(x);
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw error;
      errors.push({ stage: "forward", cotangent: "", message: `${messageOf(error)} (at the given inputs)`, error });
    }
    const nonFloat = outputs?.find((o) => o.dtype !== "float32");
    if (nonFloat !== undefined) {
      errors.push({ stage: "forward", cotangent: "", message: `an output is ${nonFloat.dtype}, which has no derivative`, error: undefined });
      outputs = undefined;
    }
    if (outputs !== undefined) {
      const shapes = outputs.map((o) => o.shape);
      const total = outputs.reduce((a, o) => a + o.values.length, 0);
      if (options.jacobian === true && total > JACOBIAN_LIMIT)
        throw new InvalidArgumentError(
          fnName,
          "options.jacobian",
          `true only for outputs of at most ${JACOBIAN_LIMIT} coordinates (fn gives ${total}); use cotangents`,
          true,
        );
      for (const c of cotangents(shapes, { count: options.cotangents ?? 1, jacobian: options.jacobian === true, seed })) {
        let analytic: Float64Array;
        try {
          gradients++;
          analytic = await gradient(x, c, shapes);
        } catch (error) {
          if (error instanceof InvalidArgumentError) throw error;
          errors.push({ stage: "gradient", cotangent: c.label, message: messageOf(error), error });
          break;
        }
        const run = (f: (p: Float64Array) => number): GradientCheckReport => checkGradient(f, x, analytic, check);
        try {
          const report = ev.sync
            ? run((p) => contract(c.v, ev.outputs(p)))
            : await replayed(run, async (p) => contract(c.v, await ev.outputsAsync(p)));
          checks.push({ cotangent: c.label, report });
        } catch (error) {
          if (!(error instanceof FunctionEvaluationError)) throw error;
          errors.push(forwardRow(error, c.label));
          break;
        }
      }
    }
  } finally {
    restore(tf, slots, x);
    const after = tf.memory().numTensors;
    // Fewer than before is no leak: releasingTape disposed tensors an earlier failed tf.grads had left behind.
    if (after > before)
      errors.push({ stage: "memory", cotangent: "", message: `${after - before} tensor(s) left behind by fn or its gradient`, error: undefined });
  }
  const along = <T extends { name: string }>(list: (r: GradientCheckReport) => T[]) =>
    checks.flatMap(({ cotangent, report }) => list(report).map((m) => ({ ...m, cotangent })));
  const mismatches = along((r) => r.mismatches).sort((a, b) => (Number.isNaN(b.ratio) ? 1 : b.ratio - a.ratio));
  return {
    ok: errors.length === 0 && checks.every((c) => c.report.ok),
    mismatches,
    nonDifferentiable: along((r) => r.nonDifferentiable),
    unresolved: along((r) => r.unresolved).map((u) => ({ name: u.name, cotangent: u.cotangent, bound: u.bound, resolution: u.resolution })),
    inputs: summarize(slots, checks),
    errors,
    checks,
    evaluations: ev.calls(),
    gradients,
    precision: "float32",
    backend: tf.getBackend(),
    sync: ev.sync,
    seed,
  };
}

/**
 * Checks tfjs's gradient of fn at `inputs` against gradcheck's numerical derivative, in float32.
 * It never throws for a wrong gradient nor for one tfjs cannot compute: those are `ok: false`
 * with the mismatches or the error as rows. It leaves tf.memory().numTensors as it found it.
 *
 * @example
 * import * as tf from "@tensorflow/tfjs";
 * import { checkTfjs } from "gradcheck/tfjs";
 * const W = tf.tensor([[0.5, -0.3], [0.2, 0.8], [-0.6, 0.1]]);
 * const report = await checkTfjs(tf, (W, x) => tf.tanh(tf.matMul(W, x)), { W, x: tf.tensor([[0.9], [-0.4]]) });
 * report.ok; // true
 */
export function checkTfjs<T extends Tensor>(
  tf: Tf,
  fn: (...inputs: NoInfer<T>[]) => Tensor | readonly Tensor[],
  inputs: readonly T[] | Readonly<Record<string, T>>,
  options: TfjsCheckOptions = {},
): Promise<TfjsCheckReport> {
  return checkWith("checkTfjs", tf, fn as TfjsFunction, inputs, options);
}
