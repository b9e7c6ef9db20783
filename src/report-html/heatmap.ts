/**
 * The map of |a − n| / bound inside a tile. Few coordinates: one cell each, coloured by log10 of the ratio,
 * carrying data-index, data-name, its status as a class and a tooltip with the numbers. Many: bins of neighbouring
 * coordinates, each coloured by its worst ratio, so the map never has more than a fixed number of elements.
 */
import { escapeHtml, sci } from "./escape.js";
import type { Cell, HeatmapGroup } from "./model.js";

/** Ratios below 10^FLOOR_DECADES share the palest colour: agreement to a millionth of the bound. */
const FLOOR_DECADES = -6;
/** Lightness of the palest and the deepest passing blue, and of the lightest and darkest failing red. */
const PASS_LIGHT = [95, 33] as const;
const FAIL_LIGHT = [62, 24] as const;

/** Passing cells shade from pale to deep blue as the ratio approaches 1; failing cells are red, deeper when worse. */
export function cellColour(ratio: number): string {
  if (!Number.isFinite(ratio)) return "#000000";
  if (ratio > 1) {
    const t = Math.min(1, Math.log10(ratio) / 6);
    return `hsl(0, 80%, ${Math.round(FAIL_LIGHT[0] + (FAIL_LIGHT[1] - FAIL_LIGHT[0]) * t)}%)`;
  }
  const t = ratio === 0 ? 0 : Math.max(0, 1 - Math.log10(ratio) / FLOOR_DECADES);
  return `hsl(215, 70%, ${Math.round(PASS_LIGHT[0] + (PASS_LIGHT[1] - PASS_LIGHT[0]) * t)}%)`;
}

/** The ratios the colour key shows: decades two apart, so neighbouring swatches differ by a fifth of the lightness range. */
export const LEGEND_RATIOS = [1e-6, 1e-4, 1e-2, 1, 10, 1e3, 1e6];

/** The colour key. */
export function renderLegend(): string {
  const label = (r: number, k: number): string => (k === 0 ? `≤ ${sci(r, 0)}` : k === LEGEND_RATIOS.length - 1 ? `≥ ${sci(r, 0)}` : sci(r, 0));
  const item = (swatch: string, text: string): string => `<span class="item">${swatch}${text}</span>`;
  const swatches = LEGEND_RATIOS.map((r, k) => item(`<span class="swatch" style="background:${cellColour(r)}"></span>`, label(r, k))).join(" ");
  const other = [
    item('<span class="swatch" style="background:#000"></span>', "not finite"),
    item('<span class="swatch unchecked"></span>', "not judged one by one"),
    item('<span class="swatch kink"></span>', "kink, not judged"),
  ].join(" ");
  return `<p class="legend">|a − n| / bound: ${swatches} <span class="note">(above 1 fails)</span> ${other}</p>`;
}

/** A grid's geometry: how many rows and columns, their labels, the two axis titles, and each cell's markup. */
interface Grid {
  rows: number;
  columns: number;
  rowLabel(r: number): string;
  columnLabel(c: number): string;
  rowAxis: string;
  columnAxis: string;
  cell(r: number, c: number): string;
}

/** Widest map, in pixels: cells shrink to fit it, down to MIN_CELL. */
const MAP_WIDTH = 640;
const MIN_CELL = 7;
const MAX_CELL = 16;
/** Pixels per character of the 10px label font, generously: labels are spaced so that none overlaps the next. */
const CHAR_PX = 6.5;

