import { describe, expect, it } from "vitest";
import { vectorGroups } from "../src/cli/report-data.js";
import { renderCurves } from "../src/report-html/curve.js";
import { renderDirections } from "../src/report-html/directions.js";
import { escapeHtml } from "../src/report-html/escape.js";
import { cellColour, LEGEND_RATIOS, niceAtLeast, renderBinnedMap } from "../src/report-html/heatmap.js";
import type { Cell, HeatmapGroup } from "../src/report-html/model.js";
import { MAP_BUDGET, renderPage } from "../src/report-html/page.js";
import { summarise } from "../src/report-html/tile.js";

const cell = (index: number, name: string, ratio: number): Cell => ({
  index,
  name,
  analytic: 1,
  numeric: 1 + ratio * 1e-9,
  bound: 1e-9,
  ratio,
  status: ratio > 1 ? "fail" : "pass",
});

/** A rows × columns layer whose ratios spread over decades, with one failing weight at (fi, fj). */
function layer(rows: number, columns: number, fi = -1, fj = -1): HeatmapGroup {
  const cells = Array.from({ length: rows * columns }, (_, k) => {
    const [i, j] = [Math.floor(k / columns), k % columns];
    return cell(k, `w[l=1][i=${i}][j=${j}]`, i === fi && j === fj ? 50 : 10 ** -(1 + (k % 6)));
  });
  const labels = (n: number): string[] => Array.from({ length: n }, (_, k) => `${k}`);
  return {
    title: "layer l=1",
    caption: "",
    cells,
    matrix: { rowAxis: "i", columnAxis: "j", rowLabels: labels(rows), columnLabels: labels(columns) },
  };
}

const page = (groups: HeatmapGroup[], worst: Cell[] = []) =>
  renderPage({ title: "t", ok: true, facts: [], groups, worst, curves: [], curveNote: "" });
const lightness = (colour: string): number => Number(/(\d+)%\)$/.exec(colour)?.[1]);

