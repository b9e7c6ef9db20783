/**
 * The real bin: build with tsc into a scratch directory inside the project (so that node resolves
 * the project's dependencies), then run dist's cli.js through node as a child process.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mainJob } from "../src/main.js";

const root = resolve(import.meta.dirname, "..");
const scratch = join(root, ".test-build");
let out = "";
const work = mkdtempSync(join(tmpdir(), "gradcheck-bin-"));
// f hangs at the second point: --timeout must stop it there.
writeFileSync(
  join(work, "hangs.mjs"),
  "export const f = (x) => { if (x[0] > 1.0001) for (;;) {} return x[0] ** 2; };\nexport const gradient = (x) => [2 * x[0]];\nexport const points = [[0.5], [1.5]];",
);
writeFileSync(join(work, "bad.mjs"), "export const f = (x) => x[0] ** 3;\nexport const gradient = (x) => [2 * x[0] ** 2];\nexport const x = [2];");

/**
 * checkNetwork with workers 1 and 2 on a network above PARALLEL_MIN, from the built package (the
 * workers run built files). Prints whether the reports agree bit for bit (Object.is on every
 * number, typed arrays entry by entry) and the prefetch's chunk counts. Argument 3: the seam,
 * "workers-only" (the main thread takes no chunk) or "swap-signs" (a planted mistake as well).
 */
writeFileSync(
  join(work, "parallel-check.mjs"),
  `const [lib, seam] = process.argv.slice(2);
const { checkGradient, checkNetwork, createNetwork } = await import(lib + "/index.js");
const { lastPrefetch, prefetchSeam, PARALLEL_MIN } = await import(lib + "/check/parallel.js");
prefetchSeam.mainTakesChunks = false;
prefetchSeam.swapSigns = seam === "swap-signs";
const layers = [256, 128, 2];
const network = createNetwork({ layers, activation: "tanh", loss: "squared" }, undefined, { seed: 3 });
const samples = [{ input: layers.slice(0, 1).flatMap((d) => Array.from({ length: d }, (_, i) => Math.sin(i + 1))), target: [0.2, -0.1] }];
const same = (a, b) => {
  if (typeof a === "number") return Object.is(a, b);
  if (ArrayBuffer.isView(a)) return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
  if (Array.isArray(a)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (a && typeof a === "object") return Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => same(a[k], b[k]));
  return a === b;
};
const one = checkNetwork(network, samples, { mode: "full", workers: 1 });
const before = { ...lastPrefetch };
const two = checkNetwork(network, samples, { mode: "full", workers: 2 });
const network_ = { before, after: { ...lastPrefetch } };
const { f, gradient, x } = await import("./smooth.mjs");
const g = gradient(x);
const blackOne = checkGradient(f, x, g, { workers: 1 });
const blackTwo = checkGradient(f, x, g, { workers: 2, module: new URL("./smooth.mjs", import.meta.url).href });
console.log(JSON.stringify({
  n: network.parameters.length, min: PARALLEL_MIN, identical: same(one, two), ok: [one.ok, two.ok], noise: [one.noise, two.noise], ...network_,
  blackBox: { n: x.length, identical: same(blackOne, blackTwo), ok: [blackOne.ok, blackTwo.ok], prefetch: { ...lastPrefetch } },
}));
`,
);
/** A smooth black-box f above BLACK_BOX_PARALLEL_MIN, as a module the workers import. */
writeFileSync(
  join(work, "smooth.mjs"),
  `const n = 1100;
export const f = (x) => { let s = 0; for (let k = 0; k < n; k++) s += Math.sin(x[k]) * (1 + k / n) + 0.1 * x[k] * x[(k + 1) % n]; return s; };
export const gradient = (x) => Array.from({ length: n }, (_, k) => Math.cos(x[k]) * (1 + k / n) + 0.1 * (x[(k + 1) % n] + x[(k + n - 1) % n]));
export const x = Array.from({ length: n }, (_, k) => Math.sin(k + 1));
`,
);