function renderGrid(grid: Grid): string {
  const size = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor(MAP_WIDTH / grid.columns) - 1));
  const widest = Math.max(1, ...Array.from({ length: grid.columns }, (_, c) => grid.columnLabel(c).length));
  // A label every `every` columns, spanning them: never wider than the room it has.
  const every = Math.max(1, Math.ceil((widest * CHAR_PX + 4) / (size + 1)));
  const rowEvery = Math.max(1, Math.ceil(12 / (size + 1)));
  const parts = [
    `<div class="heatmap" style="grid-template-columns:auto repeat(${grid.columns}, ${size}px);grid-template-rows:auto auto;grid-auto-rows:${size}px">`,
    "<span></span>",
    `<span class="axis" style="grid-column:2 / -1">${escapeHtml(grid.columnAxis)} →</span>`,
    `<span class="axis corner">${escapeHtml(grid.rowAxis)} ↓</span>`,
  ];
  for (let c = 0; c < grid.columns; c += every) {
    const span = Math.min(every, grid.columns - c);
    // A last, narrower span stays blank rather than cut its label short.
    const label = span === every || c === 0 ? escapeHtml(grid.columnLabel(c)) : "";
    parts.push(`<span class="col" style="grid-column:span ${span}">${label}</span>`);
  }
  for (let r = 0; r < grid.rows; r++) {
    parts.push(`<span class="row">${r % rowEvery === 0 ? escapeHtml(grid.rowLabel(r)) : ""}</span>`);
    for (let c = 0; c < grid.columns; c++) parts.push(grid.cell(r, c));
  }
  parts.push("</div>");
  return parts.join("");
}

function renderCell(cell: Cell | undefined): string {
  if (cell === undefined) return "<span></span>";
  const judged = cell.status === "pass" || cell.status === "fail";
  const values = judged ? `\nanalytic ${sci(cell.analytic, 6)}\nnumeric ${sci(cell.numeric, 6)}\n|a − n| / bound = ${sci(cell.ratio, 2)}` : "";
  const what =
    cell.status === "kink" ? "not differentiable here (kink), not judged" : cell.status === "unchecked" ? "not judged one by one" : cell.status;
  const cls = cell.status === "pass" ? "cell" : `cell ${cell.status}`;
  const colour = judged ? ` style="background:${cellColour(cell.ratio)}"` : "";
  // The class carries the status: per cell only the index, the name and the tooltip, so that a thousand cells stay small.
  return `<div class="${cls}" data-index="${cell.index}" data-name="${escapeHtml(cell.name)}" title="${escapeHtml(`${cell.name}: ${what}${values}`)}"${colour}></div>`;
}

/** A binned matrix map is at most this many squares across and down: it fits a screen. */
const MAX_BINS_ACROSS = 64;
const MAX_BINS_DOWN = 64;
/** A matrix with more rows than this is binned even when its cells would fit FULL_MAP_CELLS. */
export const FULL_MAP_ROWS = 64;

/** Coordinates per row of a vector's map. */
const VECTOR_ROW = 16;
/** Bins per row of a binned vector's map. */
const VECTOR_BIN_ROW = 40;

/** How many cells a map of this group draws one by one at most; past it the map is binned. */
export const FULL_MAP_CELLS = 1024;

/** Every cell, one element each. */
export function renderFullMap(group: HeatmapGroup): string {
  const { cells, matrix } = group;
  if (matrix !== undefined)
    return renderGrid({
      rows: matrix.rowLabels.length,
      columns: matrix.columnLabels.length,
      rowLabel: (r) => matrix.rowLabels[r],
      columnLabel: (c) => matrix.columnLabels[c],
      rowAxis: matrix.rowAxis,
      columnAxis: matrix.columnAxis,
      cell: (r, c) => renderCell(cells[r * matrix.columnLabels.length + c]),
    });
  const columns = Math.min(VECTOR_ROW, cells.length);
  return renderGrid({
    rows: Math.ceil(cells.length / columns),
    columns,
    rowLabel: (r) => `${cells[r * columns].index}`,
    columnLabel: (c) => `+${c}`,
    rowAxis: "k",
    columnAxis: "+ c, for x[k + c]",
    cell: (r, c) => renderCell(cells[r * columns + c]),
  });
}

