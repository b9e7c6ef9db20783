/**
 * From a GradientCheckReport to what people read: per-layer summaries, the worst coordinates,
 * and the data the HTML report draws.
 */
import { FunctionEvaluationError } from "../base/errors.js";
import type { GradientCheckReport } from "../check/report.js";
import { type Layout, weightName } from "../network/layout.js";
import type { Partial } from "../numeric/evaluate.js";
import { centralStep, richardsonStep } from "../numeric/step.js";
import { stepSweep } from "../numeric/sweep.js";
import type { Cell, CellStatus, Curve, DirectionSet, HeatmapGroup } from "../report-html/model.js";

/** |a − n| / bound at coordinate k: 0 when they agree exactly, NaN when a value is not finite. */
export function ratioAt(report: GradientCheckReport, k: number): number {
  const [a, n] = [report.analytic[k], report.numeric[k]];
  if (!Number.isFinite(a) || !Number.isFinite(n)) return Number.NaN;
  const diff = Math.abs(a - n);
  return diff === 0 ? 0 : diff / report.bound[k];
}

/** Each coordinate's standing: judged (pass/fail), skipped by the mode, or at a kink. */
export function statusesOf(report: GradientCheckReport): CellStatus[] {
  const status = new Array<CellStatus>(report.analytic.length).fill("unchecked");
  for (const k of report.checked) status[k] = "pass";
  for (const m of report.mismatches) status[m.index] = "fail";
  for (const kink of report.nonDifferentiable) status[kink.index] = "kink";
  return status;
}

export function cellsOf(report: GradientCheckReport, name: (k: number) => string): Cell[] {
  const status = statusesOf(report);
  return Array.from(report.analytic, (analytic, k) => ({
    index: k,
    name: name(k),
    analytic,
    numeric: report.numeric[k],
    bound: report.bound[k],
    ratio: status[k] === "pass" || status[k] === "fail" ? ratioAt(report, k) : Number.NaN,
    status: status[k],
  }));
}

/** Judged cells, worst first (a non-finite value counts as worst), at most `count`. */
export function worstCells(cells: readonly Cell[], count: number): Cell[] {
  const severity = (c: Cell): number => (Number.isNaN(c.ratio) ? Infinity : c.ratio);
  const judged = cells.filter((c) => c.status === "pass" || c.status === "fail");
  return judged.sort((p, q) => severity(q) - severity(p)).slice(0, count);
}

export interface LayerSummary {
  l: number;
  parameters: number;
  /** Coordinates judged one by one (all in "full"; a sample in "sparse"; those bisection reached in "directional"). */
  checked: number;
  /** Worst |a − n| / bound over the judged coordinates (0 when none was judged). */
  worstRatio: number;
  mismatches: number;
}

/** Per layer l = 1..L: how many parameters, how many judged, the worst |a − n| / bound, how many mismatch. */
export function layerSummaries(report: GradientCheckReport, layout: Layout): LayerSummary[] {
  const status = statusesOf(report);
  const out: LayerSummary[] = [];
  for (let l = 1; l < layout.d.length; l++) {
    const summary: LayerSummary = { l, parameters: layout.offset[l + 1] - layout.offset[l], checked: 0, worstRatio: 0, mismatches: 0 };
    for (let k = layout.offset[l]; k < layout.offset[l + 1]; k++) {
      if (status[k] !== "pass" && status[k] !== "fail") continue;
      summary.checked++;
      const r = ratioAt(report, k);
      summary.worstRatio = Number.isNaN(r) || Number.isNaN(summary.worstRatio) ? Number.NaN : Math.max(summary.worstRatio, r);
      if (status[k] === "fail") summary.mismatches++;
    }
    out.push(summary);
  }
  return out;
}

