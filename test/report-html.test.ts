import { describe, expect, it } from "vitest";
import { escapeHtml } from "../src/report-html/escape.js";
import { cellColour } from "../src/report-html/heatmap.js";
import { renderPage } from "../src/report-html/page.js";

const cell = (index: number, name: string, ratio: number) => ({
  index,
  name,
  analytic: 1,
  numeric: 1 + ratio * 1e-9,
  bound: 1e-9,
  ratio,
  status: ratio > 1 ? ("fail" as const) : ("pass" as const),
});

describe("the HTML report renderer", () => {
  it("escapes every text it shows", () => {
    expect(escapeHtml(`<b a="1">&'`)).toBe("&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
    const html = renderPage({
      title: "<script>alert(1)</script>",
      facts: ["a & b"],
      groups: [],
      worst: [cell(0, '"><img src=x>', 2)],
      curves: [],
      curveNote: "",
    });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
  it("is self-contained: no script, no external URL, a CSP that forbids fetching", () => {
    const html = renderPage({
      title: "t",
      ok: false,
      facts: [],
      groups: [{ title: "g", rowLabels: ["0"], columnLabels: ["+0", "+1"], cells: [cell(0, "x[0]", 0.1), cell(1, "x[1]", 5)] }],
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
  it("colours passing ratios blue, failing ones red, non-finite black", () => {
    expect(cellColour(0.5)).toMatch(/^hsl\(215/);
    expect(cellColour(3)).toMatch(/^hsl\(0,/);
    expect(cellColour(Number.NaN)).toBe("#000000");
  });
});
