/**
 * A claimed VJP or JVP as the checks use it: entries of the Jacobian it implies (e_i through a
 * VJP gives row i, e_k through a JVP column k) and its value along a tangent. Each call of the
 * user's function is checked: a throw, a Promise, a wrong length or a non-number is a typed
 * error naming the argument.
 */
import { InvalidArgumentError, isPromise } from "../base/errors.js";
import type { JacobianSetup } from "./check-jacobian.js";
import { readFlat } from "./structured.js";

/** A vector-Jacobian product (reverse mode): v has length m, the result length n (or x's structure). */
export type VJP<X = Float64Array> = (x: X, v: Float64Array) => unknown;
/** A Jacobian-vector product (forward mode): t has length n (or x's structure), the result length m. */
export type JVP<X = Float64Array> = (x: X, t: X) => ArrayLike<number>;

export interface ProductClaim {
  form: "vjp" | "jvp";
  /** The claimed J as m rows of n, built at `columns` (NaN elsewhere): m VJPs, or one JVP per column. */
  entries(columns: ArrayLike<number>): Float64Array[];
  /** JVP: (J t)_i for every output; VJP: ⟨vjp(x, v), t⟩ as one number. */
  along(t: Float64Array, v: Float64Array): Float64Array;
  /** Calls of the claim so far. */
  calls(): number;
}

const unit = (n: number, k: number): Float64Array => {
  const e = new Float64Array(n);
  e[k] = 1;
  return e;
};

/** Test-only seam (properties/jacobian-mutations.test.ts): planted mistakes in rebuilding J from products. */
export interface ProductMutation {
  /** The full VJP takes row i from the VJP of e_(m−1−i). */
  reversedRows?: boolean;
}
let mutation: ProductMutation = {};
/** Sets the planted mistake (test-only; `{}` restores the real behaviour). */
export function setProductMutation(m: ProductMutation): void {
  mutation = m;
}

export function productClaim(setup: JacobianSetup, form: "vjp" | "jvp", claim: unknown): ProductClaim {
  const { fn, point, m, n } = setup;
  if (typeof claim !== "function")
    throw new InvalidArgumentError(fn, form, `a function (x, ${form === "vjp" ? "v" : "t"}) => ArrayLike<number>`, claim);
  let calls = 0;
  const call = (second: unknown, label: string): unknown => {
    calls++;
    let value: unknown;
    try {
      value = claim(point.argument(Float64Array.from(point.x)), second);
    } catch (error) {
      throw new InvalidArgumentError(
        fn,
        form,
        `a function that returns the ${form.toUpperCase()} (it threw at ${label})`,
        error instanceof Error ? error.message : error,
      );
    }
    if (isPromise(value)) throw new InvalidArgumentError(fn, form, "a synchronous function (it returned a Promise: use the Async form)", value);
    return value;
  };
  const vjp = (v: Float64Array, label: string): Float64Array => point.read(call(v, label), fn, `${form}(x, ${label})`);
  const jvp = (t: Float64Array, label: string): Float64Array =>
    readFlat(call(point.argument(t), label), m, fn, `${form}(x, ${label})`, `${m} (the number of outputs of f)`);
  return {
    form,
    entries(columns) {
      const rows = Array.from({ length: m }, () => new Float64Array(n).fill(Number.NaN));
      if (form === "vjp")
        for (let i = 0; i < m; i++) {
          const e = mutation.reversedRows ? m - 1 - i : i;
          const row = vjp(unit(m, e), `e_${e}`);
          for (let c = 0; c < columns.length; c++) rows[i][columns[c]] = row[columns[c]];
        }
      else
        for (let c = 0; c < columns.length; c++) {
          const k = columns[c];
          const column = jvp(unit(n, k), `e_${k}`);
          for (let i = 0; i < m; i++) rows[i][k] = column[i];
        }
      return rows;
    },
    along(t, v) {
      if (form === "jvp") return jvp(t, "t");
      const g = vjp(v, "v");
      let dot = 0;
      for (let k = 0; k < n; k++) dot += g[k] * t[k];
      return Float64Array.of(dot);
    },
    calls: () => calls,
  };
}
