/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core (which never
 * downloads a browser of its own). Skipped, with a line saying so, where /usr/bin/chromium is missing.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../src/cli/run.js";
import { memoryIo } from "./helpers/memory-io.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.log(`SKIPPED test/html-report.test.ts: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);

const dir = mkdtempSync(join(tmpdir(), "gradcheck-html-"));
writeFileSync(
  join(dir, "bad.mjs"),
  `export const f = (x) => x[0] ** 2 * Math.sin(x[1]) + x[2] ** 3;
export const gradient = (x) => [2 * x[0] * Math.sin(x[1]), x[0] * Math.cos(x[1]), 3 * x[2] ** 2];
export const points = [[1.5, 0.3, 1], [0.5, -1, 2]];`,
);

interface Rendered {
  errors: string[];
  requests: string[];
  cells: number;
  failing: number;
  unchecked: number;
  names: string[];
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

  async function render(file: string): Promise<Rendered> {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(dir, file)).href);
    const cells = page.locator(".heatmap .cell");
    const result = {
      cells: await cells.count(),
      failing: await page.locator(".heatmap .cell.fail").count(),
      unchecked: await page.locator(".heatmap .cell.unchecked").count(),
      names: await cells.evaluateAll((list) => list.map((c) => c.getAttribute("data-name") ?? "")),
      curveWidth: (await page.locator("svg.curve polyline").first().boundingBox())?.width ?? 0,
      tableRows: (await page.locator("table.worst tr").count()) - 1,
    };
    await page.close();
    return { errors, requests, ...result };
  }

  it("a network check renders without console errors, one heatmap cell per parameter, and loads nothing but itself", async () => {
    expect(await run(["check", "--layers", "3,5,2", "--activation", "tanh,sigmoid", "--report", "net.html"], memoryIo(dir))).toBe(0);
    const page = await render("net.html");
    expect(page.errors).toEqual([]);
    expect(page.cells).toBe(4 * 5 + 6 * 2);
    expect(new Set(page.names).size).toBe(page.cells);
    expect(page.names).toContain("w[l=2][i=0][j=1]");
    expect(page.failing).toBe(0);
    expect(page.curveWidth).toBeGreaterThan(100);
    expect(page.tableRows).toBe(12);
    expect(page.requests).toEqual([pathToFileURL(join(dir, "net.html")).href]);
  }, 60_000);

  it("a sparse check still draws one cell per parameter, the unchecked ones marked as such", async () => {
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
});
