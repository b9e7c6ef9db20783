/**
 * What the HTML report shows, as plain data: the CLI fills it, the renderers turn it into text.
 */
import type { DirectionCheck } from "../check/report.js";
import type { SweepPoint } from "../numeric/sweep.js";

/** One checked coordinate: a heatmap cell and a table row. */
export interface Cell {
  index: number;
  name: string;
  analytic: number;
  numeric: number;
  bound: number;
  /** |analytic − numeric| / bound: below 1 passes (NaN when not judged). */
  ratio: number;
  /** "pass" or "fail" when judged; "unchecked" when the mode skipped it; "kink" when f is not differentiable there. */
  status: CellStatus;
}

export type CellStatus = "pass" | "fail" | "unchecked" | "kink";

/** A matrix's axes: rows × columns, row-major, each axis with its title and one label per row or column. */
export interface MatrixAxes {
  /** "i", what a row is. */
  rowAxis: string;
  /** "j", what a column is. */
  columnAxis: string;
  rowLabels: string[];
  columnLabels: string[];
}

/**
 * A block of coordinates shown as one tile: a layer's w_ij (a matrix, rows i, columns j), or a stretch of a
 * point's flat x (a vector). The tile summarises every cell; its map draws them one by one when few, binned when many.
 */
export interface HeatmapGroup {
  title: string;
  /** What the block holds, in a few words ("785 × 128 weights"). */
  caption: string;
  cells: Cell[];
  /** Present for a matrix; a vector is drawn in rows of consecutive coordinates. */
  matrix?: MatrixAxes;
}

/** The random directions of one directional check (one point of a module, or the network). */
export interface DirectionSet {
  /** "" for a single check, "point 2" for one of several. */
  label: string;
  /** How many coordinates the check has: a direction with this support moves all of them. */
  parameters: number;
  checks: DirectionCheck[];
}

/** A step-size curve for one coordinate. */
export interface Curve {
  name: string;
  points: SweepPoint[];
  /** Steps to mark on the h axis (e.g. the checker's default steps), with labels. */
  marks: { h: number; label: string }[];
}

export interface ReportPage {
  title: string;
  /** The verdict badge; absent for pages that judge nothing (a sweep). */
  ok?: boolean;
  /** Lines under the title: the network, the samples, the rule. */
  facts: string[];
  /** One tile per layer or block. */
  groups: HeatmapGroup[];
  /** The table of worst coordinates, worst first. */
  worst: Cell[];
  /** The directions of directional checks (empty in other modes). */
  directions?: DirectionSet[];
  curves: Curve[];
  /** What the curves' reference derivative is, in a sentence. */
  curveNote: string;
}
