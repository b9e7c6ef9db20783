/**
 * Structured parameters: a nested plain object or array of numbers, number arrays, matrices
 * (nested arrays) and typed arrays, e.g. `{ W: number[][], b: Float64Array }`, seen as one flat
 * vector. `shapeOf` reads the layout once; `build` makes a fresh copy of the same structure from a
 * flat vector (f gets a new one at every call, so the caller's structure is never changed), and
 * `read` flattens a value of the same shape (a claimed gradient), refusing a missing key or a
 * wrong length with a StructureError naming the path, `W[1]` or `b`.
 */
import { InvalidArgumentError } from "./errors.js";

/** A structure of numbers: what structured parameters and their gradients are. */
export type Structure = number | ArrayLike<number> | readonly Structure[] | { readonly [key: string]: Structure };

/** A value that does not have the structure it must have: the path says where. */
export class StructureError extends InvalidArgumentError {
  constructor(
    functionName: string,
    /** Where in the structure: "analytic.W[1]", "x.b". */
    readonly path: string,
    expected: string,
    received: unknown,
  ) {
    super(functionName, path, expected, received);
  }
}

/** Test-only seam (properties/structured.test.ts): planted mistakes in building f's argument. */
export interface StructureMutation {
  /** build fills one structure in place and hands out the same object at every call. */
  sharedCopy?: boolean;
}
let mutation: StructureMutation = {};
/** Sets the planted mistake (test-only; `{}` restores the real behaviour). */
export function setStructureMutation(m: StructureMutation): void {
  mutation = m;
}

type Node =
  | { kind: "number" }
  | { kind: "typed"; length: number; make: (n: number) => ArrayLike<number> & { [k: number]: number } }
  | { kind: "array"; items: Node[] }
  | { kind: "object"; keys: string[]; items: Node[] };