describe("the HTML report renderer", () => {
  it("escapes every text it shows", () => {
    expect(escapeHtml(`<b a="1">&'`)).toBe("&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
    const html = renderPage({
      title: "<script>alert(1)</script>",
      facts: ["a & b"],
      groups: [{ title: "<i>", caption: "", cells: [cell(0, '"><img src=x>', 2)] }],
      worst: [cell(0, '"><img src=x>', 2)],
      curves: [],
      curveNote: "",
    });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<i>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("is self-contained: no script, no external URL, a CSP that forbids fetching", () => {
    const html = renderPage({
      title: "t",
      ok: false,
      facts: [],
      groups: [{ title: "g", caption: "", cells: [cell(0, "x[0]", 0.1), cell(1, "x[1]", 5)] }],
      worst: [],
      curves: [
        {
          name: "x[1]",
          points: [
            { h: 1e-2, derivative: 1, error: 1e-5 },
            { h: 1e-4, derivative: 1, error: 1e-9 },
          ],
          marks: [],
        },
      ],
      curveNote: "",
    });
    expect(html).not.toMatch(/<script|<link|src=|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain("default-src 'none'");
    expect(html.match(/class="cell[ "]/g)).toHaveLength(2);
  });

  it("colours passing ratios blue, failing ones red, non-finite black; the key's neighbouring colours are told apart", () => {
    expect(cellColour(0.5)).toMatch(/^hsl\(215/);
    expect(cellColour(3)).toMatch(/^hsl\(0,/);
    expect(cellColour(Number.NaN)).toBe("#000000");
    const passing = LEGEND_RATIOS.filter((r) => r <= 1).map((r) => lightness(cellColour(r)));
    const failing = LEGEND_RATIOS.filter((r) => r > 1).map((r) => lightness(cellColour(r)));
    for (const shades of [passing, failing]) for (let k = 1; k < shades.length; k++) expect(shades[k - 1] - shades[k]).toBeGreaterThanOrEqual(10);
    // Once 0.5 and 1 were both in the key, 2% of lightness apart.
    expect(new Set(LEGEND_RATIOS.map(cellColour)).size).toBe(LEGEND_RATIOS.length);
  });

  it("summarises a tile: counts, the worst, and how many ratios fall in each decade", () => {
    const s = summarise([cell(0, "a", 0), cell(1, "b", 3e-6), cell(2, "c", 0.5), cell(3, "d", 20), { ...cell(4, "e", Number.NaN), status: "fail" }]);
    expect(s).toMatchObject({ parameters: 5, judged: 5, fails: 2 });
    expect(s.worst?.name).toBe("e");
    expect(s.decades).toEqual([1, 1, 0, 0, 0, 0, 1, 0, 1, 1]);
  });

  it("bins a layer of 10⁵ weights into at most 64 × 64 squares, a single failing weight still showing red and named", () => {
    const group = layer(785, 128, 523, 43);
    const html = renderBinnedMap(group, 4096);
    const bins = html.match(/class="bin/g) ?? [];
    expect(bins.length).toBeLessThanOrEqual(64 * 64);
    expect(bins.length).toBeGreaterThan(1000);
    expect(html).not.toContain('class="cell');
    const failing = html.match(/class="bin fail" title="[^"]*"/g) ?? [];
    expect(failing).toHaveLength(1);
    expect(failing[0]).toContain("w[l=1][i=523][j=43]");
  });

  it("keeps a page of any size to a few MB: 10⁵ weights, 10⁵ coordinates of a flat x", () => {
    const big = page([layer(785, 128), layer(129, 10)]);
    expect(big.length).toBeLessThan(1_500_000);
    const flat = Array.from({ length: 100_000 }, (_, k) => cell(k, `x[${k}]`, 1e-3));
    const blocks = vectorGroups("x", flat);
    expect(blocks.length).toBeLessThanOrEqual(12);
    expect(blocks[0].title).toBe("x[0..9999]");
    const html = page(blocks);
    expect((html.match(/class="(bin|cell)/g) ?? []).length).toBeLessThanOrEqual(MAP_BUDGET);
    expect(html.length).toBeLessThan(2_000_000);
  });

  it("shows the worst table before the tiles, and draws a small layer cell by cell with both axis titles", () => {
    const html = page([layer(4, 5)], [cell(7, "w[l=1][i=1][j=2]", 0.1)]);
    expect(html.indexOf('class="worst"')).toBeLessThan(html.indexOf('class="tiles"'));
    expect(html.match(/class="cell/g)).toHaveLength(20);
    expect(html).toMatch(/class="axis"[^>]*>j →/);
    expect(html).toMatch(/class="axis corner">i ↓/);
  });

  it("labels a map's columns no closer than their text is wide", () => {
    const html = page(
      vectorGroups(
        "x",
        Array.from({ length: 40 }, (_, k) => cell(k, `x[${k}]`, 0.1)),
      ),
    );
    const spans = [...html.matchAll(/class="col" style="grid-column:span (\d+)">([^<]*)</g)].map((m) => ({ span: Number(m[1]), text: m[2] }));
    expect(spans.length).toBeGreaterThan(1);
    // 16 columns of 16 px: "+10" (3 characters, about 20 px) needs two columns of room.
    for (const s of spans) if (s.text !== "") expect(s.text.length * 6.5 + 4).toBeLessThanOrEqual(s.span * 17);
  });

  it("draws the step-size curve inside its frame with room above, mark labels horizontal", () => {
    // A failing check: the analytic line runs flat at the top of the range.
    const steps = [1e-1, 1e-3, 1e-5, 1e-7, 1e-9];
    const svg = renderCurves([
      { name: "a", points: steps.map((h) => ({ h, derivative: 0, error: 0.7 })), marks: [{ h: 1e-5, label: "central default" }] },
      { name: "n", points: steps.map((h) => ({ h, derivative: 0, error: h * h + 1e-12 / h })), marks: [] },
    ]);
    const ys = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => Number(m[2]));
    // The plot's top edge is at y = 40; every point sits at least 10 px below it.
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(50);
    expect(svg).not.toMatch(/rotate\(/);
  });

  it("lists directions, the bisection's marked by how many coordinates they move", () => {
    const d = (support: number, ok: boolean) => ({ analytic: 1, numeric: ok ? 1 : 2, numericError: 1e-12, bound: 1e-9, ok, support });
    const html = renderDirections([{ label: "", parameters: 100, checks: [d(100, true), d(100, false), d(50, false)] }]);
    expect(html).toContain("1 of 3 directions agree");
    expect(html.match(/<tr class="fail"/g)).toHaveLength(2);
    expect(html).toContain("50 (bisection)");
  });

  it("rounds bin sizes to 1, 2, 5 × 10^k", () => {
    expect([0.3, 1, 1.5, 3, 7, 24, 101].map(niceAtLeast)).toEqual([1, 1, 2, 5, 10, 50, 200]);
  });
});
