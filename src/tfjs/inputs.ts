/**
 * The inputs of a tfjs function, flattened into one point x and named in the user's words:
 * `input[2,1]` for a single tensor, `inputs[1][2,1]` for several, `W[2,1]` for a named record
 * `{ W, b }`. Only the inputs differentiated (`wrt`) enter x; the others stay constants.
 */
import { InvalidArgumentError } from "../index.js";
import { isTensor, type Tensor } from "./tf.js";

/** The inputs checkTfjs accepts: a list of tensors, or a record naming them. */
export type TfjsInputs = readonly Tensor[] | Readonly<Record<string, Tensor>>;

/** One input: where its coordinates sit in x, and how to name them. */
export interface InputSlot {
  /** "input", "inputs[1]" or the record key. */
  name: string;
  tensor: Tensor;
  shape: number[];
  dtype: string;
  /** Differentiated (its coordinates are in x), or a constant. */
  wrt: boolean;
  /** Offset of its first coordinate in x (−1 when a constant). */
  offset: number;
  size: number;
}

/** Which inputs to differentiate: positions, or names of a record. Default: every float32 input. */
export type Wrt = readonly (number | string)[];

/** The name of coordinate `flat` of a tensor of this shape: `W[2,1]`, or `W` for a scalar. */
export function coordinateName(name: string, shape: readonly number[], flat: number): string {
  if (shape.length === 0) return name;
  const index = new Array<number>(shape.length);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = rest % shape[d];
    rest = Math.floor(rest / shape[d]);
  }
  return `${name}[${index.join(",")}]`;
}

/** The inputs as slots, in the order fn takes them, with x's layout. */
export function slotsOf(fn: string, inputs: TfjsInputs, wrt: Wrt | undefined): InputSlot[] {
  const record = !Array.isArray(inputs);
  const entries: [string, unknown][] = record ? Object.entries(inputs) : (inputs as readonly Tensor[]).map((t, i) => [String(i), t]);
  if (entries.length === 0) throw new InvalidArgumentError(fn, "inputs", "at least one tensor", inputs);
  const single = !record && entries.length === 1;
  const wanted = (key: string, i: number) => (wrt === undefined ? undefined : wrt.includes(record ? key : i) || wrt.includes(key));
  if (wrt !== undefined) {
    const known = new Set(entries.map(([key], i) => (record ? key : i)));
    for (const w of wrt)
      if (!known.has(w) && !(typeof w === "string" && known.has(Number(w))))
        throw new InvalidArgumentError(fn, "options.wrt", `positions or names of the inputs (${[...known].join(", ")})`, w);
  }
  let offset = 0;
  return entries.map(([key, tensor], i) => {
    const label = record ? key : single ? "input" : `inputs[${i}]`;
    if (!isTensor(tensor)) throw new InvalidArgumentError(fn, `inputs${record ? `.${key}` : `[${i}]`}`, "a tfjs Tensor", tensor);
    if (tensor.isDisposed) throw new InvalidArgumentError(fn, `inputs${record ? `.${key}` : `[${i}]`}`, "a tensor not yet disposed", label);
    const float = tensor.dtype === "float32";
    const asked = wanted(key, i);
    if (asked === true && !float)
      throw new InvalidArgumentError(fn, "options.wrt", `float32 inputs only (${label} is ${tensor.dtype}: it has no derivative)`, record ? key : i);
    const differentiated = asked ?? float;
    const slot: InputSlot = {
      name: label,
      tensor,
      shape: [...tensor.shape],
      dtype: tensor.dtype,
      wrt: differentiated,
      offset: differentiated ? offset : -1,
      size: tensor.size,
    };
    if (differentiated) offset += tensor.size;
    return slot;
  });
}

/** The number of coordinates in x. */
export const dimension = (slots: readonly InputSlot[]): number => slots.reduce((n, s) => n + (s.wrt ? s.size : 0), 0);

/** Names coordinate k of x: the input it belongs to and its multi-index there. */
export function namer(slots: readonly InputSlot[]): (k: number) => string {
  const differentiated = slots.filter((s) => s.wrt);
  return (k) => {
    const slot = differentiated.find((s) => k >= s.offset && k < s.offset + s.size) as InputSlot;
    return coordinateName(slot.name, slot.shape, k - slot.offset);
  };
}
