/**
 * What checkJacobian, checkVJP and checkJVP return, and how it reads. The shape follows
 * GradientCheckReport's (ok, mismatches worst first, bounds, evaluations, rule, seed), with
 * entries in place of coordinates — each with its row and column — and a summary per output.
 */
import { InvalidArgumentError } from "../base/errors.js";
import type { Method, Precision } from "../numeric/differentiate.js";
import type { EntryMismatch, EntryNonDifferentiable, EntryResolution, RowSummary } from "./entries.js";
import { describeRule, type Rule } from "./tolerance.js";

/** Which claim was checked: a whole Jacobian, a vector-Jacobian product (reverse mode) or a Jacobian-vector product (forward mode). */
export type JacobianForm = "jacobian" | "vjp" | "jvp";

/** One random comparison of a directional check: ⟨v, J t⟩ (VJP) or one output of J t (JVP). */
export interface JacobianDirection {
  /** The output compared (JVP), or −1 for a VJP's dot product over every output. */
  row: number;
  /** The claimed value: (jvp(x, t))_row, or ⟨vjp(x, v), t⟩. */
  analytic: number;
  /** The numerical value: d/ds f_row(x + s t), or Σ_i v_i d/ds f_i(x + s t). */
  numeric: number;
  /** Its error estimate. */
  numericError: number;
  /** The largest |analytic − numeric| that passes. */
  bound: number;
  ok: boolean;
  /** How many inputs t moves (all of them, or a block during bisection). */
  support: number;
}

/** The verdict of a Jacobian, VJP or JVP check with its evidence: every entry's values, bound and ratio, the mismatches worst first, a summary per output. */
export interface JacobianCheckReport {
  /** True when no judged entry or direction mismatches (and none is unresolved, unless allowed). */
  ok: boolean;
  form: JacobianForm;
  /** "full": every entry of J judged; "directional": random tangents/cotangents, bisection to the bad entries. */
  mode: "full" | "directional";
  /** What the mode can and cannot see, in words. */
  coverage: string;
  /** Outputs m and inputs n. */
  m: number;
  n: number;
  /** The claimed Jacobian as checked, m rows of n (NaN where a directional check did not rebuild it). */
  analytic: Float64Array[];
  /** The numerical Jacobian (NaN at columns not differentiated one by one). */
  numeric: Float64Array[];
  /** Per entry, the differentiator's estimate of |numeric − true|. */
  numericError: Float64Array[];
  /** Per entry, the largest |a − n| that passes (NaN where not judged). */
  bound: Float64Array[];
  /** Per entry, |a − n| / bound. */
  ratio: Float64Array[];
  /** The columns judged entry by entry. */
  checked: number[];
  /** A directional check's comparisons (empty in full mode). */
  directions: JacobianDirection[];
  /** Per output: its scale, its noise, its worst ratio. */
  rows: RowSummary[];
  mismatches: EntryMismatch[];
  nonDifferentiable: EntryNonDifferentiable[];
  unresolved: EntryResolution[];
  weaklyResolved: EntryResolution[];
  maxAbsError: number;
  maxRelError: number;
  maxRatio: number;
  /** Calls of f. */
  evaluations: number;
  /** 2n: the calls of f the cheapest full numerical Jacobian (one central difference per column) needs. */
  minimumEvaluations: number;
  /** Calls of the claimed jacobian, vjp or jvp. */
  claimEvaluations: number;
  method: Method;
  precision: Precision;
  rule: Rule;
  seed: number;
  hints: string[];
}

const sci = (v: number): string => (Number.isFinite(v) ? v.toExponential(6) : String(v));
const short = (v: number): string => (Number.isFinite(v) ? v.toExponential(1) : String(v));

const FORM_NAME: Record<JacobianForm, string> = { jacobian: "Jacobian", vjp: "VJP", jvp: "JVP" };

/**
 * The report as text: a headline, the worst entries in aligned columns (entry, row, analytic,
 * numeric, |a − n|, bound, ratio), the outputs that failed with their scales, and the seed.
 */
