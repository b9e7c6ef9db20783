/**
 * checkKernelGradient: the gradient registered for a kernel (tf.getGradient), checked without an
 * op wrapper: the forward is tf.engine().runKernel(kernelName, inputs, attrs), the gradient is the
 * registered gradFunc called as the engine calls it — dy, the saved tensors (inputsToSave, then
 * the outputs flagged in outputsToSave) and the attrs — and each input's gradient is one of the
 * functions it returns, keyed by the kernel's input name. What a contributor writing a new kernel
 * gradient runs before the op exists.
 */
import { InvalidArgumentError } from "../index.js";
import { checkWith, type GradientWith, type TfjsCheckOptions } from "./check-tfjs.js";
import { gradientAt, tensorsAt } from "./evaluate.js";
import type { TfjsCheckReport } from "./report.js";
import { type GradConfig, type Tensor, type TfKernels, view } from "./tf.js";

const asList = (result: unknown): Tensor[] => (Array.isArray(result) ? result : [result]) as Tensor[];

/**
 * Checks the gradient registered for `kernelName` at the named kernel inputs (`{ x }`, `{ a, b }`,
 * as the kernel names them) with these attrs. A kernel with no registered gradient, or one that
 * omits an input, is `ok: false` with that as a row.
 *
 * @example
 * import * as tf from "@tensorflow/tfjs";
 * import { checkKernelGradient } from "gradcheck/tfjs";
 * const report = await checkKernelGradient(tf, "Prod", { x: tf.tensor([[1, 2], [3, 4]]) }, { axis: [1], keepDims: false });
 * report.ok; // true
 */
export function checkKernelGradient(
  tf: TfKernels,
  kernelName: string,
  inputs: Readonly<Record<string, Tensor>>,
  attrs: object = {},
  options: TfjsCheckOptions = {},
): Promise<TfjsCheckReport> {
  const fn = "checkKernelGradient";
  if (typeof kernelName !== "string" || kernelName === "")
    throw new InvalidArgumentError(fn, "kernelName", 'a kernel name such as "Conv2D"', kernelName);
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs))
    throw new InvalidArgumentError(fn, "inputs", "a record of the kernel's named inputs, such as { x: tensor }", inputs);
  const t = view(tf);
  const names = Object.keys(inputs);
  const record = (xs: Tensor[]) => Object.fromEntries(names.map((name, i) => [name, xs[i]]));
  const forward = (...xs: Tensor[]) => t.engine().runKernel(kernelName, record(xs), attrs);
  const registered: GradientWith = (_, ev, slots) => async (x, c, shapes) => {
    const config = t.getGradient(kernelName) as GradConfig | undefined;
    if (config === undefined || typeof config.gradFunc !== "function") throw new Error(`no gradient is registered for kernel "${kernelName}"`);
    const wrt = slots.filter((s) => s.wrt);
    const gradients = t.tidy(() => {
      const given = record(tensorsAt(t, slots, x));
      const outputs = asList(t.engine().runKernel(kernelName, given, attrs));
      const saved = [...(config.inputsToSave ?? []).map((name) => given[name]), ...outputs.filter((_, o) => config.outputsToSave?.[o] === true)];
      const dy = c.v.map((v, o) => t.tensor(Float32Array.from(v), [...shapes[o]], "float32"));
      const rules = config.gradFunc(dy.length === 1 ? dy[0] : dy, saved, attrs);
      return wrt.map((s) => {
        const rule = rules[s.name];
        if (typeof rule !== "function") throw new Error(`the gradient registered for "${kernelName}" gives none for its input "${s.name}"`);
        return rule();
      });
    });
    return gradientAt(gradients, wrt, x.length, ev.sync);
  };
  return checkWith(fn, tf, forward as never, inputs, options, registered);
}
