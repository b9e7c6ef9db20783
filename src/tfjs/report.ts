/**
 * What checkTfjs returns: the verdict over every cotangent checked, named in the user's words
 * (`W[2,1]`, `input[0,3]`), a summary per input, and tfjs's own errors as rows, not exceptions.
 */
import type { GradientCheckReport, Mismatch, NonDifferentiable } from "../index.js";

/** A mismatch, with the cotangent it was seen along ("y" for a scalar output, "v1", or a Jacobian row "y[2]"). */
export interface TfjsMismatch extends Mismatch {
  cotangent: string;
}

/** A coordinate where fn has a kink (a tie in max, relu at 0): not judged. With the cotangent it was seen along. */
export interface TfjsNonDifferentiable extends NonDifferentiable {
  cotangent: string;
}

/** What tfjs threw (or what went wrong around it): where, and the error itself. */
export interface TfjsErrorRow {
  /** "forward": fn threw or returned no finite value; "gradient": tf.grads (or the registered gradient) threw; "memory": tensors were left behind. */
  stage: "forward" | "gradient" | "memory";
  /** The cotangent being checked when it happened ("" before any). */
  cotangent: string;
  message: string;
  error: unknown;
}

/** One input, as checked. */
export interface TfjsInputSummary {
  /** "input", "inputs[1]" or the record key. */
  name: string;
  shape: number[];
  dtype: string;
  /** Whether it was differentiated (in `wrt`) or held constant. */
  differentiated: boolean;
  /** Its coordinates judged, summed over the cotangents. */
  checked: number;
  mismatches: number;
  nonDifferentiable: number;
  /** Largest |analytic − numeric| / bound over its coordinates (NaN if none judged). */
  maxRatio: number;
}

/** What checkTfjs returns: the verdict, its rows named in the user's words, per-input summaries, tfjs's errors, the cost. */
export interface TfjsCheckReport {
  ok: boolean;
  mismatches: TfjsMismatch[];
  nonDifferentiable: TfjsNonDifferentiable[];
  /** Coordinates the check could not resolve (they fail unless allowUnresolved). */
  unresolved: { name: string; cotangent: string; bound: number; resolution: number }[];
  inputs: TfjsInputSummary[];
  errors: TfjsErrorRow[];
  /** One checkGradient report per cotangent, in order. */
  checks: { cotangent: string; report: GradientCheckReport }[];
  /** Calls of fn (forward evaluations) the check made. */
  evaluations: number;
  /** Gradients tfjs computed (one per cotangent). */
  gradients: number;
  precision: "float32";
  backend: string;
  /** Whether values were read with dataSync (true) or by awaiting data(). */
  sync: boolean;
  seed: number;
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(6) : String(v));

/** The report as text: the verdict, its rows worst first, the inputs, tfjs's errors. */
export function formatTfjsReport(report: TfjsCheckReport, rows = 8): string {
  const lines = [
    `checkTfjs: ${report.ok ? "ok" : "FAILED"} — ${report.checks.length} cotangent(s), ${report.evaluations} evaluations of fn, ${report.gradients} gradient(s), float32 on backend "${report.backend}", seed ${report.seed}`,
  ];
  for (const m of report.mismatches.slice(0, rows))
    lines.push(
      `  ✗ ${m.name} (along ${m.cotangent}): tfjs ${fmt(m.analytic)}, numeric ${fmt(m.numeric)}, |error| ${fmt(m.absError)} > bound ${fmt(m.bound)} (${fmt(m.ratio)}×)`,
    );
  if (report.mismatches.length > rows) lines.push(`  … and ${report.mismatches.length - rows} more mismatches`);
  for (const k of report.nonDifferentiable.slice(0, rows))
    lines.push(`  ∠ ${k.name} (along ${k.cotangent}): not differentiable here (one-sided slopes ${fmt(k.left)} and ${fmt(k.right)}), not judged`);
  for (const u of report.unresolved.slice(0, rows)) lines.push(`  ? ${u.name} (along ${u.cotangent}): unresolved (bound ${fmt(u.bound)})`);
  for (const e of report.errors) lines.push(`  ! ${e.stage}${e.cotangent === "" ? "" : ` (along ${e.cotangent})`}: ${e.message}`);
  for (const s of report.inputs)
    lines.push(
      `  ${s.name} [${s.shape.join("×")}] ${s.dtype}: ${s.differentiated ? `${s.checked} checked, ${s.mismatches} mismatched, ${s.nonDifferentiable} not differentiable, max ratio ${fmt(s.maxRatio)}` : "constant"}`,
    );
  return lines.join("\n");
}