export function formatJacobianReport(report: JacobianCheckReport, shown = 8): string {
  if (typeof report !== "object" || report === null || typeof report.ok !== "boolean" || !Array.isArray(report.rows))
    throw new InvalidArgumentError("formatJacobianReport", "report", "a report from checkJacobian, checkVJP or checkJVP", report);
  const form = FORM_NAME[report.form];
  const entries = report.checked.length * report.m;
  const how = `${report.m}×${report.n}, ${report.mode}, ${report.method}, ${report.evaluations} evaluations of f (2n = ${report.minimumEvaluations}), ${report.claimEvaluations} of the claim; ${describeRule(report.rule)}`;
  const lines: string[] = [];
  const failedDirections = report.directions.filter((d) => !d.ok).length;
  if (report.ok) {
    const what = report.mode === "directional" ? `${report.directions.length} random comparisons agree` : `${entries} entries agree`;
    lines.push(`${form} check passed: ${what} (${how})`);
    lines.push(
      `  worst |a − n| = ${short(report.maxAbsError)}, ${short(report.maxRatio)}× its bound; worst relative error ${short(report.maxRelError)}`,
    );
  } else {
    const what = [
      report.mismatches.length > 0 ? `${report.mismatches.length} of ${entries} entries exceed their bounds` : "",
      failedDirections > 0 ? `${failedDirections} of ${report.directions.length} random comparisons disagree` : "",
      report.unresolved.length > 0 ? `${report.unresolved.length} entries unresolved` : "",
    ].filter(Boolean);
    lines.push(`${form} check failed: ${what.join("; ")} (${how})`);
  }
  if (report.mismatches.length > 0) {
    const list = report.mismatches.slice(0, shown);
    const width = Math.max(10, ...list.map((m) => m.name.length)) + 2;
    lines.push(`  ${"entry".padEnd(width)}${"analytic".padEnd(17)}${"numeric".padEnd(17)}${"|a − n|".padEnd(11)}${"bound".padEnd(11)}ratio`);
    for (const m of list)
      lines.push(
        `  ${m.name.padEnd(width)}${sci(m.analytic).padEnd(17)}${sci(m.numeric).padEnd(17)}${short(m.absError).padEnd(11)}${short(m.bound).padEnd(11)}${short(m.ratio)}`,
      );
    if (report.mismatches.length > shown) lines.push(`  … and ${report.mismatches.length - shown} more`);
  } else if (failedDirections > 0) {
    const d = report.directions.find((e) => !e.ok) as JacobianDirection;
    const what = d.row < 0 ? "⟨vjp(x, v), t⟩" : `(jvp(x, t))[${d.row}]`;
    lines.push(
      `  along a random tangent: ${what} = ${sci(d.analytic)}, numerical ${sci(d.numeric)}, ${short(Math.abs(d.analytic - d.numeric) / d.bound)}× the bound ${short(d.bound)}; bisection isolated no single entry`,
    );
  }
  const failing = report.rows.filter((r) => !r.ok);
  if (failing.length > 0 && report.rows.length > 1)
    lines.push(
      `  outputs failing: ${failing
        .slice(0, 6)
        .map((r) => `${r.name} (scale ${short(r.scale)}, noise ${short(r.noise)}, worst ratio ${short(r.maxRatio)})`)
        .join(", ")}${failing.length > 6 ? `, … ${failing.length} in all` : ""}`,
    );
  if (report.unresolved.length > 0)
    lines.push(
      `  unresolved (bound not small against the row's scale${report.ok ? ", accepted by allowUnresolved" : ""}): ${report.unresolved
        .slice(0, 4)
        .map((u) => `${u.name} (bound ${short(u.bound)})`)
        .join(", ")}${report.unresolved.length > 4 ? `, … ${report.unresolved.length} in all` : ""}`,
    );
  if (report.nonDifferentiable.length > 0)
    lines.push(
      `  not differentiable here (a kink inside the stencil; not judged): ${report.nonDifferentiable
        .slice(0, 4)
        .map((k) => k.name)
        .join(", ")}${report.nonDifferentiable.length > 4 ? `, … ${report.nonDifferentiable.length} in all` : ""}`,
    );
  for (const hint of report.hints) lines.push(`  hint: ${hint}`);
  lines.push(`  ${report.coverage}`);
  lines.push(`  each output judged against its own scale and noise; seed: ${report.seed} (pass { seed: ${report.seed} } to replay)`);
  return lines.join("\n");
}

/** Thrown by the assert forms and the async checks' callers who want one; carries the whole report. */
export class JacobianCheckError extends Error {
  override readonly name = "JacobianCheckError";
  constructor(readonly report: JacobianCheckReport) {
    super(formatJacobianReport(report));
  }
}
