/**
 * What a check returns, and how it reads. formatReport is a pure function, so tests and the
 * CLI can call it as well as GradientCheckError.
 */
import { InvalidArgumentError } from "../base/errors.js";
import type { Method, Precision } from "../numeric/differentiate.js";
import type { Mode } from "./modes.js";
import type { TaylorTest } from "./taylor.js";
import { describeRule, type Rule } from "./tolerance.js";

/** One coordinate whose claimed derivative disagrees with the numerical one. */
export interface Mismatch {
  /** Flat index of the coordinate. */
  index: number;
  /** Its name for people: "x[3]", or "w[l=2][i=0][j=1]" for a network weight. */
  name: string;
  /** The claimed (analytic) derivative. */
  analytic: number;
  /** The numerical derivative. */
  numeric: number;
  /** |analytic − numeric|. */
  absError: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|); 0 when both are 0. */
  relError: number;
  /** The largest |analytic − numeric| that would have passed (see check/tolerance.ts). */
  bound: number;
  /** absError / bound; NaN when a value is not finite. */
  ratio: number;
}

/** A coordinate where f has a kink inside the stencil: its derivative is not defined there, so it is not judged. */
export interface NonDifferentiable {
  index: number;
  name: string;
  /** One-sided slopes at the smallest step. */
  left: number;
  right: number;
  /** Where the kink comes from, when the caller knows (checkNetwork names the relu unit whose s is near 0). */
  unit?: string;
}

/**
 * A coordinate the check could not resolve (unresolved: its bound is not small against the
 * gradient's scale, or the differentiator found no trusted step) or resolved only weakly
 * against its own derivative (weaklyResolved). See check/tolerance.ts.
 */
export interface Resolution {
  index: number;
  name: string;
  /** The coordinate's bound. */
  bound: number;
  /** bound / ‖g‖∞ (unresolved) or bound / |a_k| (weakly resolved): the smallest relative error it can see. */
  resolution: number;
}

/** One random direction u of a directional check: ⟨g, u⟩ against the numerical derivative along u. */
export interface DirectionCheck {
  /** ⟨analytic, u⟩. */
  analytic: number;
  /** d/dt f(x + t u) at t = 0, numerically. */
  numeric: number;
  /** Its error estimate. */
  numericError: number;
  /** The largest |analytic − numeric| that passes. */
  bound: number;
  ok: boolean;
  /** How many coordinates u moves (all of them, or a block during bisection). */
  support: number;
}

/**
 * The calls of f a check made, by what they were for; the parts sum to `evaluations`.
 * On a smooth f in full mode nearly all are `perCoordinate`: 6 per coordinate at the default step.
 */
export interface EvaluationsByPurpose {
  /** f(x) and every coordinate's own stencils (the default step, and the ladder's smaller or larger steps where it climbed). */
  perCoordinate: number;
  /** Measuring σ_f, the rounding noise in f: extra stencils at smaller steps (numeric/noise.ts), along coordinates or directions. */
  noise: number;
  /** The Taylor test's line (check/taylor.ts). */
  taylor: number;
  /** The random directions of a directional check (0 in other modes). */
  directions: number;
  /** Directions over halves of the coordinates, where a directional check disagreed and bisected (0 otherwise). */
  bisection: number;
}

