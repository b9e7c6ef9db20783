/**
 * Directional mode: ⟨a, u⟩ along k random unit directions u against the numerical derivative
 * of f along u, at a cost independent of n; where a direction disagrees, bisection over blocks
 * of coordinates finds the bad ones with O(log n) more directions.
 */
import type { Random } from "../base/random.js";
import { type DifferentiateOptions, differentiatePartial, type NoiseHint } from "../numeric/differentiate.js";
import { drawDirection, LEAF } from "./modes.js";
import type { DirectionCheck } from "./report.js";
import { linesOf, range, type Subject } from "./subject.js";
import { boundAt, passes, type Rule, resolved } from "./tolerance.js";

/** ⟨a, u_c⟩ for each direction against d/dt f(x + t u_c), with bounds from their error estimates. */
function checkDirections(
  fn: string,
  subject: Subject,
  analytic: Float64Array,
  drawn: { u: Float64Array; dot: number }[],
  support: ArrayLike<number>,
  options: DifferentiateOptions,
  rule: Rule,
  noise: NoiseHint,
) {
  const lines = linesOf(
    fn,
    subject,
    drawn.map((d) => d.u),
  );
  const d = differentiatePartial(lines, options, fn, undefined, noise);
  // Every u_k on the support has size 1/√m, so Σ_k |a_k u_k| = Σ |a_k| / √m over the support.
  let absolute = 0;
  for (let c = 0; c < support.length; c++) absolute += Math.abs(analytic[support[c]]);
  const scale = absolute / Math.sqrt(support.length);
  const checks = drawn.map(({ dot }, c): DirectionCheck => {
    const [numeric, numericError] = [d.gradient[c], d.error[c]];
    const bound = boundAt(rule, dot, numeric, numericError, 0, scale);
    return { analytic: dot, numeric, numericError, bound, ok: d.kink[c] === 1 || passes(dot, numeric, bound), support: support.length };
  });
  /** Every direction judged: no kink, each bound small against its scale. A bisection searches a half that is not. */
  const conclusive = checks.every((c, q) => d.kink[q] === 0 && resolved(c.bound, Math.max(scale, Math.abs(c.analytic), Math.abs(c.numeric))));
  return { checks, noise: d.noise, evaluations: lines.evaluations(), noiseEvaluations: d.noiseEvaluations, lines, conclusive };
}

/**
 * Directional mode: k random unit directions; where one disagrees, bisection over blocks
 * (one direction per half, recursing into halves that disagree) down to blocks of LEAF
 * coordinates, whose coordinates are then checked one by one. Returns the top-level checks,
 * the coordinates to check one by one, the noise and the calls of f spent on lines, by purpose.
 */
export function directional(
  fn: string,
  subject: Subject,
  analytic: Float64Array,
  k: number,
  random: Random,
  options: DifferentiateOptions,
  rule: Rule,
) {
  const n = analytic.length;
  // A line moves every coordinate: where f's smooth range is known only per coordinate, its steps do not grow.
  const [floor, maxGrow] = [subject.noiseFloor, subject.smoothRange ? 0 : subject.maxGrow];
  const everyCoordinate = range(n);
  const top = checkDirections(
    fn,
    subject,
    analytic,
    Array.from({ length: k }, () => drawDirection(n, random, analytic)),
    everyCoordinate,
    options,
    rule,
    { floor, maxGrow },
  );
  /** Calls of f by purpose: the k directions themselves, σ_f's probes along them, and the bisection's directions. */
  const spent = { directions: top.evaluations - top.noiseEvaluations, noise: top.noiseEvaluations, bisection: 0 };
  const leaves: number[] = [];
  const bisect = (block: Int32Array): void => {
    if (block.length <= LEAF) return void leaves.push(...block);
    const mid = block.length >> 1;
    for (const half of [block.subarray(0, mid), block.subarray(mid)]) {
      const result = checkDirections(fn, subject, analytic, [drawDirection(n, random, analytic, half)], half, options, rule, {
        floor,
        maxGrow,
        measured: top.noise,
      });
      spent.bisection += result.evaluations - result.noiseEvaluations;
      spent.noise += result.noiseEvaluations;
      // A half whose direction could not decide (a kink along it, a bound as large as the derivative) is no evidence its coordinates are right.
      if (!result.checks[0].ok || !result.conclusive) bisect(half);
    }
  };
  if (top.checks.some((c) => !c.ok)) bisect(everyCoordinate);
  return { checks: top.checks, leaves: Int32Array.from(leaves), noise: top.noise, spent, lines: top.lines };
}
