/**
 * An ε-free second opinion on a gradient g: along a direction d, the Taylor remainder
 *
 *     r(h) = f(x + h d) − f(x) − ⟨g, (x + h d) − x⟩
 *
 * falls as h² when g is right (r ≈ h² dᵀ∇²f d / 2) and only as h when it is wrong
 * (r ≈ −h ⟨g − ∇f, d⟩ once h is small). The observed order log₂(r(h) / r(h/2)) at the
 * smallest steps whose remainders stand clear of rounding noise is reported.
 *
 * It is advisory: it never changes a check's verdict and never throws. A step at which f
 * throws or is not finite (the line left f's domain: sqrt or log near 0, acosh near 1) is
 * skipped and the step keeps halving, so the test shrinks onto the part of the line where f is
 * defined; when no step gives a value, it drops out with a note. Its order says nothing when f
 * has kinks near x (along a line that crosses one, r falls as h whatever g is) or computes in
 * float32 (its remainders reach f's rounding before the h² regime); the report says so.
 */
import type { ScalarFunction } from "../numeric/evaluate.js";
import type { Precision } from "../numeric/precision.js";

export interface TaylorTest {
  /** The observed order at the smallest resolvable steps (≈ 2 for a right gradient, ≈ 1 for a wrong one); null when no step rose above the noise. */
  order: number | null;
  /** Steps and remainders, largest step first (steps where f was not finite are left out). */
  residuals: { h: number; r: number }[];
  /** False when the order is no evidence about g: none was found, f has kinks here, or f computes in float32. */
  informative: boolean;
  /** Why the order is missing or uninformative, and which steps were skipped, in words. */
  notes: string[];
}

/** f along one direction d, as the test needs it: f(p(h)) and ⟨g, p(h) − x⟩ at the point p(h) ≈ x + h d actually evaluated. */
export interface TaylorLine {
  /** f(p(h)); p(0) = x. May throw (f did, or left its domain). */
  value(h: number): number;
  /** ⟨g, p(h) − x⟩. */
  slope(h: number): number;
  /** The scale steps are relative to: max(1, max_k |x_k|) is taken of it. */
  scale: number;
}

/** Halvings of the step that give a remainder, from 2^−2 times the scale of x down. */
const STEPS = 20;
/** Halvings tried in all, counting steps at which f was not finite: 2^−2 down to 2^−53 of the scale (x's own ulp). */
const MAX_HALVINGS = 52;
/** A remainder counts when it is at least this many times the noise in f. */
const ABOVE_NOISE = 1e3;

/** f(p(h)), or undefined where f throws or is not finite: the one place the test meets a failing f. */
export function guardedValue(line: TaylorLine, h: number): number | undefined {
  try {
    const v = line.value(h);
    return typeof v === "number" && Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** What the check knows that bears on the order: f's precision, and how many kinks it reported. */
export interface TaylorContext {
  precision: Precision;
  kinks: number;
}

/**
 * Runs the test on `line` given the noise in one evaluation of f. `evaluate` is the guard
 * around f (a parameter so that a test can remove it and watch the property that it never
 * throws fail).
 */
export function taylorTest(line: TaylorLine, noise: number, context: TaylorContext, evaluate = guardedValue): TaylorTest {
  const notes: string[] = [];
  const residuals: { h: number; r: number }[] = [];
  const f0 = evaluate(line, 0);
  if (f0 === undefined) return { order: null, residuals, informative: false, notes: ["f was not finite at x itself: no Taylor test"] };
  const scale = Math.max(1, Math.abs(line.scale));
  let skipped = 0;
  let largestSkipped = 0;
  for (let m = 0; m < MAX_HALVINGS && residuals.length < STEPS; m++) {
    const h = scale * 2 ** -(m + 2);
    const v = evaluate(line, h);
    if (v === undefined) {
      skipped++;
      largestSkipped = Math.max(largestSkipped, h);
      continue;
    }
    residuals.push({ h, r: v - f0 - line.slope(h) });
  }
  if (residuals.length === 0)
    notes.push(
      `dropped: f was not finite (or threw) at every step along the direction, down to ${(scale * 2 ** -(MAX_HALVINGS + 1)).toExponential(1)}`,
    );
  else if (skipped > 0)
    notes.push(
      `${skipped} step${skipped > 1 ? "s" : ""} up to ${largestSkipped.toExponential(1)} left f's domain (not finite) and ${skipped > 1 ? "were" : "was"} skipped`,
    );
  let order: number | null = null;
  for (let m = 0; m + 1 < residuals.length; m++) {
    // Only neighbouring halvings: a skipped step between two remainders breaks the pair.
    if (residuals[m + 1].h * 2 !== residuals[m].h) continue;
    const [big, small] = [Math.abs(residuals[m].r), Math.abs(residuals[m + 1].r)];
    if (small > ABOVE_NOISE * noise && big > small) order = Math.log2(big / small);
  }
  if (order === null && residuals.length > 0) notes.push("no remainder rose clear of the noise in f: no order");
  if (context.kinks > 0)
    notes.push(
      `uninformative: f has ${context.kinks} kink${context.kinks > 1 ? "s" : ""} here, and along a direction that crosses one the remainder falls as h whatever the gradient`,
    );
  if (context.precision === "float32")
    notes.push("uninformative in float32: the remainders meet f's rounding (ε = 6e-8) before they settle into the h² regime");
  return { order, residuals, informative: order !== null && context.kinks === 0 && context.precision === "float64", notes };
}

/** The float64 test line: value(h) = f(x + h d) from a line evaluator (`along(h)`), ⟨g, d⟩ given. */
export function lineOf(along: (h: number) => number, slope: number, scale: number): TaylorLine {
  return { value: (h) => along(h), slope: (h) => h * slope, scale };
}

/**
 * The float32 test line: points p(h) = fround(x + h d), so that f sees the float32 arguments it
 * would see in use, and the slope term ⟨g, p(h) − x⟩ uses the distance they truly moved.
 * f is called on a private buffer, refilled before each call.
 */
export function float32Line(f: ScalarFunction, x: Float64Array, d: Float64Array, g: Float64Array): TaylorLine {
  const p = new Float64Array(x.length);
  const fill = (h: number) => {
    for (let k = 0; k < x.length; k++) p[k] = h === 0 ? x[k] : Math.fround(x[k] + h * d[k]);
  };
  let scale = 0;
  for (let k = 0; k < x.length; k++) scale = Math.max(scale, Math.abs(x[k]));
  return {
    value(h) {
      fill(h);
      return f(p);
    },
    slope(h) {
      let s = 0;
      for (let k = 0; k < x.length; k++) s += g[k] * (h === 0 ? 0 : Math.fround(x[k] + h * d[k]) - x[k]);
      return s;
    },
    scale,
  };
}