function gradcheck(args: string[], env: NodeJS.ProcessEnv = {}) {
  const started = performance.now();
  const child = spawnSync(process.execPath, [join(out, "cli.js"), ...args], { cwd: work, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr, ms: performance.now() - started };
}

describe("the built gradcheck bin", () => {
  beforeAll(() => {
    mkdirSync(scratch, { recursive: true });
    out = mkdtempSync(join(scratch, "dist-"));
    const started = performance.now();
    execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(root, "tsconfig.json"), "--outDir", out], { cwd: root });
    console.log(`cli-bin: tsc build took ${(performance.now() - started).toFixed(0)} ms`);
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("checkNetwork and checkGradient (with its module) with workers: 2 give the one-worker report bit for bit, from the workers' values; a planted mistake in them is seen", () => {
    const run = (seam: string) =>
      JSON.parse(execFileSync(process.execPath, [join(work, "parallel-check.mjs"), out, seam], { encoding: "utf8" })) as {
        n: number;
        min: number;
        identical: boolean;
        ok: boolean[];
        noise: number[];
        before: { chunks: number };
        after: { chunks: number; byMain: number; workers: number };
        blackBox: { n: number; identical: boolean; ok: boolean[]; prefetch: { chunks: number; byMain: number; workers: number } };
      };
    const right = run("workers-only");
    expect(right.n).toBeGreaterThanOrEqual(right.min);
    // workers: 1 prefetches nothing; workers: 2 does, every chunk by the worker thread.
    expect(right.before.chunks).toBe(0);
    expect(right.after).toMatchObject({ workers: 2, byMain: 0 });
    expect(right.after.chunks).toBeGreaterThan(0);
    expect(right.identical).toBe(true);
    expect(right.noise[0]).toBe(right.noise[1]);
    expect(right.ok).toEqual([true, true]);
    // checkGradient with the module its workers import f from: the same, bit for bit.
    expect(right.blackBox.prefetch).toMatchObject({ workers: 2, byMain: 0 });
    expect(right.blackBox.prefetch.chunks).toBeGreaterThan(0);
    expect(right.blackBox.identical).toBe(true);
    expect(right.blackBox.ok).toEqual([true, true]);
    const planted = run("swap-signs");
    expect(planted.identical).toBe(false);
    expect(planted.blackBox.identical).toBe(false);
  }, 120_000);

  it("keeps the shebang, so npm can link it as a command", () => {
    expect(readFileSync(join(out, "cli.js"), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  });

  it("with no arguments prints the main job and exits 0", () => {
    const run = gradcheck([]);
    console.log(`cli-bin: gradcheck (main job) took ${run.ms.toFixed(0)} ms`);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${mainJob().text}\n`);
  });

  it("exits 1 on a wrong gradient from a module resolved against the working directory, without colour on a pipe", () => {
    const run = gradcheck(["check", "--module", "./bad.mjs"]);
    console.log(`cli-bin: gradcheck check --module took ${run.ms.toFixed(0)} ms`);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAIL gradient check failed: 1 of 1 checked coordinates exceed their bounds");
    expect(run.stdout).not.toContain("\x1b[");
    expect(run.stderr).toBe("");
  });

  it("exits 2 on a malformed formula, with the message on stderr only", () => {
    const run = gradcheck(["delta", "--formula", "2*(x-"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("gradcheck delta: malformed --formula");
  });

  it("exits 0 on the right δ and 1 on the slip, property-based", () => {
    const right = gradcheck(["delta", "--activation", "tanh", "--loss", "squared", "--formula", "2*(x-y)*(1-x^2)"]);
    console.log(`cli-bin: gradcheck delta took ${right.ms.toFixed(0)} ms`);
    expect(right.code).toBe(0);
    expect(gradcheck(["delta", "--formula", "2*(x-y)*(1-tanh(x)^2)"]).code).toBe(1);
  });

  it("--timeout stops an f that hangs (it runs in a worker thread) and exits 2, naming the point, in JSON too", () => {
    const run = gradcheck(["check", "--module", "./hangs.mjs", "--timeout", "1", "--json"]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({ kind: "timeout", argument: "--timeout" });
    expect(run.stderr).toContain("did not finish within --timeout 1 s (at points[1])");
  });

  it("--timeout passes the worker's output through: a right module still passes, exit 0", () => {
    writeFileSync(
      join(work, "good.mjs"),
      "export const f = (x) => x[0] ** 3;\nexport const gradient = (x) => [3 * x[0] ** 2];\nexport const x = [2];",
    );
    const run = gradcheck(["check", "--module", "./good.mjs", "--timeout", "30"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("PASS gradient check passed");
  });

  it("--version prints the version of the package.json it was built from", () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(gradcheck(["--version"]).stdout).toBe(`gradcheck ${version}\n`);
  });

  it("refuses --layers 100000,100000,1 up front, exit 2, no stack", () => {
    const run = gradcheck(["check", "--layers", "100000,100000,1"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("10 000 200 001 parameters");
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("a long network check announces itself at once on stderr, also off a terminal, and --quiet silences it", () => {
    // 34 341 parameters: estimated at about 1 s, so it runs in a worker while this thread keeps a heartbeat
    const loud = gradcheck(["check", "--layers", "200,170,1"]);
    expect(loud.code).toBe(0);
    expect(loud.stderr.split("\n")[0]).toBe("checking 34341 parameters, about 1 s…");
    expect(loud.stderr).not.toContain("\r");
    expect(loud.stdout).toContain("PASS gradient check passed: 34341 of 34341 checked coordinates agree");
    const quiet = gradcheck(["check", "--layers", "200,170,1", "--quiet"]);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toContain("PASS");
  });
});
