/**
 * The directions view of a directional check: one row per random direction u, ⟨a, u⟩ against the numerical
 * derivative along u, with a bar for |a − n| / bound on a log scale. Directions that move only a block of the
 * coordinates are the bisection that narrows a failure down.
 */
import type { DirectionCheck } from "../check/report.js";
import { escapeHtml, sci } from "./escape.js";
import { cellColour } from "./heatmap.js";
import type { DirectionSet } from "./model.js";

/** The bar spans ratios 1e-6 … 1e6 on a log scale; 1 (the bound) sits in the middle. */
const BAR_DECADES = 6;

function bar(ratio: number): string {
  const t = Number.isFinite(ratio) ? Math.max(0, Math.min(1, (Math.log10(Math.max(ratio, 1e-300)) + BAR_DECADES) / (2 * BAR_DECADES))) : 1;
  return `<span class="bar"><span style="width:${(t * 100).toFixed(1)}%;background:${cellColour(ratio)}"></span></span>`;
}

function row(d: DirectionCheck, k: number, parameters: number): string {
  const diff = Math.abs(d.analytic - d.numeric);
  const ratio = diff === 0 ? 0 : diff / d.bound;
  const moves = d.support >= parameters ? "all" : `${d.support} (bisection)`;
  const values = [d.analytic, d.numeric].map((v) => `<td>${sci(v, 6)}</td>`).join("");
  return `<tr class="${d.ok ? "pass" : "fail"}"><td>${k + 1}</td><td>${moves}</td>${values}<td>${sci(diff, 2)}</td><td>${sci(d.bound, 2)}</td><td>${sci(ratio, 2)}</td><td>${bar(ratio)}</td><td>${d.ok ? "pass" : "fail"}</td></tr>`;
}

export function renderDirections(sets: readonly DirectionSet[]): string {
  return sets
    .filter((s) => s.checks.length > 0)
    .map((s) => {
      const failing = s.checks.filter((d) => !d.ok).length;
      const head =
        "<tr><th>u</th><th>coordinates moved</th><th>⟨a, u⟩</th><th>numeric</th><th>|a − n|</th><th>bound</th><th>ratio</th><th>1e-6 · 1 · 1e6</th><th></th></tr>";
      const title = `${s.label === "" ? "" : `${s.label}: `}${s.checks.length - failing} of ${s.checks.length} directions agree`;
      return `<h3>${escapeHtml(title)}</h3><table class="directions">${head}${s.checks.map((d, k) => row(d, k, s.parameters)).join("")}</table>`;
    })
    .join("");
}