/** One tile per layer: rows i = 0..d(l−1) (i = 0 the bias), columns j = 0..d(l)−1. */
export function layerGroups(report: GradientCheckReport, layout: Layout): HeatmapGroup[] {
  const cells = cellsOf(report, (k) => weightName(layout, k));
  return layout.d.slice(1).map((width, m) => {
    const l = m + 1;
    const rows = layout.d[l - 1] + 1;
    return {
      title: `layer l=${l}`,
      caption: `w_ij^(${l}): ${rows} × ${width} = ${rows * width} weights, i = 0 the bias`,
      cells: cells.slice(layout.offset[l], layout.offset[l + 1]),
      matrix: {
        rowAxis: "i",
        columnAxis: "j",
        rowLabels: Array.from({ length: rows }, (_, i) => `${i}`),
        // The same i and j as the names w[l][i][j] (weightName): flat index offset(l) + i·d(l) + j.
        columnLabels: Array.from({ length: width }, (_, j) => `${j}`),
      },
    };
  });
}

/** A vector up to this long is one tile; longer ones are cut into blocks of a round size, at most MAX_BLOCKS. */
const ONE_BLOCK = 4096;
const MAX_BLOCKS = 12;

/** A vector's coordinates as tiles: one for a short vector, blocks x[a..b] of a round size for a long one. */
export function vectorGroups(title: string, cells: Cell[]): HeatmapGroup[] {
  const name = (from: number, to: number): string => `${title === "x" ? "" : `${title}, `}x[${from}..${to}]`;
  if (cells.length <= ONE_BLOCK) return [{ title, caption: "", cells }];
  let size = 1000;
  while (Math.ceil(cells.length / size) > MAX_BLOCKS) size *= size.toString().startsWith("2") ? 2.5 : 2;
  const groups: HeatmapGroup[] = [];
  for (let from = 0; from < cells.length; from += size) {
    const to = Math.min(cells.length, from + size) - 1;
    groups.push({ title: name(from, to), caption: "", cells: cells.slice(from, to + 1) });
  }
  return groups;
}

/** The directions of a directional check, for the directions view. */
export function directionSet(report: GradientCheckReport, label = ""): DirectionSet {
  return { label, parameters: report.analytic.length, checks: report.directions };
}

/** The step-size curve of coordinate k against `reference`, with the checker's default steps marked. */
export function curveOf(partial: Partial, k: number, reference: number, name: string): Curve {
  return {
    name,
    points: stepSweep(partial, k, reference),
    marks: [
      { h: centralStep("float64") * Math.max(1, Math.abs(partial.at(k))), label: "central default" },
      { h: richardsonStep("float64") * Math.max(1, Math.abs(partial.at(k))), label: "richardson first step" },
    ],
  };
}

/**
 * The curves the check reports draw for their worst coordinate: against the analytic value a, and when the
 * check failed also against the Richardson value n, whose V shows what the differentiator alone does.
 */
export function worstCurves(partial: Partial, worst: Cell | undefined, fallback: Cell): Curve[] {
  // A directional check may judge no single coordinate: then the curve is drawn for `fallback` against a.
  const cell = worst ?? fallback;
  try {
    const curves = [curveOf(partial, cell.index, cell.analytic, `${cell.name}, reference a (analytic)`)];
    if (cell.status === "fail") curves.push(curveOf(partial, cell.index, cell.numeric, `${cell.name}, reference n (Richardson)`));
    return curves;
  } catch (error) {
    // The sweep's steps reach 0.1·max(1, |x_k|), farther than the check's: f may be undefined there. No curve then.
    if (error instanceof FunctionEvaluationError) return [];
    throw error;
  }
}

/** Says what the curve's reference is, and why. */
export const CURVE_NOTE =
  "error = |D(h) − a|, D(h) the central difference with step h and a the analytic derivative under check. " +
  "Backprop's value is exact up to rounding (about 1e-16 relative), far below the bottom of the V, so when a is right the curve is the " +
  "differentiator's own error: truncation falling as h² on the right, rounding rising as 1/h on the left. When a is wrong the curve " +
  "cannot dip below |a − true derivative| and flattens there instead; a failed check then also draws the curve against the Richardson value n.";

/** JSON.stringify with typed arrays as plain arrays. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
}
