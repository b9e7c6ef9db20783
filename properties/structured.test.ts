/**
 * Structured parameters: checkGradient on `{ W: number[][], b: Float64Array, … }` is the check on
 * the flat vector of its numbers, with each coordinate named by its path, and neither f (which
 * may scribble on its argument) nor the check ever changes the caller's structure. Proven to bite:
 * a build that hands f the same object at every call is caught.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { structuredParameters } from "../src/arbitraries/vector-maps.js";
import { type Structure, setStructureMutation, shapeOf } from "../src/base/structure.js";
import { checkGradient } from "../src/check/check-gradient.js";
import { runs } from "./runs.js";

/** f(p) = Σ_j sin(c_j·p_j) over the flat numbers, read through the structure; it zeroes its argument after reading. */
function claimHolds(x: { [key: string]: Structure }): void {
  const shape = shapeOf("test", "x", x);
  const before = JSON.stringify(x, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
  const c = Array.from({ length: shape.n }, (_, j) => 0.5 + j / 7);
  const flatF = (p: ArrayLike<number>) => Array.from(p).reduce((s, v, j) => s + Math.sin(c[j] * v), 0);
  const flatG = (p: ArrayLike<number>) => Array.from(p, (v, j) => c[j] * Math.cos(c[j] * v));
  const scribbler = (p: unknown) => {
    const flat = shape.read(p, "f", "p");
    const value = flatF(flat);
    shape.read(p, "f", "p"); // read again, then scribble on the copy
    for (const key of Object.keys(p as object))
      (p as Record<string, unknown>)[key] = JSON.parse(JSON.stringify((p as Record<string, unknown>)[key]), (_k, v) =>
        typeof v === "number" ? 0 : v,
      );
    return value;
  };
  const structured = checkGradient(scribbler as never, x, ((p: unknown) => shape.build(flatG(shape.read(p, "g", "p")))) as never);
  const flat = checkGradient(flatF, shape.read(x, "t", "x"), flatG);
  expect(structured.ok).toBe(true);
  expect(Array.from(structured.numeric)).toEqual(Array.from(flat.numeric));
  const wrong = checkGradient(
    ((p: unknown) => flatF(shape.read(p, "f", "p"))) as never,
    x,
    shape.build(flatG(shape.read(x, "t", "x")).map((v, j) => (j === shape.n - 1 ? v + 1e-3 : v))) as never,
  );
  expect(wrong.mismatches.map((m) => m.name)).toEqual([shape.paths[shape.n - 1]]);
  expect(JSON.stringify(x, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))).toBe(before);
}

describe("structured parameters", () => {
  afterEach(() => setStructureMutation({}));
  it("checkGradient on a structure is the flat check, named by path, the caller's structure unchanged", () => {
    fc.assert(
      fc.property(structuredParameters(), (x) => claimHolds(x)),
      { numRuns: runs(0.05) },
    );
  });
  it("bites: a build that hands f one shared object is caught", () => {
    setStructureMutation({ sharedCopy: true });
    const details = fc.check(
      fc.property(structuredParameters(), (x) => claimHolds(x)),
      { numRuns: runs(0.05), endOnFailure: true },
    );
    expect(details.failed).toBe(true);
  });
});
