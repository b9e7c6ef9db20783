/**
 * A check's point x as the differentiator sees it: a flat Float64Array, whatever the caller
 * passed. A flat array of numbers is copied; a structure (`{ W: number[][], b: Float64Array }`,
 * nested arrays) is flattened by its shape, f is given a fresh copy of the structure at every
 * call, coordinates are named by path (`W[1][2]`, `b[0]`), and values of x's shape (a claimed
 * gradient, a Jacobian row, a VJP) are read back flat, a wrong shape a StructureError naming the path.
 */
import { InvalidArgumentError, isPromise } from "../base/errors.js";
import { isStructured, type Shape, shapeOf } from "../base/structure.js";
import { copyPoint } from "../numeric/evaluate.js";

export interface Point {
  /** x, flat (a private copy). */
  x: Float64Array;
  /** x's shape, when it is structured. */
  shape?: Shape;
  /** Names coordinate k: its path, or "x[k]". */
  name: (k: number) => string;
  /** The argument f receives for a flat point: the point itself, or a fresh structure. */
  argument(flat: Float64Array): unknown;
  /** Reads a value of x's shape (or a flat array of n numbers) as a flat vector. */
  read(value: unknown, fn: string, argument: string): Float64Array;
}

/** Reads a flat array of exactly n numbers (any finite or not: the report shows what was claimed). */
export function readFlat(value: unknown, n: number, fn: string, argument: string, length = `${n} (the length of x)`): Float64Array {
  if (isPromise(value)) throw new InvalidArgumentError(fn, argument, "an array of numbers (it is a Promise: use the check's Async form)", value);
  const like = value as ArrayLike<unknown> | null;
  if (typeof like !== "object" || like === null || typeof like.length !== "number")
    throw new InvalidArgumentError(fn, argument, `an array of ${n} numbers`, value);
  if (like.length !== n) throw new InvalidArgumentError(fn, `${argument}.length`, length, like.length);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (typeof like[k] !== "number") throw new InvalidArgumentError(fn, `${argument}[${k}]`, "a number", like[k]);
    out[k] = like[k] as number;
  }
  return out;
}

/** The point x of a check, flat or structured; `name` overrides the coordinate names. */
export function pointOf(fn: string, x: unknown, name?: (k: number) => string): Point {
  if (!isStructured(x)) {
    const point = copyPoint(fn, x);
    return {
      x: point,
      name: name ?? ((k) => `x[${k}]`),
      argument: (flat) => flat,
      read: (value, f, argument) => readFlat(value, point.length, f, argument),
    };
  }
  const shape = shapeOf(fn, "x", x);
  const point = shape.read(x, fn, "x");
  return {
    x: point,
    shape,
    name: name ?? ((k) => shape.paths[k]),
    argument: (flat) => shape.build(flat),
    read: (value, f, argument) => (isStructured(value) ? shape.read(value, f, argument) : readFlat(value, point.length, f, argument)),
  };
}