/** The layout of a structure. */
export interface Shape {
  /** Number of numbers in it. */
  readonly n: number;
  /** Each number's path, in flat order: "W[1][2]", "b[0]" (a root array's: "x[1][2]"). */
  readonly paths: readonly string[];
  /** A fresh structure holding `flat`. */
  build(flat: ArrayLike<number>): unknown;
  /** `value`, of the same shape (number arrays and typed arrays interchangeable), as a flat vector. */
  read(value: unknown, fn: string, argument: string): Float64Array;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** Is x a structure (a plain object, or an array holding arrays or objects) rather than a flat array of numbers? */
export function isStructured(x: unknown): boolean {
  if (isPlainObject(x)) return true;
  return Array.isArray(x) && x.some((v) => typeof v === "object" && v !== null);
}

/** "x" + "[1]" → "x[1]"; "analytic" + "W[0]" → "analytic.W[0]". */
const join = (argument: string, path: string): string =>
  path === "" ? argument : path.startsWith("[") ? `${argument}${path}` : `${argument}.${path}`;

const keyPath = (path: string, key: string): string =>
  path === "" ? key : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

/** Reads the layout of `x`, whose numbers must be finite. */
export function shapeOf(fn: string, argument: string, x: unknown): Shape {
  const paths: string[] = [];
  const flat: number[] = [];
  const visit = (v: unknown, path: string, depth: number): Node => {
    const where = join(argument, path);
    if (depth > 32) throw new StructureError(fn, where, "a structure at most 32 levels deep (is it circular?)", v);
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new StructureError(fn, where, "a finite number", v);
      paths.push(path.startsWith("[") ? `${argument}${path}` : path === "" ? argument : path);
      flat.push(v);
      return { kind: "number" };
    }
    if (ArrayBuffer.isView(v) && !(v instanceof DataView) && !(typeof (v as unknown as BigInt64Array)[0] === "bigint")) {
      const typed = v as unknown as Float64Array;
      const Typed = typed.constructor as new (n: number) => Float64Array;
      for (let k = 0; k < typed.length; k++) visit(typed[k], `${path}[${k}]`, depth + 1);
      return { kind: "typed", length: typed.length, make: (n) => new Typed(n) };
    }
    if (Array.isArray(v)) {
      return { kind: "array", items: v.map((item, k) => visit(item, `${path}[${k}]`, depth + 1)) };
    }
    if (isPlainObject(v)) {
      const keys = Object.keys(v);
      return { kind: "object", keys, items: keys.map((key) => visit(v[key], keyPath(path, key), depth + 1)) };
    }
    throw new StructureError(fn, where, "a number, an array, a typed array or a plain object of them", v);
  };
  const root = visit(x, "", 0);
  if (flat.length === 0) throw new StructureError(fn, argument, "a structure holding at least one number", x);
  let shared: unknown;
  const build = (flatValues: ArrayLike<number>): unknown => {
    if (mutation.sharedCopy && shared !== undefined) {
      fill(shared, flatValues);
      return shared;
    }
    let at = 0;
    const make = (node: Node): unknown => {
      if (node.kind === "number") return flatValues[at++];
      if (node.kind === "typed") {
        const out = node.make(node.length);
        for (let k = 0; k < node.length; k++) out[k] = flatValues[at++];
        return out;
      }
      if (node.kind === "array") return node.items.map(make);
      const out: Record<string, unknown> = {};
      node.keys.forEach((key, q) => {
        out[key] = make(node.items[q]);
      });
      return out;
    };
    shared = make(root);
    return shared;
  };
  /** The seam's in-place refill: numbers in flat order into the existing structure. */
  const fill = (target: unknown, flatValues: ArrayLike<number>): void => {
    let at = 0;
    const walk = (node: Node, v: unknown): void => {
      if (node.kind === "typed") for (let k = 0; k < node.length; k++) (v as number[])[k] = flatValues[at++];
      else if (node.kind === "array")
        node.items.forEach((item, k) => {
          if (item.kind === "number") (v as number[])[k] = flatValues[at++];
          else walk(item, (v as unknown[])[k]);
        });
      else if (node.kind === "object")
        node.keys.forEach((key, q) => {
          const item = node.items[q];
          if (item.kind === "number") (v as Record<string, number>)[key] = flatValues[at++];
          else walk(item, (v as Record<string, unknown>)[key]);
        });
    };
    walk(root, target);
  };
  const read = (value: unknown, readFn: string, readArgument: string): Float64Array => {
    const out = new Float64Array(flat.length);
    let at = 0;
    const walk = (node: Node, v: unknown, path: string): void => {
      const where = join(readArgument, path);
      if (node.kind === "number") {
        if (typeof v !== "number") throw new StructureError(readFn, where, "a number", v);
        out[at++] = v;
        return;
      }
      if (node.kind === "object") {
        if (!isPlainObject(v)) throw new StructureError(readFn, where, `an object with keys ${node.keys.join(", ")}`, v);
        for (const key of Object.keys(v))
          if (!node.keys.includes(key))
            throw new StructureError(readFn, join(readArgument, keyPath(path, key)), "absent (x has no such key)", v[key]);
        node.keys.forEach((key, q) => {
          if (!(key in v)) throw new StructureError(readFn, join(readArgument, keyPath(path, key)), "present (x has this key)", undefined);
          walk(node.items[q], v[key], keyPath(path, key));
        });
        return;
      }
      const length = node.kind === "typed" ? node.length : node.items.length;
      const like = v as ArrayLike<unknown> | null;
      if (typeof like !== "object" || like === null || typeof like.length !== "number" || isPlainObject(like))
        throw new StructureError(readFn, where, `an array of ${length}`, v);
      if (like.length !== length) throw new StructureError(readFn, `${where}.length`, `${length} (as in x)`, like.length);
      for (let k = 0; k < length; k++) walk(node.kind === "typed" ? { kind: "number" } : node.items[k], like[k], `${path}[${k}]`);
    };
    walk(root, value, "");
    return out;
  };
  return { n: flat.length, paths, build, read };
}
