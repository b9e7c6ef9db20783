/**
 * checkCustomGrad: a function written for tf.customGrad — `(...inputs, save) => ({ value, gradFunc })`
 * — checked twice at the same point, seed and cotangents: its custom gradient (through
 * tf.customGrad and tf.grads) against the numerical derivative, and against tfjs's autodiff of its
 * own forward pass (`value`, differentiated by tf.grads as if gradFunc did not exist). The numerical
 * check is the verdict; the autodiff one tells which of the two gradients to believe when they
 * differ, and is itself checked against the numerical derivative (a forward pass through a
 * non-differentiable op makes autodiff no reference).
 */
import { checkWith, type TfjsCheckOptions } from "./check-tfjs.js";
import { coordinateName, type TfjsInputs } from "./inputs.js";
import type { TfjsCheckReport } from "./report.js";
import { type Tensor, type TfCustomGrad, view } from "./tf.js";

/** What tf.customGrad takes: the inputs and a `save` function in, the value and its gradFunc out. */
export type CustomGradFunction = (...args: never[]) => { value: unknown; gradFunc: unknown };

/** A coordinate where the custom gradient and autodiff of the forward pass disagree beyond the custom check's bound. */
export interface CustomGradDisagreement {
  name: string;
  cotangent: string;
  custom: number;
  autodiff: number;
  bound: number;
}

/** What checkCustomGrad returns: the custom gradient's check, autodiff's check, and where they disagree. */
export interface CustomGradReport {
  /** The custom gradient passes against the numerical derivative. */
  ok: boolean;
  /** The custom gradient (tf.customGrad) against the numerical derivative. */
  custom: TfjsCheckReport;
  /** Autodiff of the forward pass alone against the numerical derivative. */
  autodiff: TfjsCheckReport;
  /** Where the two gradients differ by more than the custom check's bound, worst first. */
  disagreements: CustomGradDisagreement[];
}

/**
 * Checks a tf.customGrad function at `inputs`: its gradient against the numerical derivative and
 * against autodiff of its forward pass.
 *
 * @example
 * import * as tf from "@tensorflow/tfjs";
 * import { checkCustomGrad } from "gradcheck/tfjs";
 * const square = (x: tf.Tensor, save: tf.GradSaveFunc) => {
 *   save([x]);
 *   return { value: tf.square(x), gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, tf.mul(2, saved)) };
 * };
 * const report = await checkCustomGrad(tf, square, [tf.tensor([1, 2])]);
 * report.ok; // true
 */
export async function checkCustomGrad(
  tf: TfCustomGrad,
  custom: CustomGradFunction,
  inputs: TfjsInputs,
  options: TfjsCheckOptions = {},
): Promise<CustomGradReport> {
  const t = view(tf);
  const call = custom as unknown as (...args: unknown[]) => { value: Tensor };
  const withCustom = t.customGrad(custom);
  const forwardOnly = (...xs: Tensor[]) => call(...xs, () => undefined).value;
  const customReport = await checkWith("checkCustomGrad", tf, withCustom as never, inputs, options);
  const autodiff = await checkWith("checkCustomGrad", tf, forwardOnly as never, inputs, options);
  const disagreements: CustomGradDisagreement[] = [];
  customReport.checks.forEach(({ cotangent, report }, c) => {
    const other = autodiff.checks[c]?.report;
    if (other === undefined) return;
    for (const k of report.checked) {
      const [a, b, bound] = [report.analytic[k], other.analytic[k], report.bound[k]];
      if (Number.isFinite(bound) && !(Math.abs(a - b) <= bound))
        disagreements.push({ name: nameAt(customReport, k), cotangent, custom: a, autodiff: b, bound });
    }
  });
  disagreements.sort((p, q) => Math.abs(q.custom - q.autodiff) / q.bound - Math.abs(p.custom - p.autodiff) / p.bound);
  return { ok: customReport.ok, custom: customReport, autodiff, disagreements };
}

/** Coordinate k's name, from the inputs' summary (shapes and offsets in order). */
function nameAt(report: TfjsCheckReport, k: number): string {
  let offset = 0;
  for (const s of report.inputs) {
    if (!s.differentiated) continue;
    const size = s.shape.reduce((a, b) => a * b, 1);
    if (k < offset + size) return coordinateName(s.name, s.shape, k - offset);
    offset += size;
  }
  return `x[${k}]`;
}
