/**
 * Evaluating the user's fn and its tfjs gradient at a point x, every evaluation inside tf.tidy so
 * that each tensor it makes is disposed (also when tfjs throws). Values are read with dataSync
 * where the backend allows it, and by awaiting data() where it does not.
 *
 * The numerical side sees φ(x) = Σ_o ⟨v_o, y_o(x)⟩: the outputs y_o of fn, computed by tfjs in
 * float32, contracted with the cotangents v_o in float64 (no rounding added). Its gradient is the
 * vector-Jacobian product Σ_o v_oᵀ ∂y_o/∂x, which is what tf.grads returns for dy = v.
 */
import { InvalidArgumentError } from "../index.js";
import type { InputSlot } from "./inputs.js";
import { isTensor, isVariable, type Tensor, type TfView } from "./tf.js";

/** The user's function: tensors in (in the order of the inputs), one tensor or several out. */
export type TfjsFunction = (...inputs: never[]) => unknown;

/** One output of fn at the point: its shape and values (float32 values, held as float64). */
export interface Output {
  shape: number[];
  dtype: string;
  values: Float64Array;
}

/** Does this backend read synchronously? Probed once on a one-element tensor (webgpu, for one, refuses). */
export function readsSync(tf: TfView): boolean {
  return tf.tidy(() => {
    try {
      tf.tensor(new Float32Array([1]), [1], "float32").dataSync();
      return true;
    } catch {
      return false;
    }
  });
}

const toFloat64 = (values: unknown): Float64Array => Float64Array.from(values as ArrayLike<number>);

/**
 * The values of x's coordinates as float32 tensors shaped like the inputs; constants stay as given.
 * A tf.Variable input (a layer's weight) is assigned its values instead and passed itself, so that
 * code reading the variable (a layer's apply) sees them; checkWith restores its value at the end.
 */
export function tensorsAt(tf: TfView, slots: readonly InputSlot[], x: Float64Array): Tensor[] {
  return slots.map((s) => {
    if (!s.wrt) return s.tensor;
    const values = tf.tensor(Float32Array.from(x.subarray(s.offset, s.offset + s.size)), s.shape, s.dtype);
    if (!isVariable(s.tensor)) return values;
    s.tensor.assign(values);
    return s.tensor;
  });
}

/** fn's result as a list of tensors, refusing anything else. */
function outputsOf(result: unknown): Tensor[] {
  const list = Array.isArray(result) ? result : [result];
  if (list.length === 0 || !list.every(isTensor))
    throw new InvalidArgumentError("checkTfjs", "fn", "a function returning a tfjs Tensor or an array of Tensors", result);
  return list as Tensor[];
}

/** Evaluates fn and, given cotangents, tfjs's gradient of φ; sync or async as the backend reads. */
export interface Evaluator {
  sync: boolean;
  /** fn at x (sync backends only). */
  outputs(x: Float64Array): Output[];
  outputsAsync(x: Float64Array): Promise<Output[]>;
  /** tfjs's Σ_o v_oᵀ ∂y_o/∂x at x, flat like x. */
  vjp(x: Float64Array, v: readonly Float64Array[], shapes: readonly number[][]): Promise<Float64Array>;
  /** Calls of fn so far (forward evaluations; the gradient's own forward pass not counted). */
  calls(): number;
}

