/** The table of worst coordinates: name, analytic, numeric, |a − n|, bound, ratio. */
import { escapeHtml, sci } from "./escape.js";
import type { Cell } from "./model.js";

export function renderWorstTable(cells: readonly Cell[]): string {
  const head = "<tr><th>coordinate</th><th>analytic</th><th>numeric</th><th>|a − n|</th><th>bound</th><th>ratio</th><th></th></tr>";
  const rows = cells.map((c) => {
    const verdict = c.status;
    const values = [c.analytic, c.numeric, Math.abs(c.analytic - c.numeric), c.bound, c.ratio].map((v, k) => `<td>${sci(v, k < 2 ? 6 : 2)}</td>`);
    return `<tr class="${verdict}"><td><code>${escapeHtml(c.name)}</code></td>${values.join("")}<td>${verdict}</td></tr>`;
  });
  return `<table class="worst">${head}${rows.join("")}</table>`;
}