/** One bin: its worst judged ratio decides the colour; a failing or non-finite cell anywhere in it shows. */
function renderBin(cells: Cell[], where: string): string {
  let judged = 0;
  let fails = 0;
  let kinks = 0;
  let worst: Cell | undefined;
  const severity = (c: Cell): number => (Number.isNaN(c.ratio) ? Infinity : c.ratio);
  for (const c of cells) {
    if (c.status === "kink") kinks++;
    if (c.status !== "pass" && c.status !== "fail") continue;
    judged++;
    if (c.status === "fail") fails++;
    if (worst === undefined || severity(c) > severity(worst)) worst = c;
  }
  const counts = `${cells.length} coordinates, ${judged} judged${fails > 0 ? `, ${fails} fail` : ""}${kinks > 0 ? `, ${kinks} at a kink` : ""}`;
  const tip = `${where}: ${counts}${worst === undefined ? "" : `\nworst ${worst.name}: |a − n| / bound = ${sci(worst.ratio, 2)}`}`;
  if (worst === undefined) return `<div class="bin ${kinks > 0 ? "kink" : "unchecked"}" title="${escapeHtml(tip)}"></div>`;
  return `<div class="bin${fails > 0 ? " fail" : ""}" title="${escapeHtml(tip)}" style="background:${cellColour(worst.ratio)}"></div>`;
}

/** Rectangles (matrix) or stretches (vector) of neighbouring cells, at most `budget` bins. */
export function renderBinnedMap(group: HeatmapGroup, budget: number): string {
  const { cells, matrix } = group;
  if (matrix !== undefined) {
    const [rows, columns] = [matrix.rowLabels.length, matrix.columnLabels.length];
    const perColumn = Math.ceil(columns / Math.min(MAX_BINS_ACROSS, budget));
    const binColumns = Math.ceil(columns / perColumn);
    const perRow = Math.ceil(rows / Math.max(1, Math.min(MAX_BINS_DOWN, Math.floor(budget / binColumns))));
    const binRows = Math.ceil(rows / perRow);
    const range = (labels: string[], from: number, count: number): string => {
      const to = Math.min(labels.length, from + count) - 1;
      return to === from ? labels[from] : `${labels[from]}–${labels[to]}`;
    };
    const bin = (r: number, c: number): Cell[] => {
      const out: Cell[] = [];
      for (let i = r * perRow; i < Math.min(rows, (r + 1) * perRow); i++)
        for (let j = c * perColumn; j < Math.min(columns, (c + 1) * perColumn); j++) out.push(cells[i * columns + j]);
      return out;
    };
    const caption = `<p class="note">each square: ${perRow} × ${perColumn} coordinates (${matrix.rowAxis} × ${matrix.columnAxis}), coloured by the worst</p>`;
    return (
      caption +
      renderGrid({
        rows: binRows,
        columns: binColumns,
        rowLabel: (r) => range(matrix.rowLabels, r * perRow, perRow),
        // Columns labelled by where each square starts (ranges would not fit); the tooltips give the ranges.
        columnLabel: (c) => matrix.columnLabels[c * perColumn],
        rowAxis: matrix.rowAxis,
        columnAxis: matrix.columnAxis,
        cell: (r, c) => {
          const where = `${matrix.rowAxis} = ${range(matrix.rowLabels, r * perRow, perRow)}, ${matrix.columnAxis} = ${range(matrix.columnLabels, c * perColumn, perColumn)}`;
          return renderBin(bin(r, c), where);
        },
      })
    );
  }
  const per = niceAtLeast(cells.length / budget);
  const bins = Math.ceil(cells.length / per);
  const columns = Math.min(VECTOR_BIN_ROW, bins);
  const first = cells[0]?.index ?? 0;
  return (
    `<p class="note">each square: ${per} consecutive coordinates, coloured by the worst</p>` +
    renderGrid({
      rows: Math.ceil(bins / columns),
      columns,
      rowLabel: (r) => `${first + r * columns * per}`,
      columnLabel: (c) => `+${c * per}`,
      rowAxis: "k",
      columnAxis: "+ c, for x[k + c]",
      cell: (r, c) => {
        const b = r * columns + c;
        if (b >= bins) return "<span></span>";
        const stretch = cells.slice(b * per, (b + 1) * per);
        return renderBin(stretch, `${stretch[0].name} … ${stretch[stretch.length - 1].name}`);
      },
    })
  );
}

/** The smallest of 1, 2, 5, 10, 20, 50, … at least `value`: bins of round sizes read better. */
export function niceAtLeast(value: number): number {
  if (value <= 1) return 1;
  const decade = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * decade >= value) return m * decade;
  return 10 * decade;
}
