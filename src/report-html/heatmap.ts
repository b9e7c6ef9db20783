/**
 * The heatmap of |a − n| / bound: one cell per coordinate, coloured by log10 of the ratio.
 * Cells carry data-index, data-name and data-ratio, and a title tooltip with the numbers.
 */
import { escapeHtml, sci } from "./escape.js";
import type { Cell, HeatmapGroup } from "./model.js";

/** Ratios below 10^FLOOR_DECADES share the palest colour: agreement to a millionth of the bound. */
const FLOOR_DECADES = -6;

/** Passing cells shade from pale to deep blue as the ratio approaches 1; failing cells are red, deeper when worse. */
export function cellColour(ratio: number): string {
  if (!Number.isFinite(ratio)) return "#000000";
  if (ratio > 1) {
    const t = Math.min(1, Math.log10(ratio) / 6);
    return `hsl(0, 80%, ${Math.round(60 - 30 * t)}%)`;
  }
  const t = ratio === 0 ? 0 : Math.max(0, 1 - Math.log10(ratio) / FLOOR_DECADES);
  return `hsl(215, 70%, ${Math.round(94 - 50 * t)}%)`;
}

function renderCell(cell: Cell): string {
  const judged = cell.status === "pass" || cell.status === "fail";
  const values = judged ? `\nanalytic ${sci(cell.analytic, 6)}\nnumeric ${sci(cell.numeric, 6)}\n|a − n| / bound = ${sci(cell.ratio, 2)}` : "";
  const tip = `${cell.name}: ${cell.status === "kink" ? "not differentiable here (kink), not judged" : cell.status === "unchecked" ? "not checked in this mode" : cell.status}${values}`;
  const cls = cell.status === "pass" ? "cell" : `cell ${cell.status}`;
  const colour = judged ? `background:${cellColour(cell.ratio)}` : "";
  return `<div class="${cls}" data-index="${cell.index}" data-name="${escapeHtml(cell.name)}" data-status="${cell.status}" data-ratio="${sci(cell.ratio, 2)}" title="${escapeHtml(tip)}" style="${colour}"></div>`;
}

export function renderHeatmap(group: HeatmapGroup): string {
  const columns = group.columnLabels.length;
  const parts = [`<div class="heatmap" style="grid-template-columns:auto repeat(${columns}, 1.4em)">`, "<span></span>"];
  for (const label of group.columnLabels) parts.push(`<span class="col">${escapeHtml(label)}</span>`);
  group.rowLabels.forEach((label, r) => {
    parts.push(`<span class="row">${escapeHtml(label)}</span>`);
    for (let c = 0; c < columns; c++) {
      const cell = group.cells[r * columns + c];
      parts.push(cell === undefined ? "<span></span>" : renderCell(cell));
    }
  });
  parts.push("</div>");
  return `<section class="group"><h3>${escapeHtml(group.title)}</h3>${parts.join("")}</section>`;
}

/** The colour key: a few sample ratios. */
export function renderLegend(): string {
  const samples = [1e-6, 1e-4, 1e-2, 0.5, 1, 10, 1e3, 1e6];
  const swatches = samples.map((r) => `<span class="swatch" style="background:${cellColour(r)}"></span>${sci(r, 0)}`).join(" ");
  const other = '<span class="swatch unchecked"></span>not checked <span class="swatch kink"></span>kink, not judged';
  return `<p class="legend">|a − n| / bound: ${swatches} <span class="note">(above 1 fails)</span> ${other}</p>`;
}
