/**
 * What a user gets is what we test: `npm pack` (its prepack script builds), the tarball installed
 * offline into a fresh project, then the package used as a user would use it — import, require,
 * the vitest matchers, the types, the command line.
 *
 * The project lives in .pack-test/ inside this repository, so that the optional peers (vitest,
 * fast-check) resolve from this repository's node_modules as they would from a user's own: no
 * network and no second install. The tarball itself has no dependencies to fetch.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
let work = "";
let project = "";

/** The environment of a user's shell: none of the variables this test run's vitest and npm set. */
const userEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|npm_|NODE_OPTIONS$|TEST$)/.test(key)));

function run(command: string, args: string[], cwd = project): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: "utf8", env: { ...userEnv(), NO_COLOR: "1" } });
}

function ok(result: SpawnSyncReturns<string>): string {
  if (result.status !== 0) throw new Error(`exit ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Writes `files` into the project and runs `node file`, returning its stdout. */
function node(file: string, source: string, flags: string[] = []): string {
  writeFileSync(join(project, file), source);
  return ok(run(process.execPath, [...flags, file]));
}

beforeAll(() => {
  mkdirSync(join(root, ".pack-test"), { recursive: true });
  work = mkdtempSync(join(root, ".pack-test", "run-"));
  ok(run("npm", ["pack", "--silent", "--offline", "--no-update-notifier", "--pack-destination", work], root));
  const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
  if (tarball === undefined) throw new Error(`npm pack left no tarball in ${work}`);
  project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", private: true }));
  ok(run("npm", ["install", "--offline", "--no-update-notifier", "--no-audit", "--no-fund", "--no-package-lock", join("..", tarball)]));
}, 120_000);

afterAll(() => {
  if (work !== "") rmSync(work, { recursive: true, force: true });
});

describe("the packed package, installed", () => {
  it("holds the ES module and CommonJS builds with their types, and neither sources nor tests", () => {
    const installed = join(project, "node_modules", "gradcheck");
    for (const file of [
      "dist/index.js",
      "dist/index.d.ts",
      "dist/cjs/index.js",
      "dist/cjs/index.d.ts",
      "dist/cjs/package.json",
      "dist/vitest/index.d.ts",
      "dist/tfjs/index.d.ts",
      "dist/cjs/tfjs/index.js",
      "dist/cli.js",
    ])
      expect(existsSync(join(installed, file)), file).toBe(true);
    expect(readdirSync(installed).sort()).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "dist", "docs", "examples", "package.json"]);
    // the README's links into docs/ and examples/ resolve inside the installed package too
    for (const file of ["LICENSE", "docs/api.md", "docs/cli.md", "examples/my-gradient.mjs", "examples/wrong-gradient.mjs"])
      expect(existsSync(join(installed, file)), file).toBe(true);
    expect(existsSync(join(installed, "src"))).toBe(false);
    expect(existsSync(join(installed, "node_modules"))).toBe(false);
  });

  it("works from an ES module: checkGradient passes a right gradient and fails a wrong one", () => {
    const out = node(
      "esm.mjs",
      `import { checkGradient } from "gradcheck";
const f = (x) => x[0] ** 2 * Math.sin(x[1]);
const right = checkGradient(f, [1.5, 0.3], (x) => [2 * x[0] * Math.sin(x[1]), x[0] ** 2 * Math.cos(x[1])]);
const wrong = checkGradient(f, [1.5, 0.3], (x) => [2 * x[0] * Math.sin(x[1]), x[0] * Math.cos(x[1])]);
console.log(JSON.stringify({ from: import.meta.resolve("gradcheck"), right: right.ok, wrong: wrong.ok, named: wrong.mismatches[0].name }));`,
    );
    expect(JSON.parse(out)).toEqual({
      from: expect.stringMatching(/node_modules\/gradcheck\/dist\/index\.js$/),
      right: true,
      wrong: false,
      named: "x[1]",
    });
  });

  it("works from CommonJS require, through the CommonJS build, on a Node without require(esm)", () => {
    const out = node(
      "cjs.cjs",
      `const { checkGradient, checkNetwork, createNetwork } = require("gradcheck");
const f = (x) => x[0] ** 2 * Math.sin(x[1]);
const right = checkGradient(f, [1.5, 0.3], (x) => [2 * x[0] * Math.sin(x[1]), x[0] ** 2 * Math.cos(x[1])]);
const wrong = checkGradient(f, [1.5, 0.3], (x) => [2 * x[0] * Math.sin(x[1]), x[0] * Math.cos(x[1])]);
const network = checkNetwork(createNetwork({ layers: [2, 3, 1], activation: "tanh" }), [{ input: [0.8, -0.4], target: [0.25] }]);
console.log(JSON.stringify({ from: require.resolve("gradcheck"), right: right.ok, wrong: wrong.ok, network: network.ok }));`,
      ["--no-experimental-require-module"],
    );
    expect(JSON.parse(out)).toEqual({
      from: expect.stringMatching(/node_modules\/gradcheck\/dist\/cjs\/index\.js$/),
      right: true,
      wrong: false,
      network: true,
    });
  });

  it("exports the same names from import and from require", () => {
    const esm = node("names.mjs", `console.log(JSON.stringify(Object.keys(await import("gradcheck")).filter((k) => k !== "default").sort()));`);
    const cjs = node("names.cjs", `console.log(JSON.stringify(Object.keys(require("gradcheck")).sort()));`, ["--no-experimental-require-module"]);
    expect(JSON.parse(esm)).toContain("checkGradient");
    expect(JSON.parse(cjs)).toEqual(JSON.parse(esm));
  });

  it("resolves gradcheck/vitest, gradcheck/arbitraries and gradcheck/tfjs from both module systems, each to its own build", () => {
    const names = JSON.stringify(["gradcheck/vitest", "gradcheck/arbitraries", "gradcheck/tfjs"]);
    const esm = node("resolve.mjs", `console.log(JSON.stringify(${names}.map((name) => import.meta.resolve(name))));`);
    const cjs = node("resolve.cjs", `console.log(JSON.stringify(${names}.map((name) => require.resolve(name))));`);
    expect(JSON.parse(esm)).toEqual([
      expect.stringMatching(/gradcheck\/dist\/vitest\/index\.js$/),
      expect.stringMatching(/gradcheck\/dist\/arbitraries\/index\.js$/),
      expect.stringMatching(/gradcheck\/dist\/tfjs\/index\.js$/),
    ]);
    expect(JSON.parse(cjs)).toEqual([
      expect.stringMatching(/gradcheck\/dist\/cjs\/vitest\/index\.js$/),
      expect.stringMatching(/gradcheck\/dist\/cjs\/arbitraries\/index\.js$/),
      expect.stringMatching(/gradcheck\/dist\/cjs\/tfjs\/index\.js$/),
    ]);
  });

  it("gradcheck/tfjs checks the user's own tf from import and from require, and never loads tfjs itself", () => {
    const use = `const x = tf.tensor([[0.3, -0.8, 0.5], [1.1, 0.2, -0.4]]);
const right = await checkTfjs(tf, (a) => tf.logSumExp(a, 1), [x]);
const wrong = await checkTfjs(tf, (a) => tf.avgPool(tf.reshape(a, [1, 2, 3, 1]), 2, 1, "same"), { a: x });
console.log(JSON.stringify({ right: right.ok, wrong: wrong.ok, named: wrong.mismatches[0].name.startsWith("a["), names: Object.keys(tfjs).sort() }));`;
    const esm = node(
      "tfjs.mjs",
      `import * as tfjs from "gradcheck/tfjs";\nconst { checkTfjs } = tfjs;\nimport * as tf from "@tensorflow/tfjs";\nawait tf.setBackend("cpu");\n${use}`,
    );
    const cjs = node(
      "tfjs.cjs",
      `const tfjs = require("gradcheck/tfjs");\nconst { checkTfjs } = tfjs;\nconst tf = require("@tensorflow/tfjs");\n(async () => {\nawait tf.setBackend("cpu");\n${use}\n})();`,
      ["--no-experimental-require-module"],
    );
    const expected = {
      right: true,
      wrong: false,
      named: true,
      names: expect.arrayContaining(["checkCustomGrad", "checkKernelGradient", "checkTfjs"]),
    };
    expect(JSON.parse(esm.trim().split("\n").pop() as string)).toEqual(expected);
    expect(JSON.parse(cjs.trim().split("\n").pop() as string)).toEqual(JSON.parse(esm.trim().split("\n").pop() as string));
    // gradcheck/tfjs alone loads no tfjs: the user's tf is the only one
    const alone = node(
      "tfjs-alone.cjs",
      `require("gradcheck/tfjs");\nconsole.log(JSON.stringify(Object.keys(require.cache).filter((f) => f.includes("@tensorflow")).length));`,
    );
    expect(JSON.parse(alone)).toBe(0);
  });

  it("gives gradcheck/arbitraries the same exports from import and from require, and both draw networks with fast-check", () => {
    // Draws one network case with a fixed seed and checks its backprop: the arbitraries, fast-check and gradcheck working together.
    const draw = `const [c] = fc.sample(networkCase({ maxDepth: 2, maxWidth: 3 }), { numRuns: 1, seed: 42 });
const names = Object.keys(arbitraries).filter((k) => k !== "default").sort();
console.log(JSON.stringify({ names, parameters: c.network.parameters.length === c.parameters.length, samples: c.samples.length > 0 }));`;
    const esm = node(
      "arbitraries.mjs",
      `import fc from "fast-check";\nimport * as arbitraries from "gradcheck/arbitraries";\nconst { networkCase } = arbitraries;\n${draw}`,
    );
    const cjs = node(
      "arbitraries.cjs",
      `const fc = require("fast-check");\nconst arbitraries = require("gradcheck/arbitraries");\nconst { networkCase } = arbitraries;\n${draw}`,
      ["--no-experimental-require-module"],
    );
    expect(JSON.parse(esm)).toEqual({
      names: expect.arrayContaining(["architecture", "networkCase", "samples", "vector"]),
      parameters: true,
      samples: true,
    });
    expect(JSON.parse(cjs)).toEqual(JSON.parse(esm));
  });

  it("registers the matchers for a user's vitest test by importing gradcheck/vitest", () => {
    writeFileSync(
      join(project, "gradient.test.mjs"),
      `import "gradcheck/vitest";
import { expect, it } from "vitest";
const f = (x) => x[0] ** 2 * Math.sin(x[1]);
it("right", () => expect(f).toHaveGradient([1.5, 0.3], (x) => [2 * x[0] * Math.sin(x[1]), x[0] ** 2 * Math.cos(x[1])]));
it("wrong", () => expect(f).not.toHaveGradient([1.5, 0.3], (x) => [2 * x[0] * Math.sin(x[1]), x[0] * Math.cos(x[1])]));
`,
    );
    writeFileSync(join(project, "vitest.config.mjs"), "export default {};\n");
    const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
    const out = ok(run(process.execPath, [vitest, "run", "--root", project, "--config", "vitest.config.mjs", "gradient.test.mjs"]));
    expect(out).toMatch(/Tests\s+2 passed/);
  });

  it("types the package for TypeScript users of import and of require, matchers included", () => {
    const use = (imports: string) => `${imports}
const f = (x: Float64Array): number => x[0] ** 2;
const report: GradientCheckReport = checkGradient(f, [3], [6]);
export const passed: boolean = report.ok;
export function matchers(): void {
  expect(f).toHaveGradient([3], (x) => [2 * x[0]], { method: "central" });
  // @ts-expect-error the options are typed
  expect(f).toHaveGradient([3], [6], { method: "forward" });
}
`;
    const imports = `import { checkGradient, type GradientCheckReport } from "gradcheck";
import "gradcheck/vitest";
import { expect } from "vitest";`;
    writeFileSync(join(project, "use.mts"), use(imports));
    writeFileSync(join(project, "use.cts"), use(imports));
    const compilerOptions = {
      module: "NodeNext",
      moduleResolution: "NodeNext",
      target: "ES2022",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    };
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["use.mts", "use.cts"] }));
    const trace = ok(run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--explainFiles"]));
    expect(trace).toMatch(/node_modules\/gradcheck\/dist\/index\.d\.ts/);
    expect(trace).toMatch(/node_modules\/gradcheck\/dist\/cjs\/index\.d\.ts/);
    expect(trace).toMatch(/node_modules\/gradcheck\/dist\/cjs\/vitest\/index\.d\.ts/);
  });

  it("runs the command line from node_modules/.bin: the main job, exit 0, δ in its output", () => {
    const result = run(join(project, "node_modules", ".bin", "gradcheck"), []);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("δ");
  });
});
