/**
 * The part of a TensorFlow.js namespace gradcheck/tfjs uses, typed structurally: the user passes
 * their own `tf` (`@tensorflow/tfjs`, `-node`, or core with a backend), and gradcheck never imports
 * tfjs, so it never fights over versions. Every member here exists in tfjs-core 4.x.
 */

/** A tfjs Tensor, as far as gradcheck reads it. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly size: number;
  readonly isDisposed: boolean;
  dataSync(): ArrayLike<number> | unknown;
  data(): Promise<ArrayLike<number> | unknown>;
  dispose(): void;
}

/** A gradient as tfjs registers it for a kernel (tf.getGradient). */
export interface GradConfig {
  inputsToSave?: readonly string[];
  outputsToSave?: readonly boolean[];
  gradFunc(dy: Tensor | Tensor[], saved: Tensor[], attrs: object): Record<string, () => Tensor>;
}

/**
 * What gradcheck/tfjs needs of the user's `tf`, typed loosely (parameters `never`, results
 * `unknown`) so that any tfjs-core 4.x namespace is assignable whatever its own generics.
 */
export interface Tf {
  tensor(values: never, shape?: never, dtype?: never): unknown;
  tidy(fn: never): unknown;
  grads(f: never): unknown;
  memory(): { numTensors: number };
  getBackend(): string;
  sum(x: never): unknown;
  mul(a: never, b: never): unknown;
  add(a: never, b: never): unknown;
}

/** checkKernelGradient's extra needs: the engine's runKernel and the gradient registry. */
export interface TfKernels extends Tf {
  engine(): { runKernel(kernelName: string, inputs: never, attrs?: never): unknown };
  getGradient(kernelName: string): unknown;
}

/** checkCustomGrad's extra need. */
export interface TfCustomGrad extends Tf {
  customGrad(f: never): unknown;
}

/** The same namespace as gradcheck calls it, with tfjs's real signatures (narrowed to what is used). */
export interface TfView {
  tensor(values: Float32Array | Int32Array, shape: number[], dtype: string): Tensor;
  tidy<T>(fn: () => T): T;
  grads(f: (...args: Tensor[]) => Tensor): (args: Tensor[], dy?: Tensor) => Tensor[];
  memory(): { numTensors: number };
  getBackend(): string;
  sum(x: Tensor): Tensor;
  mul(a: Tensor, b: Tensor): Tensor;
  add(a: Tensor, b: Tensor): Tensor;
  engine(): {
    runKernel(kernelName: string, inputs: Record<string, Tensor>, attrs?: object): Tensor | Tensor[];
    /** tfjs-core's engine state: read only to release a tape a throwing gradient left behind (see evaluate.ts). */
    state?: { activeTape?: { saved?: Tensor[] }[] | null; gradientDepth?: number };
  };
  getGradient(kernelName: string): GradConfig | undefined;
  customGrad(f: unknown): (...args: Tensor[]) => Tensor;
}

/** The user's namespace seen through TfView (the one cast in gradcheck/tfjs). */
export const view = (tf: Tf): TfView => tf as unknown as TfView;

/** A tf.Variable (a layer's weight, say): a tensor whose value can be assigned. */
export interface Variable extends Tensor {
  assign(value: Tensor): void;
  readonly trainable: boolean;
}

/** True for a tf.Variable. */
export function isVariable(t: Tensor): t is Variable {
  const v = t as Partial<Variable>;
  return typeof v.assign === "function" && typeof v.trainable === "boolean";
}

/** True for a value that reads like a tfjs Tensor. */
export function isTensor(value: unknown): value is Tensor {
  if (typeof value !== "object" || value === null) return false;
  const t = value as { shape?: unknown; dtype?: unknown; dataSync?: unknown; dispose?: unknown };
  return Array.isArray(t.shape) && typeof t.dtype === "string" && typeof t.dataSync === "function" && typeof t.dispose === "function";
}
