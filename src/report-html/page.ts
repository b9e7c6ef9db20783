/**
 * The whole report: one self-contained HTML document (inline CSS and SVG, no script, no external asset).
 * Read top down: the verdict and its headline, the worst coordinates, the directions of a directional check,
 * one tile per layer or block, the step-size curve. Its size is bounded whatever the number of coordinates:
 * the tiles' maps share MAP_BUDGET elements, binning neighbours when a block holds more.
 */
import { renderCurves } from "./curve.js";
import { renderDirections } from "./directions.js";
import { escapeHtml, sci } from "./escape.js";
import { renderLegend } from "./heatmap.js";
import type { Cell, HeatmapGroup, ReportPage } from "./model.js";
import { renderWorstTable } from "./table.js";
import { renderTile, summarise } from "./tile.js";

/** Map elements (cells or bins) the whole page may draw, shared by the tiles: about 150 bytes each. */
export const MAP_BUDGET = 8000;
/** Each tile's share never falls below this, so a report of many small tiles still maps them all. */
const MIN_TILE_BUDGET = 32;
/** Nor rises above this: a big layer is a summary and a map you can take in. */
const MAX_TILE_BUDGET = 4096;

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.2em auto; max-width: 64em; color: #1d1d1f; padding: 0 1em; }
h1 { font-size: 1.4em; margin: 0.2em 0; } h2 { font-size: 1.15em; margin-top: 1.4em; } h3 { font-size: 1em; margin: 0.3em 0; }
.verdict { display: inline-block; padding: 0.1em 0.6em; border-radius: 4px; color: #fff; font-weight: 600; }
.verdict.pass { background: #2e7d32; } .verdict.fail { background: #c62828; }
.headline { font-size: 1.05em; margin: 0.3em 0; } .headline.fail { color: #b71c1c; }
.facts { color: #555; margin: 0.2em 0; padding-left: 1.2em; font-size: 13px; }
.tiles { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
.tile { border: 1px solid #d7d7db; border-radius: 6px; padding: 0.5em 0.8em; max-width: 100%; box-sizing: border-box; }
.tile.failing { border-color: #c62828; box-shadow: inset 3px 0 0 #c62828; } .tile p { margin: 0.2em 0; }
details summary { cursor: pointer; color: #1f4f99; margin: 0.3em 0; }
.heatmap { display: grid; justify-content: start; gap: 1px; align-items: center; font-size: 10px; overflow-x: auto; max-width: 100%; }
.heatmap .cell, .heatmap .bin { width: 100%; height: 100%; border-radius: 1px; }
.heatmap .cell.fail, .heatmap .bin.fail { outline: 1px solid #7f0000; }
.heatmap .row { padding-right: 0.4em; color: #555; white-space: nowrap; text-align: right; }
.heatmap .col { color: #555; white-space: nowrap; overflow: hidden; }
.heatmap .axis { color: #222; font-weight: 600; white-space: nowrap; } .heatmap .corner { text-align: right; padding-right: 0.4em; }
.unchecked { background: repeating-linear-gradient(45deg, #e6e6e6 0 2px, #fff 2px 4px); box-shadow: inset 0 0 0 1px #ddd; }
.kink { background: #f3e5ab; box-shadow: inset 0 0 0 1px #c9b458; }
.legend { font-size: 12px; color: #444; } .legend .item { white-space: nowrap; margin-right: 0.5em; } .swatch { display: inline-block; width: 1em; height: 1em; vertical-align: middle; margin: 0 0.2em 0 0.6em; border-radius: 2px; }
table.worst, table.list, table.directions { border-collapse: collapse; font-size: 13px; } table.worst th, table.worst td, table.list th, table.list td, table.directions th, table.directions td { padding: 0.15em 0.7em; text-align: right; border-bottom: 1px solid #ddd; }
table.worst td:first-child, table.worst th:first-child, table.list td:first-child, table.list th:first-child { text-align: left; }
table.worst td:last-child, table.directions td:last-child { text-align: left; }
tr.fail td { color: #b71c1c; }
.bar { display: inline-block; width: 8em; height: 0.7em; background: #f2f2f2; position: relative; vertical-align: middle; }
.bar::after { content: ""; position: absolute; left: 50%; top: -2px; bottom: -2px; border-left: 1px solid #333; }
.bar span { display: block; height: 100%; }
.dist { display: flex; align-items: flex-end; gap: 2px; height: 36px; border-bottom: 1px solid #999; width: 198px; margin-top: 0.3em;
  background: linear-gradient(#555, #555) 139px 0 / 1px 100% no-repeat; }
.dist span { width: 18px; flex: none; }
.ticks { display: flex; justify-content: space-between; width: 198px; font-size: 9px; color: #555; position: relative; }
.ticks span:nth-child(2) { position: absolute; left: 139px; transform: translateX(-50%); }
svg.curve { max-width: 100%; height: auto; font-size: 11px; } svg.curve text { fill: #444; }
svg.curve .grid { stroke: #e4e4e4; } svg.curve .mark { stroke: #888; stroke-dasharray: 4 3; } svg.curve .mark-label { font-size: 10px; }
.note { color: #666; }
`;

const count = (n: number): string => n.toLocaleString("en-US").replace(/,/g, " ");

/** One sentence under the title: how many coordinates were judged and failed, the worst, the directions. */
function headline(page: ReportPage, worst: Cell | undefined): string {
  const all = page.groups.flatMap((g) => g.cells);
  const s = summarise(all);
  const parts: string[] = [];
  if (all.length > 0) {
    const judged =
      s.judged === all.length
        ? `all ${count(all.length)} coordinates judged one by one`
        : `${count(s.judged)} of ${count(all.length)} coordinates judged one by one`;
    parts.push(`${judged}, ${count(s.fails)} fail${s.kinks > 0 ? `, ${count(s.kinks)} at a kink (not judged)` : ""}`);
  }
  if (worst !== undefined) parts.push(`worst ${worst.name}: ${sci(worst.ratio, 2)}× its bound`);
  const directions = (page.directions ?? []).flatMap((d) => d.checks);
  if (directions.length > 0) parts.push(`${directions.filter((d) => d.ok).length} of ${directions.length} random directions agree`);
  return parts.join("; ");
}

/** A directional check that judged no coordinate by itself: one line for the blocks, no tile of empty maps. */
function unjudged(groups: readonly HeatmapGroup[]): string {
  const total = groups.reduce((n, g) => n + g.cells.length, 0);
  const names = groups.map((g) => `${g.title} (${count(g.cells.length)})`).join(", ");
  return `<h2>Coordinates</h2><p>No coordinate was judged one by one: the directions above move all ${count(total)} together. ${escapeHtml(names)}.</p>`;
}

function tileBudget(groups: readonly HeatmapGroup[]): number {
  return Math.max(MIN_TILE_BUDGET, Math.min(MAX_TILE_BUDGET, Math.floor(MAP_BUDGET / Math.max(1, groups.length))));
}

export function renderPage(page: ReportPage): string {
  const verdict = page.ok === undefined ? "" : page.ok ? '<span class="verdict pass">pass</span>' : '<span class="verdict fail">fail</span>';
  const facts = page.facts.map((f) => `<li>${escapeHtml(f)}</li>`).join("");
  const line = headline(page, page.worst[0]);
  const budget = tileBudget(page.groups);
  const tiles = page.groups.map((g) => renderTile(g, budget)).join("");
  const directions = renderDirections(page.directions ?? []);
  const curves = renderCurves(page.curves);
  const judgedAll = page.groups.reduce((n, g) => n + summarise(g.cells).judged, 0);
  const heading = page.groups.some((g) => g.matrix !== undefined) ? "Layers" : "Blocks";
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
    `<title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(page.title)} ${verdict}</h1>`,
    line === "" ? "" : `<p class="headline${page.ok === false ? " fail" : ""}">${escapeHtml(line)}</p>`,
    `<ul class="facts">${facts}</ul>`,
    page.worst.length > 0 ? `<h2>Worst coordinates (${page.worst.length} of ${count(judgedAll)} judged)</h2>${renderWorstTable(page.worst)}` : "",
    directions === "" ? "" : `<h2>Directions</h2>${directions}`,
    page.groups.length === 0
      ? ""
      : judgedAll === 0
        ? unjudged(page.groups)
        : `<h2>${heading}: |a − n| / bound</h2>${renderLegend()}<div class="tiles">${tiles}</div>`,
    curves === "" ? "" : `<h2>Step-size curve</h2><p class="note">${escapeHtml(page.curveNote)}</p>${curves}`,
    "</body></html>",
    "",
  ].join("\n");
}