/** The verdict of a check with its evidence: both gradients, the bounds, the mismatches worst first. */
export interface GradientCheckReport {
  /** True when no judged coordinate mismatches. */
  ok: boolean;
  /** "full", "sparse" or "directional". */
  mode: Mode;
  /** What this mode can and cannot see, in words. */
  coverage: string;
  /** The claimed gradient, as checked. */
  analytic: Float64Array;
  /** The numerical gradient (NaN at coordinates not differentiated one by one). */
  numeric: Float64Array;
  /** Per coordinate, the differentiator's estimate of |numeric − true derivative| (NaN where not differentiated). */
  numericError: Float64Array;
  /** Per coordinate, the largest |analytic − numeric| that passes (NaN where not judged). */
  bound: Float64Array;
  /** Per coordinate, |analytic − numeric| / bound: above 1 fails (NaN where not judged or a value is not finite). */
  ratio: Float64Array;
  /** The coordinates differentiated one by one. */
  checked: number[];
  /** The directions of a directional check (empty in other modes). */
  directions: DirectionCheck[];
  /**
   * Directional mode: the smallest error on a single coordinate, in absolute terms, that a
   * direction would have flagged for certain: an error e shows along a random-sign direction as
   * e/√m exactly (m coordinates moved), which fails once it exceeds the bound plus the numerical
   * error, so this is min over the directions of √m·(bound + numeric error). Errors below it may
   * pass unseen. null in full and sparse modes, which see each checked coordinate directly.
   */
  smallestVisibleError: number | null;
  /** The ε-free second opinion along one random direction (see check/taylor.ts). */
  taylor: TaylorTest;
  /** The estimated rounding noise in one evaluation of f. */
  noise: number;
  /** Largest |analytic − numeric| over judged coordinates (NaN if any value is not finite). */
  maxAbsError: number;
  /** Largest |analytic − numeric| / max(|analytic|, |numeric|). */
  maxRelError: number;
  /** Largest |analytic − numeric| / bound. Below 1 means every coordinate passed. */
  maxRatio: number;
  /** The failing coordinates, worst first. */
  mismatches: Mismatch[];
  /** Coordinates not judged because f has a kink there. */
  nonDifferentiable: NonDifferentiable[];
  /** Coordinates whose bound is not small against the gradient's scale (or not finite): they fail the check unless `allowUnresolved`. */
  unresolved: Resolution[];
  /** Coordinates resolved against the gradient's scale but whose bound exceeds a tenth of their own |a_k|: named, never failing. */
  weaklyResolved: Resolution[];
  /** Calls of f the check made. */
  evaluations: number;
  /** The same calls by purpose (they sum to `evaluations`). */
  evaluationsByPurpose: EvaluationsByPurpose;
  /** The differentiation method. */
  method: Method;
  /** The precision f computes in. */
  precision: Precision;
  /** The comparison rule. */
  rule: Rule;
  /** The seed of every random choice the check made (directions, sampled coordinates). */
  seed: number;
  /** Causes of a failure other than a wrong gradient, in words (a forgotten `precision: "float32"`); empty when the check passed (see check/hints.ts). */
  hints: string[];
}

const sci = (v: number, digits = 6): string => (Number.isFinite(v) ? v.toExponential(digits) : String(v));
const short = (v: number): string => (Number.isFinite(v) ? v.toExponential(1) : String(v));

/** Why one mismatch failed, in one sentence. */
export function explainMismatch(m: Mismatch): string {
  if (!Number.isFinite(m.analytic) || !Number.isFinite(m.numeric))
    return `${m.name}: ${Number.isFinite(m.analytic) ? "numeric" : "analytic"} value is ${Number.isFinite(m.analytic) ? m.numeric : m.analytic}, never a pass`;
  return `${m.name}: differs by ${short(m.absError)}, ${short(m.ratio)}× the numerical error bound ${short(m.bound)}`;
}

/**
 * The report as text: a headline, the worst coordinates in aligned columns, and a line for the seed.
 *
 *     gradient check failed: 1 of 13 coordinates exceed their bounds (richardson, 79 evaluations of f; ...)
 *       parameter              analytic         numeric          |a − n|    bound      ratio
 *       w[l=1][i=1][j=1]       3.214000e-1      3.314021e-1      1.0e-2     1.5e-10    6.7e+7
 */
