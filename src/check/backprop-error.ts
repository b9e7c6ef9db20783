/**
 * The error checkBackprop throws when the user's backprop (or forward) cannot be judged: it threw,
 * returned arrays of the wrong length, a value that is not a finite number, or changed the weights
 * it was given. It names the sample, the layer and the index, in the notation of the report.
 */
import { describeValue } from "../base/errors.js";

/** The user's backprop or forward returned something checkBackprop cannot judge, threw, or changed `parameters`. */
export class BackpropError extends Error {
  override readonly name = "BackpropError";
  constructor(
    /** The public function that called the user's code: "checkBackprop". */
    readonly functionName: string,
    /** Which of the user's functions: "backprop" or "forward". */
    readonly callee: "backprop" | "forward",
    /** The sample it was called on (index into `samples`). */
    readonly sample: number,
    /** Where in its result, e.g. "delta[2][1]", "gradient[7] (w[l=2][i=0][j=1])", "parameters[3]"; "" for a throw. */
    readonly path: string,
    /** The layer l the problem is in, or null when it has none (a throw, a missing field). */
    readonly layer: number | null,
    /** The index inside that layer (j for δ and s, x; the flat index for a flat gradient), or null. */
    readonly index: number | null,
    /** What went wrong, in words: "threw", "has length 3, layer 2 has d(2) = 4 units", "is NaN", … */
    readonly problem: string,
    /** The value received, or the error thrown. */
    override readonly cause: unknown,
  ) {
    const where = path === "" ? "" : ` ${path}`;
    const detail = cause instanceof Error ? `: ${cause.message}` : cause === undefined ? "" : ` (received ${describeValue(cause)})`;
    super(`${functionName}: ${callee}(samples[${sample}])${where} ${problem}${detail}`);
  }
}
