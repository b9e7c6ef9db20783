/**
 * gradcheck/tfjs: checks TensorFlow.js gradients — ops, tf.customGrad functions and registered
 * kernel gradients — against gradcheck's numerical derivative, in one call. Pass your own `tf`:
 * gradcheck never imports tfjs.
 *
 * @example
 * import * as tf from "@tensorflow/tfjs";
 * import { checkTfjs } from "gradcheck/tfjs";
 * const report = await checkTfjs(tf, (x) => tf.sum(tf.square(x)), [tf.tensor([1, 2, 3])]);
 * report.ok; // true
 */
export { checkTfjs, JACOBIAN_LIMIT, type TfjsCheckOptions } from "./check-tfjs.js";
export { type CustomGradDisagreement, type CustomGradFunction, type CustomGradReport, checkCustomGrad } from "./custom-grad.js";
export type { TfjsFunction } from "./evaluate.js";
export type { TfjsInputs, Wrt } from "./inputs.js";
export { checkKernelGradient } from "./kernel.js";
export {
  formatTfjsReport,
  type TfjsCheckReport,
  type TfjsErrorRow,
  type TfjsInputSummary,
  type TfjsMismatch,
  type TfjsNonDifferentiable,
} from "./report.js";
export type { GradConfig, Tensor, Tf, TfCustomGrad, TfKernels } from "./tf.js";