export function formatReport(report: GradientCheckReport, rows = 8): string {
  if (typeof report !== "object" || report === null || typeof report.ok !== "boolean" || typeof report.mode !== "string")
    throw new InvalidArgumentError("formatReport", "report", "a report from checkGradient or checkNetwork", report);
  const judged = report.checked.length - report.nonDifferentiable.length;
  const how = `${report.mode}, ${report.method}, ${report.evaluations} evaluations of f; ${describeRule(report.rule)}`;
  const failedDirections = report.directions.filter((d) => !d.ok).length;
  const lines: string[] = [];
  if (report.ok) {
    const what =
      report.mode === "directional"
        ? `${report.directions.length} random directions agree`
        : `${judged} of ${report.checked.length} checked coordinates agree`;
    lines.push(`gradient check passed: ${what} (${how})`);
    if (judged > 0)
      lines.push(
        `  worst |a − n| = ${short(report.maxAbsError)}, ${short(report.maxRatio)}× its bound; worst relative error ${short(report.maxRelError)}`,
      );
  } else {
    const what = [
      report.mismatches.length > 0 ? `${report.mismatches.length} of ${judged} checked coordinates exceed their bounds` : "",
      failedDirections > 0 ? `${failedDirections} of ${report.directions.length} directions disagree` : "",
      report.unresolved.length > 0 ? `${report.unresolved.length} of ${judged} checked coordinates unresolved` : "",
    ].filter(Boolean);
    lines.push(`gradient check failed: ${what.join("; ")} (${how})`);
    if (report.mismatches.length > 0) {
      const named = new Map(report.mismatches.map((m) => [m.index, m.name]));
      lines.push(
        ...formatRows(
          report,
          report.mismatches.slice(0, rows).map((m) => m.index),
          (k) => named.get(k) ?? `x[${k}]`,
        ),
      );
      if (report.mismatches.length > rows) lines.push(`  … and ${report.mismatches.length - rows} more`);
      lines.push(`  worst: ${explainMismatch(report.mismatches[0])}`);
    } else if (failedDirections > 0) {
      const d = report.directions.find((e) => !e.ok) as DirectionCheck;
      lines.push(
        `  along a random direction: ⟨g, u⟩ = ${sci(d.analytic)}, numerical ${sci(d.numeric)}, differs by ${short(Math.abs(d.analytic - d.numeric))}, ${short(Math.abs(d.analytic - d.numeric) / d.bound)}× the bound ${short(d.bound)}; bisection isolated no single coordinate`,
      );
    }
  }
  if (report.unresolved.length > 0) {
    const names = report.unresolved
      .slice(0, 4)
      .map((u) => `${u.name} (bound ${short(u.bound)}, ${short(u.resolution)} of ‖g‖∞)`)
      .join(", ");
    lines.push(
      `  unresolved (the bound is not small against the gradient's scale; a pass there would mean nothing${report.ok ? ", accepted by allowUnresolved" : ""}): ${names}${report.unresolved.length > 4 ? `, … ${report.unresolved.length} in all` : ""}`,
    );
  }
  if (report.weaklyResolved.length > 0) {
    const names = report.weaklyResolved
      .slice(0, 4)
      .map((u) => `${u.name} (bound ${short(u.resolution)} of its |a|)`)
      .join(", ");
    lines.push(
      `  weakly resolved (errors below the bound, a fair part of the coordinate's own derivative, would pass): ${names}${report.weaklyResolved.length > 4 ? `, … ${report.weaklyResolved.length} in all` : ""}`,
    );
  }
  if (report.nonDifferentiable.length > 0) {
    const names = report.nonDifferentiable
      .slice(0, 4)
      .map((k) => (k.unit ? `${k.name} (${k.unit})` : k.name))
      .join(", ");
    lines.push(
      `  not differentiable here (a kink inside the stencil; not judged): ${names}${report.nonDifferentiable.length > 4 ? `, … ${report.nonDifferentiable.length} in all` : ""}`,
    );
  }
  for (const hint of report.hints) lines.push(`  hint: ${hint}`);
  lines.push(`  ${report.coverage}`);
  if (report.smallestVisibleError !== null)
    lines.push(
      `  smallest error on one coordinate these directions would have flagged: ${short(report.smallestVisibleError)} (absolute); smaller ones may pass unseen`,
    );
  const { taylor } = report;
  const notes = taylor.notes.length > 0 ? `; ${taylor.notes.join("; ")}` : "";
  if (taylor.order !== null)
    lines.push(
      `  Taylor remainder falls with order ${taylor.order.toFixed(2)} along a random direction (2 for a right gradient, 1 for a wrong one; advisory, not part of the verdict${notes})`,
    );
  else if (taylor.notes.length > 0) lines.push(`  Taylor second opinion: none (${taylor.notes.join("; ")})`);
  lines.push(`  seed: ${report.seed} (pass { seed: ${report.seed} } to replay)`);
  return lines.join("\n");
}

/**
 * Aligned rows for the given coordinates: name, analytic, numeric, |a − n|, bound, ratio.
 * `name` names a coordinate (reports keep names for mismatches only).
 */
export function formatRows(report: GradientCheckReport, indices: readonly number[], name: (k: number) => string): string[] {
  const width = Math.max(12, ...indices.map((k) => name(k).length)) + 2;
  const lines = [`  ${"parameter".padEnd(width)}${"analytic".padEnd(17)}${"numeric".padEnd(17)}${"|a − n|".padEnd(11)}${"bound".padEnd(11)}ratio`];
  for (const k of indices) {
    const [a, n, bound] = [report.analytic[k], report.numeric[k], report.bound[k]];
    const diff = Math.abs(a - n);
    lines.push(
      `  ${name(k).padEnd(width)}${sci(a).padEnd(17)}${sci(n).padEnd(17)}${short(diff).padEnd(11)}${short(bound).padEnd(11)}${short(diff / bound)}`,
    );
  }
  return lines;
}

/** Thrown by assertGradient; carries the whole report. */
export class GradientCheckError extends Error {
  override readonly name = "GradientCheckError";
  constructor(readonly report: GradientCheckReport) {
    super(formatReport(report));
  }
}
