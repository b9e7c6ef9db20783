/**
 * The whole report: one self-contained HTML document (inline CSS and SVG, no script, no external asset).
 */
import { renderCurves } from "./curve.js";
import { escapeHtml } from "./escape.js";
import { renderHeatmap, renderLegend } from "./heatmap.js";
import type { ReportPage } from "./model.js";
import { renderWorstTable } from "./table.js";

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #1d1d1f; padding: 0 1em; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; } h3 { font-size: 1em; margin: 0.8em 0 0.3em; }
.verdict { display: inline-block; padding: 0.1em 0.6em; border-radius: 4px; color: #fff; font-weight: 600; }
.verdict.pass { background: #2e7d32; } .verdict.fail { background: #c62828; }
.facts { color: #444; margin: 0.3em 0; padding-left: 1.2em; }
.groups { display: flex; flex-wrap: wrap; gap: 1.5em; }
.heatmap { display: grid; gap: 2px; align-items: center; font-size: 11px; }
.heatmap .cell { width: 1.4em; height: 1.4em; border-radius: 2px; }
.heatmap .cell.fail { outline: 1px solid #7f0000; }
.unchecked { background: repeating-linear-gradient(45deg, #eee 0 3px, #fff 3px 6px); border: 1px solid #ddd; box-sizing: border-box; }
.kink { background: #f3e5ab; border: 1px solid #c9b458; box-sizing: border-box; }
.heatmap .row { padding-right: 0.4em; color: #555; white-space: nowrap; } .heatmap .col { text-align: center; color: #555; }
.legend { font-size: 12px; color: #444; } .swatch { display: inline-block; width: 1em; height: 1em; vertical-align: middle; margin: 0 0.2em 0 0.6em; border-radius: 2px; }
table.worst { border-collapse: collapse; font-size: 13px; } table.worst th, table.worst td { padding: 0.2em 0.7em; text-align: right; border-bottom: 1px solid #ddd; }
table.worst td:first-child, table.worst th:first-child { text-align: left; } table.worst tr.fail td { color: #b71c1c; }
svg.curve { max-width: 100%; height: auto; font-size: 11px; } svg.curve text { fill: #444; }
svg.curve .grid { stroke: #e4e4e4; } svg.curve .mark { stroke: #888; stroke-dasharray: 4 3; } svg.curve .mark-label { font-size: 10px; }
.note { color: #666; }
`;

export function renderPage(page: ReportPage): string {
  const verdict = page.ok === undefined ? "" : page.ok ? '<span class="verdict pass">pass</span>' : '<span class="verdict fail">fail</span>';
  const facts = page.facts.map((f) => `<li>${escapeHtml(f)}</li>`).join("");
  const groups = page.groups.map(renderHeatmap).join("");
  const curves = renderCurves(page.curves);
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
    `<title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(page.title)} ${verdict}</h1>`,
    `<ul class="facts">${facts}</ul>`,
    page.groups.length > 0 ? `<h2>|a − n| / bound, one cell per coordinate</h2>${renderLegend()}<div class="groups">${groups}</div>` : "",
    page.worst.length > 0 ? `<h2>Worst coordinates</h2>${renderWorstTable(page.worst)}` : "",
    curves === "" ? "" : `<h2>Step-size curve</h2><p class="note">${escapeHtml(page.curveNote)}</p>${curves}`,
    "</body></html>",
    "",
  ].join("\n");
}
