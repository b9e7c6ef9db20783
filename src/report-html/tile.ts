/**
 * A tile: one layer (or one block of a flat x) summarised in a few lines, however many coordinates it holds —
 * how many, how many judged and failing, the worst ratio and where, the distribution of ratios by decade —
 * with its map behind a <details> that opens on demand (open from the start when the map is small).
 */
import { escapeHtml, sci } from "./escape.js";
import { cellColour, FULL_MAP_CELLS, FULL_MAP_ROWS, renderBinnedMap, renderFullMap } from "./heatmap.js";
import type { Cell, HeatmapGroup } from "./model.js";

/** The decades of |a − n| / bound the distribution counts: upper ends, the last bin open (with the non-finite ones). */
export const DECADE_TOPS = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 1e3, Infinity];
const DECADE_LABELS = [
  "≤1e-6",
  "1e-6…1e-5",
  "1e-5…1e-4",
  "1e-4…1e-3",
  "1e-3…1e-2",
  "1e-2…0.1",
  "0.1…1",
  "1…10 (fail)",
  "10…1e3 (fail)",
  ">1e3 or not finite (fail)",
];

export interface GroupSummary {
  parameters: number;
  judged: number;
  fails: number;
  kinks: number;
  /** The judged cell with the largest ratio (a non-finite one first). */
  worst: Cell | undefined;
  /** Judged cells per decade of DECADE_TOPS. */
  decades: number[];
}

const severity = (c: Cell): number => (Number.isNaN(c.ratio) ? Infinity : c.ratio);

export function summarise(cells: readonly Cell[]): GroupSummary {
  const s: GroupSummary = { parameters: cells.length, judged: 0, fails: 0, kinks: 0, worst: undefined, decades: DECADE_TOPS.map(() => 0) };
  for (const c of cells) {
    if (c.status === "kink") s.kinks++;
    if (c.status !== "pass" && c.status !== "fail") continue;
    s.judged++;
    if (c.status === "fail") s.fails++;
    if (s.worst === undefined || severity(c) > severity(s.worst)) s.worst = c;
    const r = severity(c);
    let d = 0;
    while (r > DECADE_TOPS[d]) d++;
    s.decades[d]++;
  }
  return s;
}

const count = (n: number): string => n.toLocaleString("en-US").replace(/,/g, " ");

/**
 * Bars per decade, heights on a square-root scale so that a single failing coordinate still shows beside thousands.
 * Plain HTML boxes (the page's SVG is the step-size curve alone); a thin line marks ratio 1, the bound.
 */
function renderDistribution(decades: readonly number[]): string {
  const most = Math.max(1, ...decades);
  const bars = decades.map((n, d) => {
    const h = n === 0 ? 0 : Math.max(3, Math.round(Math.sqrt(n / most) * DIST_HEIGHT));
    const colour = d === decades.length - 1 ? cellColour(1e6) : cellColour(Math.min(DECADE_TOPS[d], 1e3));
    return `<span title="${escapeHtml(`${DECADE_LABELS[d]}: ${count(n)}`)}" style="height:${h}px;background:${colour}"></span>`;
  });
  const labels = '<span class="ticks"><span>1e-6</span><span>1</span><span>1e3</span></span>';
  return `<div class="dist" role="img" aria-label="distribution of |a − n| / bound by decade">${bars.join("")}</div>${labels}`;
}

/** The distribution's tallest bar, in pixels. */
const DIST_HEIGHT = 36;

/** A map of at most this many cells starts open: it fits beside the summary. */
const OPEN_CELLS = 256;
/** At most this many judged coordinates are listed instead of a map when few of a large block were judged. */
const LIST_LIMIT = 64;

function renderList(cells: readonly Cell[]): string {
  const judged = cells.filter((c) => c.status === "pass" || c.status === "fail").sort((p, q) => severity(q) - severity(p));
  const rows = judged.map(
    (c) => `<tr class="${c.status}"><td><code>${escapeHtml(c.name)}</code></td><td>${sci(c.ratio, 2)}</td><td>${c.status}</td></tr>`,
  );
  return `<table class="list"><tr><th>judged one by one</th><th>ratio</th><th></th></tr>${rows.join("")}</table>`;
}

/** The tile; `budget` bounds the elements its map may draw. */
export function renderTile(group: HeatmapGroup, budget: number): string {
  const s = summarise(group.cells);
  const stats = [
    `${count(s.parameters)} coordinate${s.parameters === 1 ? "" : "s"}`,
    `${count(s.judged)} judged one by one`,
    s.fails > 0 ? `<b>${count(s.fails)} fail</b>` : "0 fail",
    ...(s.kinks > 0 ? [`${count(s.kinks)} at a kink`] : []),
  ];
  const worst =
    s.worst === undefined
      ? ""
      : `<p>worst <code>${escapeHtml(s.worst.name)}</code>: ${sci(s.worst.ratio, 2)}× its bound</p>${renderDistribution(s.decades)}`;
  const full = group.cells.length <= Math.min(FULL_MAP_CELLS, budget) && (group.matrix?.rowLabels.length ?? 0) <= FULL_MAP_ROWS;
  let map = "";
  if (s.judged === 0) map = "";
  else if (s.judged <= LIST_LIMIT && s.judged * 4 < group.cells.length && group.cells.length > OPEN_CELLS)
    map = `<details${s.fails > 0 ? " open" : ""}><summary>${s.judged === 1 ? "the coordinate" : `the ${s.judged} coordinates`} judged one by one</summary>${renderList(group.cells)}</details>`;
  else if (full)
    map = `<details${group.cells.length <= OPEN_CELLS ? " open" : ""}><summary>map, one square per coordinate</summary>${renderFullMap(group)}</details>`;
  else map = `<details><summary>map, binned</summary>${renderBinnedMap(group, budget)}</details>`;
  return `<section class="tile${s.fails > 0 ? " failing" : ""}"><h3>${escapeHtml(group.title)}</h3>${group.caption === "" ? "" : `<p class="note">${escapeHtml(group.caption)}</p>`}<p>${stats.join(" · ")}</p>${worst}${map}</section>`;
}
