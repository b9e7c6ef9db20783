/**
 * What checkHessian returns, and how it reads: the entries that disagree, the claimed matrix's
 * asymmetric pairs, the entries f's kinks leave undefined, and the cost against the n² minimum.
 */
import { describeRule, type Rule } from "./tolerance.js";

/** One entry of the claimed Hessian that disagrees with the numerical one. */
export interface HessianMismatch {
  row: number;
  column: number;
  /** "H[2][0]", or "∂²f/∂a∂b" with the user's coordinate names. */
  name: string;
  analytic: number;
  numeric: number;
  /** |analytic − numeric|. */
  error: number;
  /** The largest |analytic − numeric| that passes (check/tolerance.ts). */
  bound: number;
  /** error / bound (NaN when a value is not finite). */
  ratio: number;
}

/** A pair the claim gives different values, H[i][j] ≠ H[j][i], beyond rounding: a Hessian of a twice-differentiable f is symmetric. */
export interface Asymmetry {
  row: number;
  column: number;
  /** "H[0][1] ≠ H[1][0]". */
  name: string;
  /** H[row][column] and H[column][row] as claimed. */
  upper: number;
  lower: number;
  /** |upper − lower| and the rounding it was allowed. */
  difference: number;
  bound: number;
}

/** An entry whose stencil was not smooth at any step tried (a kink in f or its gradient): not judged. */
export interface HessianKink {
  row: number;
  column: number;
  name: string;
  /** The second differences at h, h/2, h/4 of the smallest step tried: they do not converge (or, for a jump in ∂²f/∂x_k², agree on its mean). */
  estimates: [number, number, number];
  /** A diagonal entry where ∂²f/∂x_k² jumps: the one-sided second derivatives from below and from above x_k. */
  left?: number;
  right?: number;
}

/** An entry whose bound is not small against max |H| (it could not see an error of a tenth of the scale). */
export interface HessianResolution {
  row: number;
  column: number;
  name: string;
  bound: number;
  /** bound / max |H|. */
  resolution: number;
}

/** What checkHessian returns: the verdict, every entry's values and bounds, the mismatches worst first, asymmetric pairs, kinks, the cost. */
export interface HessianCheckReport {
  /** No mismatch, no asymmetric pair, and (unless allowUnresolved) no unresolved entry. */
  ok: boolean;
  n: number;
  /** The claimed and numerical Hessians as rows. */
  analytic: Float64Array[];
  numeric: Float64Array[];
  /** Each entry's error estimate and bound, as rows. */
  numericError: Float64Array[];
  bound: Float64Array[];
  /** max |H| over the claimed and numerical entries: the scale an entry is resolved against. */
  scale: number;
  mismatches: HessianMismatch[];
  asymmetry: Asymmetry[];
  nonDifferentiable: HessianKink[];
  unresolved: HessianResolution[];
  /** Largest |a − n| / bound over the judged entries. */
  maxRatio: number;
  /** Calls of f, and n², the least any full Hessian from values of f needs (n(n + 1)/2 unknowns, each from a few values). */
  evaluations: number;
  minimumEvaluations: number;
  rule: Rule;
  /** Entry names, e.g. (0, 1) → "H[0][1]". */
  name: (row: number, column: number) => string;
}

const sci = (v: number, digits = 6): string => (Number.isFinite(v) ? v.toExponential(digits) : String(v));
const short = (v: number): string => (Number.isFinite(v) ? v.toExponential(1) : String(v));

/** The report as text: the verdict, a table of the worst entries, asymmetric pairs, kinks, the cost. */
export function formatHessianReport(report: HessianCheckReport, rows = 8): string {
  const { n, mismatches, asymmetry } = report;
  const lines: string[] = [];
  const cost = `${report.evaluations} evaluations of f (${(report.evaluations / report.minimumEvaluations).toFixed(1)} × the n² = ${report.minimumEvaluations} minimum)`;
  const judged = n * n - report.nonDifferentiable.length;
  if (report.ok) lines.push(`Hessian check passed: ${judged} of ${n * n} entries agree (worst |a − n|/bound ${short(report.maxRatio)}); ${cost}`);
  else {
    const what = [
      mismatches.length > 0 ? `${mismatches.length} of ${judged} entries disagree` : "",
      asymmetry.length > 0 ? `${asymmetry.length} pair${asymmetry.length === 1 ? " is" : "s are"} asymmetric` : "",
      report.unresolved.length > 0 ? `${report.unresolved.length} entries unresolved` : "",
    ].filter((s) => s !== "");
    lines.push(`Hessian check FAILED: ${what.join(", ")}; ${cost}`);
  }
  lines.push(`  rule: ${describeRule(report.rule)}`);
  if (mismatches.length > 0) {
    const width = Math.max(10, ...mismatches.slice(0, rows).map((m) => m.name.length)) + 2;
    lines.push(`  ${"entry".padEnd(width)}${"analytic".padEnd(17)}${"numeric".padEnd(17)}${"|a − n|".padEnd(11)}${"bound".padEnd(11)}ratio`);
    for (const m of mismatches.slice(0, rows))
      lines.push(
        `  ${m.name.padEnd(width)}${sci(m.analytic).padEnd(17)}${sci(m.numeric).padEnd(17)}${short(m.error).padEnd(11)}${short(m.bound).padEnd(11)}${short(m.ratio)}`,
      );
    if (mismatches.length > rows) lines.push(`  … and ${mismatches.length - rows} more`);
  }
  for (const a of asymmetry.slice(0, rows))
    lines.push(`  asymmetric: ${a.name}: ${sci(a.upper)} vs ${sci(a.lower)} (differ by ${short(a.difference)}, rounding allows ${short(a.bound)})`);
  if (asymmetry.length > rows) lines.push(`  … and ${asymmetry.length - rows} more asymmetric pairs`);
  if (report.unresolved.length > 0)
    lines.push(
      `  unresolved (bound not small against max |H| = ${short(report.scale)}): ${report.unresolved
        .slice(0, rows)
        .map((u) => `${u.name} (${Number.isFinite(u.resolution) ? short(u.resolution) : "f does not move along it"})`)
        .join(", ")}`,
    );
  if (report.nonDifferentiable.length > 0)
    lines.push(
      `  not judged, f not smooth there at any step tried (a kink): ${report.nonDifferentiable
        .slice(0, rows)
        .map((k) => (k.left === undefined || k.right === undefined ? k.name : `${k.name} (one-sided ${sci(k.left)} | ${sci(k.right)})`))
        .join(", ")}`,
    );
  return lines.join("\n");
}

/** Thrown by assertHessian; its message is the report's text. */
export class HessianCheckError extends Error {
  override readonly name = "HessianCheckError";
  constructor(readonly report: HessianCheckReport) {
    super(formatHessianReport(report));
  }
}
