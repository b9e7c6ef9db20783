/**
 * Judging a claimed matrix entry by entry, row by row: the verdict shared by the Jacobian checks
 * (and meant for a Hessian's rows too). Each row i is a gradient of its own — output i of f for a
 * Jacobian — differentiated with its own noise estimate, and compared (compare.ts) against the
 * row's own scale ‖a_i‖∞, never the largest row's: a Jacobian with rows of size 10⁶ and 10⁻⁶ is
 * judged as sharply in both. An entry is named `J[i][k]`, or in the caller's words.
 */
import type { Derivatives } from "../numeric/differentiate.js";
import { compare } from "./compare.js";
import type { Mismatch, NonDifferentiable, Resolution } from "./report.js";
import type { Rule } from "./tolerance.js";

/** Where an entry sits: its row and column. */
export interface EntryPlace {
  /** The output (row) index. */
  row: number;
  /** The input (column) index. */
  column: number;
}

/** An entry whose claimed value disagrees with the numerical one (`index` is row·n + column). */
export interface EntryMismatch extends Mismatch, EntryPlace {}
/** An entry where f's row has a kink inside the stencil: not judged. */
export interface EntryNonDifferentiable extends NonDifferentiable, EntryPlace {}
/** An entry the check could not resolve, or resolved only weakly. */
export interface EntryResolution extends Resolution, EntryPlace {}

/** One row's verdict: its scale, its noise, its worst entry. */
export interface RowSummary {
  row: number;
  /** The row's name ("y[2]", or the caller's). */
  name: string;
  ok: boolean;
  /** ‖claimed row‖∞: the scale the row's entries are judged against. */
  scale: number;
  /** σ of this output's rounding noise, as measured. */
  noise: number;
  /** Largest |a − n| / bound over the row's judged entries. */
  maxRatio: number;
  mismatches: number;
  unresolved: number;
  nonDifferentiable: number;
}

/** The entries' verdicts: per-entry bounds and ratios (rows of n, NaN where not judged), the lists worst first, per-row summaries. */
export interface EntryVerdicts {
  bound: Float64Array[];
  ratio: Float64Array[];
  mismatches: EntryMismatch[];
  nonDifferentiable: EntryNonDifferentiable[];
  unresolved: EntryResolution[];
  weaklyResolved: EntryResolution[];
  rows: RowSummary[];
  maxAbsError: number;
  maxRelError: number;
  maxRatio: number;
}

/** Test-only seam (properties/jacobian-mutations.test.ts): planted mistakes in the row-wise verdict. */
export interface EntryMutation {
  /** Judge every row against the largest row's scale and noise, as if f were one scalar. */
  globalScale?: boolean;
}
let mutation: EntryMutation = {};
/** Sets the planted mistake (test-only; `{}` restores the real behaviour). */
export function setEntryMutation(m: EntryMutation): void {
  mutation = m;
}

/** Names entry (i, k) for people. */
export type EntryName = (row: number, column: number) => string;

/** The largest error estimate of any row at each entry: the mutation's single-scalar view. */
function globalView(numeric: readonly Derivatives[], analytic: readonly Float64Array[]): Derivatives[] {
  let worst = 0;
  let scale = 0;
  for (const d of numeric) for (const e of d.error) if (Number.isFinite(e)) worst = Math.max(worst, e);
  for (const a of analytic) for (const v of a) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  return numeric.map((d) => ({ ...d, error: d.error.map((e) => (Number.isNaN(e) ? e : Math.max(e, worst, 1e-8 * scale))) }));
}

/**
 * Judges the claimed rows `analytic[i]` against the numerical rows `numeric[i]` at the columns
 * `checked`, each row with its own calibrated bound (check/tolerance.ts); `pointScale` is ‖x‖∞.
 */
export function judgeEntries(
  analytic: readonly Float64Array[],
  numeric: readonly Derivatives[],
  rule: Rule,
  checked: ArrayLike<number>,
  name: EntryName,
  rowName: (row: number) => string,
  pointScale: number,
): EntryVerdicts {
  const n = analytic.length > 0 ? analytic[0].length : 0;
  const rows = mutation.globalScale ? globalView(numeric, analytic) : numeric;
  const out: EntryVerdicts = {
    bound: [],
    ratio: [],
    mismatches: [],
    nonDifferentiable: [],
    unresolved: [],
    weaklyResolved: [],
    rows: [],
    maxAbsError: 0,
    maxRelError: 0,
    maxRatio: 0,
  };
  for (let i = 0; i < analytic.length; i++) {
    const c = compare(analytic[i], rows[i], rule, checked, { name: (k) => name(i, k) }, pointScale);
    const place = <T extends { index: number }>(e: T): T & EntryPlace => ({ ...e, row: i, column: e.index, index: i * n + e.index });
    out.bound.push(c.bound);
    out.ratio.push(c.ratio);
    out.mismatches.push(...c.mismatches.map(place));
    out.nonDifferentiable.push(...c.nonDifferentiable.map(place));
    out.unresolved.push(...c.unresolved.map(place));
    out.weaklyResolved.push(...c.weaklyResolved.map(place));
    out.maxAbsError = Math.max(out.maxAbsError, c.maxAbsError);
    out.maxRelError = Math.max(out.maxRelError, c.maxRelError);
    out.maxRatio = Math.max(out.maxRatio, c.maxRatio);
    let scale = 0;
    for (const v of analytic[i]) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    out.rows.push({
      row: i,
      name: rowName(i),
      ok: c.mismatches.length === 0 && c.unresolved.length === 0,
      scale,
      noise: numeric[i].noise,
      maxRatio: c.maxRatio,
      mismatches: c.mismatches.length,
      unresolved: c.unresolved.length,
      nonDifferentiable: c.nonDifferentiable.length,
    });
  }
  const severity = (m: EntryMismatch): number => (Number.isNaN(m.ratio) ? Infinity : m.ratio);
  out.mismatches.sort((p, q) => severity(q) - severity(p));
  return out;
}
