/**
 * Hints for a failing report: causes of a failure that are not a wrong gradient, named in the
 * user's words. Today one: a forgotten `precision: "float32"`. An f that computes in float32
 * (tfjs, Float32Array buffers, Math.fround) but is checked as float64 rounds 2²⁹ times more
 * coarsely than the check assumes: its numerical derivatives are judged with bounds far too
 * tight, or come out 0 where every f(x ± h) equals f(x) bit for bit, and the report shows a
 * huge mismatch that looks like a bug. Two signs give it away, both observed on the values
 * of f the check met (a wrapper around the Subject's evaluations, one comparison per call):
 *
 *   - every value of f was a float32 number (Math.fround(v) === v), over at least MIN_VALUES;
 *   - at a failing coordinate claimed to move f (|a_k| ≥ 1e-6·‖a‖∞, a_k ≠ 0), f(x ± h) equalled
 *     f(x) bit for bit at most of the steps tried, or the numerical derivative is exactly 0.
 */
import type { Partial } from "../numeric/evaluate.js";
import type { Subject } from "./subject.js";

/** Fewer values than this say nothing: a few dyadic values are float32 numbers by chance. */
const MIN_VALUES = 8;

export interface Observation {
  /** The subject with its evaluations observed. */
  subject: Subject;
  /** Hints for a report whose failing coordinates are `failing`, checked in `precision`. */
  hints(
    failing: readonly { index: number; name: string }[],
    failed: boolean,
    precision: string,
    numeric: Float64Array,
    analytic: Float64Array,
  ): string[];
}

/** Wraps `subject` so that the values of f it returns are observed. */
export function observe(subject: Subject): Observation {
  const { partial } = subject;
  let values = 0;
  let float32 = true;
  let base: number | undefined;
  /** flat[k] of calls[k] evaluations of f(x + h e_k), h ≠ 0, equalled f(x) bit for bit. */
  const flat = new Uint32Array(partial.n);
  const calls = new Uint32Array(partial.n);
  const seen = (v: number): number => {
    values++;
    if (float32 && Math.fround(v) !== v) float32 = false;
    return v;
  };
  const observed: Partial = {
    n: partial.n,
    at: (k) => partial.at(k),
    value(k, h) {
      const v = seen(partial.value(k, h));
      if (h === 0) base = v;
      else {
        calls[k]++;
        if (v === base) flat[k]++;
      }
      return v;
    },
    evaluations: () => partial.evaluations(),
  };
  const wrapLines = (lines: Partial): Partial => ({
    n: lines.n,
    at: (c) => lines.at(c),
    value: (c, t) => seen(lines.value(c, t)),
    evaluations: () => lines.evaluations(),
  });
  const lines = subject.lines;
  const f = subject.f;
  const wrapped: Subject = {
    ...subject,
    partial: observed,
    f: (x) => seen(f(x)),
    ...(lines ? { lines: (directions: readonly Float64Array[]) => wrapLines(lines(directions)) } : {}),
  };
  return {
    subject: wrapped,
    hints(failing, failed, precision, numeric, analytic) {
      if (!failed || precision !== "float64") return [];
      const out: string[] = [];
      // A coordinate f does not move at all, claimed 0, is inert (a weight on a zero input), not coarse.
      let scale = 0;
      for (let k = 0; k < analytic.length; k++) scale = Math.max(scale, Math.abs(analytic[k]));
      const claimed = (k: number) => analytic[k] !== 0 && Math.abs(analytic[k]) >= 1e-6 * scale;
      const stuck = failing.filter(({ index: k }) => calls[k] > 0 && flat[k] > 0 && claimed(k) && (2 * flat[k] >= calls[k] || numeric[k] === 0));
      if (stuck.length > 0) {
        const names = stuck
          .slice(0, 3)
          .map((m) => m.name)
          .join(", ");
        out.push(
          `f(x ± h) equalled f(x) bit for bit at ${stuck.length === 1 ? `${flat[stuck[0].index]} of the ${calls[stuck[0].index]} steps tried` : "most steps tried"} along ${names}${stuck.length > 3 ? ` (${stuck.length} in all)` : ""}: f's values are coarser than the steps; if f computes in float32 (tfjs, Float32Array, Math.fround), pass { precision: "float32" }`,
        );
      }
      if (float32 && values >= MIN_VALUES)
        out.push(
          `every one of the ${values} values of f the check met is a float32 number: if f computes in float32 (tfjs, Float32Array, Math.fround), pass { precision: "float32" } — checked as float64, its rounding is taken 2²⁹ times too small`,
        );
      return out;
    },
  };
}
