/**
 * The HTML report in a real browser, looked at as a person would: Debian's chromium driven by playwright-core
 * (which never downloads a browser of its own), at three sizes (tiny, 10⁴ and 10⁵ parameters) and a 10⁵-coordinate
 * directional check. Each report must load without console errors, stay a few MB and a few thousand elements
 * whatever its size, and show its table in the first screen. Render times are measured and printed, never asserted
 * (the machine is shared); docs/report.md records them. Screenshots go to $GRADCHECK_SCREENSHOTS when it is set.
 * Skipped, with a line saying so, where /usr/bin/chromium is missing.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../src/cli/run.js";
import { memoryIo } from "./helpers/memory-io.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.log(`SKIPPED test/html-report.test.ts: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);

const VIEWPORT = { width: 1280, height: 800 };
// Browser-side snippets, as strings: the tests' TypeScript has no DOM library.
const TWO_FRAMES = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))";
const ELEMENTS = "document.getElementsByTagName('*').length";
const OPEN_ALL = "for (const d of document.querySelectorAll('details')) d.open = true";
/** "A few MB for any size": the largest report here is well under this. */
const MAX_BYTES = 3_000_000;
/** Elements of the page with every tile opened: a structural stand-in for render time (the old 10⁵ report had 10⁵ cells). */
const MAX_ELEMENTS = 20_000;

const dir = mkdtempSync(join(tmpdir(), "gradcheck-html-"));
const shots = process.env.GRADCHECK_SCREENSHOTS;
if (shots !== undefined) mkdirSync(shots, { recursive: true });
writeFileSync(
  join(dir, "bad.mjs"),
  `export const f = (x) => x[0] ** 2 * Math.sin(x[1]) + x[2] ** 3;
export const gradient = (x) => [2 * x[0] * Math.sin(x[1]), x[0] * Math.cos(x[1]), 3 * x[2] ** 2];
export const points = [[1.5, 0.3, 1], [0.5, -1, 2]];`,
);
// 10⁵ coordinates, checked in the library's auto mode (directional at this size); x[77777]'s gradient is off by 1e-3.
writeFileSync(
  join(dir, "wide.mjs"),
  `export const f = (x) => { let s = 0; for (let i = 0; i < x.length; i++) s += Math.sin(x[i]) * (1 + 1e-3 * i); return s; };
export const gradient = (x) => Array.from(x, (v, i) => Math.cos(v) * (1 + 1e-3 * i) + (i === 77777 ? 1e-3 : 0));
export const x = Array.from({ length: 100000 }, (_, i) => Math.sin(i));`,
);
writeFileSync(
  join(dir, "forty.mjs"),
  `export const f = (x) => x.reduce((s, v) => s + v * v, 0);
export const gradient = (x) => Array.from(x, (v) => 2 * v);
export const x = Array.from({ length: 40 }, (_, i) => Math.cos(i));`,
);

interface Rendered {
  errors: string[];
  requests: string[];
  cells: number;
  failing: number;
  unchecked: number;
  titles: string[];
  curveWidth: number;
  tableRows: number;
}