export function evaluator(tf: TfView, fn: TfjsFunction, slots: readonly InputSlot[], n: number): Evaluator {
  const sync = readsSync(tf);
  const call = fn as unknown as (...inputs: Tensor[]) => unknown;
  let calls = 0;
  const forward = (x: Float64Array): Tensor[] => {
    calls++;
    return outputsOf(call(...tensorsAt(tf, slots, x)));
  };
  const describe = (ys: Tensor[], values: unknown[]): Output[] =>
    ys.map((y, o) => ({ shape: [...y.shape], dtype: y.dtype, values: toFloat64(values[o]) }));
  const outputs = (x: Float64Array): Output[] => {
    let out: Output[] = [];
    tf.tidy(() => {
      const ys = forward(x);
      out = describe(
        ys,
        ys.map((y) => y.dataSync()),
      );
    });
    return out;
  };
  const outputsAsync = async (x: Float64Array): Promise<Output[]> => {
    const ys = tf.tidy(() => forward(x));
    try {
      return describe(ys, await Promise.all(ys.map((y) => y.data())));
    } finally {
      for (const y of ys) y.dispose();
    }
  };
  const vjp = async (x: Float64Array, v: readonly Float64Array[], shapes: readonly number[][]): Promise<Float64Array> => {
    const wrt = slots.filter((s) => s.wrt);
    const gradients = releasingTape(tf, () =>
      tf.tidy(() => {
        const variables = tensorsAt(tf, wrt, x);
        const cotangents = v.map((vo, o) => tf.tensor(Float32Array.from(vo), shapes[o], "float32"));
        /** fn with the differentiated inputs as arguments and the constants closed over. */
        const phi = (...xs: Tensor[]): Tensor => {
          let next = 0;
          const ys = outputsOf(call(...slots.map((s) => (s.wrt ? xs[next++] : s.tensor))));
          if (ys.length === 1) return ys[0];
          return ys.map((y, o) => tf.sum(tf.mul(cotangents[o], y))).reduce((a, b) => tf.add(a, b));
        };
        // One output: tf.grads with dy = v. Several: the gradient of Σ_o sum(v_o ⊙ y_o), whose dy for each y_o is v_o exactly.
        return v.length === 1 ? tf.grads(phi)(variables, cotangents[0]) : tf.grads(phi)(variables);
      }),
    );
    return gradientAt(gradients, wrt, n, sync);
  };
  return { sync, outputs, outputsAsync, vjp, calls: () => calls };
}

/**
 * Runs `gradient`, and if it throws, disposes what tfjs's tape still holds. tfjs 4.22 keeps the
 * tensors each op saves for its gradient outside every tidy scope and disposes them at the end of
 * a successful backward pass only; when a gradient throws (a shape error, say) they stay, and the
 * next tf.grads forgets them: a leak of a few tensors per failure. This does the disposal tfjs
 * skipped, only when no gradient is being computed around us (gradientDepth 0).
 */
export function releasingTape<T>(tf: TfView, gradient: () => T): T {
  try {
    return gradient();
  } catch (error) {
    const state = tf.engine().state;
    if (state !== undefined && state.gradientDepth === 0 && Array.isArray(state.activeTape)) {
      for (const node of state.activeTape) for (const t of node.saved ?? []) if (!t.isDisposed) t.dispose();
      state.activeTape = null;
    }
    throw error;
  }
}

/**
 * The gradients tfjs returned (one per differentiated input, in order) as one flat vector like x,
 * then disposed. A gradient shaped unlike its input is an error of the gradient, thrown.
 */
export async function gradientAt(gradients: Tensor[], wrt: readonly InputSlot[], n: number, sync: boolean): Promise<Float64Array> {
  try {
    const out = new Float64Array(n);
    for (let i = 0; i < wrt.length; i++) {
      const [g, s] = [gradients[i], wrt[i]];
      if (!isTensor(g)) throw new Error(`the gradient gives no tensor for ${s.name}`);
      if (g.shape.join(",") !== s.shape.join(","))
        throw new Error(`the gradient for ${s.name} has shape [${g.shape.join(",")}], but ${s.name} has shape [${s.shape.join(",")}]`);
      out.set(await valuesOf(g, sync), s.offset);
    }
    return out;
  } finally {
    for (const g of gradients) if (isTensor(g)) g.dispose();
  }
}

/** Reads a tensor's values as float64, synchronously when allowed. */
export async function valuesOf(tensor: Tensor, sync: boolean): Promise<Float64Array> {
  return toFloat64(sync ? tensor.dataSync() : await tensor.data());
}
