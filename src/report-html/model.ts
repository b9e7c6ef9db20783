/**
 * What the HTML report shows, as plain data: the CLI fills it, the renderers turn it into text.
 */
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

/** A block of cells drawn as a grid, row-major: a layer's w_ij (rows i, columns j), or a point's x[k]. */
export interface HeatmapGroup {
  title: string;
  rowLabels: string[];
  columnLabels: string[];
  cells: Cell[];
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
  groups: HeatmapGroup[];
  /** The table of worst coordinates, worst first. */
  worst: Cell[];
  curves: Curve[];
  /** What the curves' reference derivative is, in a sentence. */
  curveNote: string;
}
