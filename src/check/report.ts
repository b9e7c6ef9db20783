/**
 * What a check returns, and how it reads. formatReport is a pure function, so tests and the
 * CLI can call it as well as GradientCheckError.
 */
import type { Method } from "../numeric/differentiate.js";
import type { Rule } from "./tolerance.js";

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
}

/** The verdict of a check with its evidence: both gradients, the bounds, the mismatches worst first. */
export interface GradientCheckReport {
  /** True when no judged coordinate mismatches. */
  ok: boolean;
  /** The claimed gradient, as checked. */
  analytic: Float64Array;
  /** The numerical gradient. */
  numeric: Float64Array;
  /** Per coordinate, the differentiator's estimate of |numeric − true derivative|. */
  numericError: Float64Array;
  /** Per coordinate, the largest |analytic − numeric| that passes. */
  bound: Float64Array;
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
  /** Calls of f the check made. */
  evaluations: number;
  /** The differentiation method. */
  method: Method;
  /** The comparison rule. */
  rule: Rule;
  /** The seed of any random choice the check made. */
  seed?: number;
}

const sci = (v: number, digits = 6): string => (Number.isFinite(v) ? v.toExponential(digits) : String(v));
const short = (v: number): string => (Number.isFinite(v) ? v.toExponential(1) : String(v));

function describeRule(report: GradientCheckReport): string {
  const { rule } = report;
  if (rule.kind === "fixed") return `|a − n| ≤ ${rule.atol} + ${rule.rtol}·max(|a|, |n|)`;
  return "bound = 10 × the numerical error estimate + analytic rounding";
}

/** Why one mismatch failed, in one sentence. */
export function explainMismatch(m: Mismatch): string {
  if (!Number.isFinite(m.analytic) || !Number.isFinite(m.numeric))
    return `${m.name}: ${Number.isFinite(m.analytic) ? "numeric" : "analytic"} value is ${Number.isFinite(m.analytic) ? m.numeric : m.analytic}, never a pass`;
  return `${m.name}: differs by ${short(m.absError)}, ${short(m.ratio)}× the bound ${short(m.bound)}`;
}

/**
 * The report as text: a headline, the worst coordinates in aligned columns, and a line for the seed.
 *
 *     gradient check failed: 1 of 13 coordinates exceed their bounds (richardson, 79 evaluations of f; ...)
 *       parameter              analytic         numeric          |a − n|    bound      ratio
 *       w[l=1][i=1][j=1]       3.214000e-1      3.314021e-1      1.0e-2     1.5e-10    6.7e+7
 */
export function formatReport(report: GradientCheckReport, rows = 8): string {
  const n = report.analytic.length;
  const judged = n - report.nonDifferentiable.length;
  const how = `${report.method}, ${report.evaluations} evaluations of f; ${describeRule(report)}`;
  const lines: string[] = [];
  if (report.ok) {
    lines.push(`gradient check passed: ${judged} of ${n} coordinates agree (${how})`);
    lines.push(`  worst |a − n| = ${short(report.maxAbsError)}, ${short(report.maxRatio)}× its bound; worst relative error ${short(report.maxRelError)}`);
  } else {
    lines.push(`gradient check failed: ${report.mismatches.length} of ${judged} coordinates exceed their bounds (${how})`);
    lines.push(...formatRows(report, report.mismatches.slice(0, rows).map((m) => m.index), (k) => report.mismatches.find((m) => m.index === k)?.name ?? `x[${k}]`));
    if (report.mismatches.length > rows) lines.push(`  … and ${report.mismatches.length - rows} more`);
    lines.push(`  worst: ${explainMismatch(report.mismatches[0])}`);
  }
  if (report.nonDifferentiable.length > 0) {
    const names = report.nonDifferentiable.slice(0, 4).map((k) => k.name).join(", ");
    lines.push(`  not differentiable here (a kink inside the stencil, not judged): ${names}${report.nonDifferentiable.length > 4 ? ", …" : ""}`);
  }
  if (report.seed !== undefined) lines.push(`  seed: ${report.seed} (pass { seed: ${report.seed} } to replay)`);
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
    lines.push(`  ${name(k).padEnd(width)}${sci(a).padEnd(17)}${sci(n).padEnd(17)}${short(diff).padEnd(11)}${short(bound).padEnd(11)}${short(diff / bound)}`);
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
