// `node bench/report-html.mjs` (after `npm run build`): the HTML report at three sizes and a directional check,
// each written by the CLI and loaded in headless Chromium. Prints the file size, the number of elements, and the
// render time (navigation to the second frame after load, median of 5 fresh loads), the figures of docs/report.md.
// `--cli path/to/dist/cli.js` measures another build (e.g. an older commit's) the same way.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const at = process.argv.indexOf("--cli");
const cli = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(here, "..", "dist", "cli.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradcheck-report-bench-"));
fs.writeFileSync(
  path.join(dir, "wide.mjs"),
  `export const f = (x) => { let s = 0; for (let i = 0; i < x.length; i++) s += Math.sin(x[i]) * (1 + 1e-3 * i); return s; };
export const gradient = (x) => Array.from(x, (v, i) => Math.cos(v) * (1 + 1e-3 * i));
export const x = Array.from({ length: 100000 }, (_, i) => Math.sin(i));`,
);
fs.writeFileSync(path.join(dir, "blank.html"), "<!doctype html><title>blank</title><p>blank");
const SIZES = [
  ["blank page (the browser's own cost)", null],
  ["tiny [3,5,2], 32 parameters, full", ["--layers", "3,5,2"]],
  ["[100,90,10], 10 000 parameters, full", ["--layers", "100,90,10"]],
  ["[784,128,10], 101 770 parameters, full", ["--layers", "784,128,10", "--mode", "full"]],
  ["module, 100 000 coordinates, directional", ["--module", "./wide.mjs"]],
];
const REPEATS = 5;

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
console.log("| report | file | elements | render (median of 5) |\n|---|---:|---:|---:|");
for (const [k, [name, argv]] of SIZES.entries()) {
  const file = path.join(dir, argv === null ? "blank.html" : `report-${k}.html`);
  if (argv !== null) spawnSync(process.execPath, [cli, "check", ...argv, "--report", file], { cwd: dir, encoding: "utf8" });
  const times = [];
  let elements = 0;
  for (let r = 0; r < REPEATS; r++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const start = performance.now();
    await page.goto(pathToFileURL(file).href, { timeout: 120_000 });
    await page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");
    times.push(performance.now() - start);
    elements = await page.evaluate("document.getElementsByTagName('*').length");
    await page.close();
  }
  times.sort((a, b) => a - b);
  const mb = fs.statSync(file).size / 1e6;
  console.log(
    `| ${name} | ${mb < 0.1 ? `${(mb * 1000).toFixed(0)} kB` : `${mb.toFixed(2)} MB`} | ${elements} | ${times[REPEATS >> 1].toFixed(0)} ms |`,
  );
}
await browser.close();