describe.skipIf(!available)("the HTML report in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report; `ms` is the time from navigation to the second frame after load. */
  async function open(file: string): Promise<{ page: Page; errors: string[]; requests: string[]; ms: number }> {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => requests.push(r.url()));
    const start = performance.now();
    await page.goto(pathToFileURL(join(dir, file)).href);
    await page.evaluate(TWO_FRAMES);
    return { page, errors, requests, ms: performance.now() - start };
  }

  async function render(file: string): Promise<Rendered> {
    const { page, errors, requests } = await open(file);
    const cells = page.locator(".heatmap .cell");
    const result = {
      cells: await cells.count(),
      failing: await page.locator(".heatmap .cell.fail").count(),
      unchecked: await page.locator(".heatmap .cell.unchecked").count(),
      titles: await cells.evaluateAll((list) => list.map((c) => c.getAttribute("title") ?? "")),
      curveWidth: (await page.locator("svg.curve polyline").first().boundingBox())?.width ?? 0,
      tableRows: (await page.locator("table.worst tr").count()) - 1,
    };
    await page.close();
    return { errors, requests, ...result };
  }

  it("a network check renders without console errors, one cell per parameter, and loads nothing but itself", async () => {
    expect(await run(["check", "--layers", "3,5,2", "--activation", "tanh,sigmoid", "--report", "net.html"], memoryIo(dir))).toBe(0);
    const page = await render("net.html");
    expect(page.errors).toEqual([]);
    expect(page.cells).toBe(4 * 5 + 6 * 2);
    expect(new Set(page.titles.map((t) => t.split(":")[0])).size).toBe(page.cells);
    expect(page.titles.some((t) => t.startsWith("w[l=2][i=0][j=1]:"))).toBe(true);
    expect(page.failing).toBe(0);
    expect(page.curveWidth).toBeGreaterThan(100);
    expect(page.tableRows).toBe(12);
    expect(page.requests).toEqual([pathToFileURL(join(dir, "net.html")).href]);
  }, 60_000);

  it("a sparse check draws a small network cell by cell, the unchecked ones marked as such", async () => {
    expect(await run(["check", "--layers", "6,10,3", "--mode", "sparse", "--report", "sparse.html"], memoryIo(dir))).toBe(0);
    const page = await render("sparse.html");
    expect(page.errors).toEqual([]);
    expect(page.cells).toBe(7 * 10 + 11 * 3);
    expect(page.unchecked).toBe(page.cells - 32);
  }, 60_000);

  it("a failing module check marks exactly the failing cells", async () => {
    expect(await run(["check", "--module", "./bad.mjs", "--report", "bad.html"], memoryIo(dir))).toBe(1);
    const page = await render("bad.html");
    expect(page.errors).toEqual([]);
    expect(page.cells).toBe(6);
    expect(page.failing).toBe(2);
    expect(readFileSync(join(dir, "bad.html"), "utf8")).toMatch(/class="cell fail" data-index="1" data-name="x\[1\] at points\[0\]"/);
  }, 60_000);

  it("no column label of a map is cut short or overlaps its neighbour", async () => {
    expect(await run(["check", "--module", "./forty.mjs", "--report", "forty.html"], memoryIo(dir))).toBe(0);
    const { page, errors } = await open("forty.html");
    const labels = await page.locator(".heatmap .col").evaluateAll((list) =>
      list.map((l) => {
        const box = l.getBoundingClientRect();
        return { text: l.textContent ?? "", cut: l.scrollWidth > l.clientWidth + 1, left: box.left, right: box.right };
      }),
    );
    await page.close();
    expect(errors).toEqual([]);
    const shown = labels.filter((l) => l.text !== "");
    expect(shown.length).toBeGreaterThan(3);
    expect(shown.filter((l) => l.cut)).toEqual([]);
    for (let k = 1; k < shown.length; k++) expect(shown[k].left).toBeGreaterThanOrEqual(shown[k - 1].right);
  }, 60_000);

  const sizes = [
    { name: "tiny", parameters: 32, argv: ["--layers", "3,5,2"], code: 0, table: "table.worst" },
    { name: "1e4", parameters: 10_000, argv: ["--layers", "100,90,10"], code: 0, table: "table.worst" },
    { name: "1e5", parameters: 101_770, argv: ["--layers", "784,128,10"], code: 0, table: "table.worst" },
    { name: "1e5-directional", parameters: 100_000, argv: ["--module", "./wide.mjs"], code: 1, table: "table.directions" },
  ];
  for (const size of sizes)
    it(`${size.name} (${size.parameters} parameters): a few MB, no console error, the table in the first screen, every tile opens`, async () => {
      const file = `size-${size.name}.html`;
      expect(await run(["check", ...size.argv, "--report", file], memoryIo(dir))).toBe(size.code);
      const bytes = statSync(join(dir, file)).size;
      expect(bytes).toBeLessThan(MAX_BYTES);
      const { page, errors, requests, ms } = await open(file);
      expect(requests).toEqual([pathToFileURL(join(dir, file)).href]);
      const table = await page.locator(size.table).first().boundingBox();
      expect(table).not.toBeNull();
      if (table !== null) {
        expect(table.y).toBeGreaterThanOrEqual(0);
        expect(table.y + table.height).toBeLessThanOrEqual(VIEWPORT.height);
        expect(table.x + table.width).toBeLessThanOrEqual(VIEWPORT.width);
      }
      if (shots !== undefined) await page.screenshot({ path: join(shots, `${size.name}.png`) });
      const before = await page.evaluate(ELEMENTS);
      await page.evaluate(OPEN_ALL);
      await page.evaluate(TWO_FRAMES);
      const elements = Number(await page.evaluate(ELEMENTS));
      expect(elements).toBeLessThan(MAX_ELEMENTS);
      // Directional mode draws no empty cell for the coordinates it did not judge one by one.
      expect(await page.locator(".heatmap .unchecked").count()).toBe(0);
      if (shots !== undefined) await page.screenshot({ path: join(shots, `${size.name}-open.png`), fullPage: true });
      await page.close();
      expect(errors).toEqual([]);
      console.log(
        `html report ${size.name}: ${(bytes / 1e6).toFixed(2)} MB, ${before} elements (${elements} opened), rendered in ${ms.toFixed(0)} ms`,
      );
    }, 120_000);
});
