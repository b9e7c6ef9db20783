/**
 * The commands, called in-process with a recording Io: what they print and the exit codes
 * 0 (pass), 1 (fail), 2 (bad usage).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/run.js";
import { mainJob } from "../src/main.js";
import { memoryIo } from "./helpers/memory-io.js";

const dir = mkdtempSync(join(tmpdir(), "gradcheck-cli-"));
writeFileSync(
  join(dir, "good.mjs"),
  `export const f = (x) => x[0] ** 2 * Math.sin(x[1]);
export const gradient = (x) => [2 * x[0] * Math.sin(x[1]), x[0] ** 2 * Math.cos(x[1])];
export const points = [[1.5, 0.3], [-2, 1]];`,
);
// The classic slip: the chain rule forgotten in the second coordinate (x0 instead of x0²).
writeFileSync(
  join(dir, "bad.mjs"),
  `export const f = (x) => x[0] ** 2 * Math.sin(x[1]);
export const gradient = (x) => [2 * x[0] * Math.sin(x[1]), x[0] * Math.cos(x[1])];
export const x = [1.5, 0.3];`,
);
writeFileSync(
  join(dir, "throws.mjs"),
  "export const f = () => { throw new Error('boom'); };\nexport const gradient = () => [0];\nexport const x = [1];",
);
writeFileSync(join(dir, "no-gradient.mjs"), "export const f = (x) => x[0];\nexport const x = [1];");
writeFileSync(
  join(dir, "narrow.mjs"),
  "export const f = (x) => { if (x[0] <= 0.05) throw new Error('outside the domain'); return Math.log(x[0]); };\nexport const gradient = (x) => [1 / x[0]];\nexport const x = [0.06];",
);
writeFileSync(
  join(dir, "net.json"),
  JSON.stringify({ layers: [1, 1], activation: "tanh", parameters: [0.1, 0.5], samples: [{ input: [2], target: [0] }] }),
);

async function call(argv: string[], color = false) {
  const io = memoryIo(dir, color);
  const code = await run(argv, io);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n"), io };
}

describe("gradcheck with no arguments", () => {
  it("runs the main job, exactly as npm start prints it", async () => {
    const { code, out } = await call([]);
    expect(code).toBe(0);
    expect(out).toBe(mainJob().text);
  });
});

describe("help", () => {
  it.each(["check", "explain", "delta", "sweep"])("gradcheck %s --help prints its usage and exits 0", async (name) => {
    const { code, out } = await call([name, "--help"]);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^usage: gradcheck ${name}`));
    expect((await call(["help", name])).out).toBe(out);
  });
  it("gradcheck help lists every command", async () => {
    const { code, out } = await call(["help"]);
    expect(code).toBe(0);
    for (const name of ["check", "explain", "delta", "sweep"]) expect(out).toContain(`gradcheck ${name}`);
  });
});

describe("gradcheck check on a network", () => {
  it("prints a per-layer summary, the worst coordinates by name and the verdict, and exits 0", async () => {
    const { code, out } = await call(["check", "--layers", "2,3,1", "--activation", "tanh", "--seed", "3"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^ {2}l=1 +9 +9 +\S+ +0$/m);
    expect(out).toMatch(/^ {2}l=2 +4 +4 +\S+ +0$/m);
    expect(out).toMatch(/^ {2}w\[l=\d\]\[i=\d\]\[j=\d\] /m);
    expect(out).toContain("PASS gradient check passed: 13 of 13 checked coordinates agree (full, ");
    expect(out).toContain("seed: 3");
  });
  it("--json prints one JSON object with ok and the arrays as arrays", async () => {
    const { code, out } = await call(["check", "--layers", "3,2,2", "--activation", "sigmoid,softmax", "--loss", "cross-entropy", "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.ok).toBe(true);
    expect(report.analytic).toHaveLength(4 * 2 + 3 * 2);
    expect(Array.isArray(report.numeric)).toBe(true);
    expect(report.layers.map((l: { parameters: number }) => l.parameters)).toEqual([8, 6]);
  });
  it("--spec reads the network, its weights and its samples from JSON", async () => {
    const { code, out } = await call(["check", "--spec", "net.json"]);
    expect(code).toBe(0);
    expect(out).toContain("layers [1, 1], tanh, squared error; 1 sample, seed 1");
  });
  it("--mode sparse checks a stratified sample: every layer, fewer than all", async () => {
    const { code, out } = await call(["check", "--layers", "10,20,5", "--mode", "sparse"]);
    expect(code).toBe(0);
    const checked = [...out.matchAll(/^ {2}l=\d +\d+ +(\d+) /gm)].map((m) => Number(m[1]));
    expect(checked).toHaveLength(2);
    expect(Math.min(...checked)).toBeGreaterThan(0);
    expect(checked[0] + checked[1]).toBe(32);
    expect(out).toContain("sparse: 32 of 325 coordinates were checked");
  });
  it("--mode directional compares ⟨g, u⟩ along random directions, judging no single coordinate when all agree", async () => {
    const { code, out } = await call(["check", "--layers", "10,20,5", "--mode", "directional"]);
    expect(code).toBe(0);
    expect(out).toContain("PASS gradient check passed: 8 random directions agree (directional, ");
    expect(out).not.toContain("worst coordinates:");
  });
  it("--mode directional still finds a wrong coordinate of a module, by bisection", async () => {
    const { code, out } = await call(["check", "--module", "./bad.mjs", "--mode", "directional"]);
    expect(code).toBe(1);
    expect(out).toContain("worst: x[1]");
  });
  it("colours the verdict only when asked to (a TTY without NO_COLOR)", async () => {
    expect((await call(["check"], true)).out).toContain("\x1b[32m");
    expect((await call(["check"], false)).out).not.toContain("\x1b[");
  });
  it("reports progress through the Io (shown on a terminal only) and clears it", async () => {
    const { io } = await call(["check"]);
    expect(io.progressLines[0]).toMatch(/^checking 13 parameters/);
    expect(io.progressLines.at(-1)).toBe("");
  });
});

describe("bad usage exits 2 with a message on stderr", () => {
  const cases: [string, string[], string][] = [
    ["an unknown command", ["chek"], 'gradcheck: unknown command "chek"'],
    ["an unknown option", ["check", "--layer", "2"], "gradcheck check: unknown option --layer"],
    ["malformed layers", ["check", "--layers", "2,x"], "--layers must be comma-separated integers ≥ 1"],
    [
      "an unknown activation",
      ["check", "--activation", "swish"],
      '--activation must be one of tanh, sigmoid, relu, identity, softmax (or one per layer, comma-separated), received "swish"',
    ],
    ["softmax below the output", ["check", "--activation", "softmax,tanh"], "softmax is allowed at the output layer only"],
    ["an unknown mode", ["check", "--mode", "half"], '--mode must be one of full, sparse, directional, received "half"'],
    ["--workers 0", ["check", "--workers", "0"], "--workers"],
    ["--workers with --backprop", ["check", "--backprop", "./b.mjs", "--workers", "2"], "--workers does not apply"],
    ["a missing spec file", ["check", "--spec", "missing.json"], "cannot read --spec missing.json"],
    ["--spec with --layers", ["check", "--spec", "net.json", "--layers", "2,1"], "--spec replaces --layers"],
    ["a module without gradient", ["check", "--module", "./no-gradient.mjs"], "must export gradient"],
    ["a module that does not exist", ["check", "--module", "./nowhere.mjs"], "cannot load --module ./nowhere.mjs"],
    ["--module with --layers", ["check", "--module", "./good.mjs", "--layers", "2,1"], "--layers applies to networks only"],
    ["a coordinate out of range", ["sweep", "--coordinate", "13"], "--coordinate must be below the parameter count 13, received 13"],
    ["delta without a formula", ["delta"], "--formula is required"],
    ["delta with softmax", ["delta", "--activation", "softmax", "--formula", "x-y"], "--activation must be one of tanh, sigmoid, relu, identity"],
    ["delta with tanh and cross-entropy", ["delta", "--loss", "cross-entropy", "--formula", "x-y"], "--activation tanh with --loss cross-entropy"],
    ["help for an unknown command", ["help", "nope"], 'gradcheck help: no command "nope"'],
  ];
  it.each(cases)("%s", async (_name, argv, message) => {
    const { code, out, err } = await call(argv);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain(message);
    expect(err).toMatch(/see: gradcheck (help|\w+ --help)$/);
  });
});

describe("gradcheck check --module", () => {
  it("passes a right gradient at every point and exits 0", async () => {
    const { code, out } = await call(["check", "--module", "./good.mjs"]);
    expect(code).toBe(0);
    expect(out).toContain("points[0]: pass");
    expect(out).toContain("points[1]: pass");
    expect(out).toContain("PASS 2 of 2 points pass");
  });
  it("fails a wrong gradient, names the wrong coordinate first, and exits 1", async () => {
    const { code, out } = await call(["check", "--module", "./bad.mjs"]);
    expect(code).toBe(1);
    expect(out).toMatch(/worst coordinates:\n.*\n {2}x\[1\] /);
    expect(out).toContain("FAIL gradient check failed: 1 of 2 checked coordinates exceed their bounds");
  });
  it("fails (exit 1) when f throws, saying where", async () => {
    const { code, err } = await call(["check", "--module", "./throws.mjs"]);
    expect(code).toBe(1);
    expect(err).toContain("FAIL at x (1 of 1): at x, f threw: boom");
    expect(err).not.toContain("checkGradient");
  });
  it("--json gives one object with ok and a report per point", async () => {
    const { code, out } = await call(["check", "--module", "./bad.mjs", "--json"]);
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json.ok).toBe(false);
    expect(json.points[0].x).toEqual([1.5, 0.3]);
    expect(json.points[0].mismatches[0].name).toBe("x[1]");
  });
});

describe("gradcheck check --report", () => {
  it("writes one HTML file with one heatmap cell per parameter", async () => {
    const { code, err } = await call(["check", "--layers", "3,4,2", "--report", "net.html"]);
    expect(code).toBe(0);
    expect(err).toContain("report written to");
    const html = readFileSync(join(dir, "net.html"), "utf8");
    expect(html.match(/class="cell[ "]/g)).toHaveLength(4 * 4 + 5 * 2);
    expect(html).toContain("<svg");
  });
  it("for a module, one cell per coordinate per point, the failing one marked", async () => {
    await call(["check", "--module", "./bad.mjs", "--report", "bad.html"]);
    const html = readFileSync(join(dir, "bad.html"), "utf8");
    expect(html.match(/class="cell[ "]/g)).toHaveLength(2);
    expect(html).toMatch(/class="cell fail" data-index="1" data-name="x\[1\]"/);
  });
});

describe("gradcheck check --report for an f defined on a narrow domain", () => {
  it("still passes and writes the report, leaving out the curve the sweep's wide steps cannot draw", async () => {
    const { code } = await call(["check", "--module", "./narrow.mjs", "--report", "narrow.html"]);
    expect(code).toBe(0);
    const html = readFileSync(join(dir, "narrow.html"), "utf8");
    expect(html.match(/class="cell[ "]/g)).toHaveLength(1);
    expect(html).not.toContain("<svg");
  });
});

describe("gradcheck explain", () => {
  it("writes out δ^(L) = 2(x − y)(1 − x²), the hidden recursion and ∂e/∂w = x δ, each beside a numeric value", async () => {
    const { code, out } = await call(["explain", "--seed", "2"]);
    expect(code).toBe(0);
    expect(out).toContain("δ_j^(L) = ∂e/∂s_j^(L) = 2 (x − y) θ'(s) = 2 (x − y) · (1 − x²)");
    expect(out).toContain("δ_i^(1) = θ'(s_i^(1)) Σ_j w_ij^(2) δ_j^(2)");
    expect(out).toMatch(/∂e\/∂w_\(1,1\)\^\(1\) = /);
    // analytic δ and its numeric value, printed to 8 digits, agree on every output line
    const [, delta, numeric] = out.match(/δ = (\S+) +numeric ∂e\/∂s = (\S+)/) ?? [];
    expect(delta).toBe(numeric);
    expect(out).toContain("every ∂e/∂w (13 weights) against the numerical gradient: agree");
  });
  it("gives each output/loss pair its own δ^(L)", async () => {
    expect((await call(["explain", "--layers", "2,1", "--activation", "sigmoid", "--loss", "cross-entropy"])).out).toContain(
      "δ_j^(L) = ∂e/∂s_j^(L) = x − y",
    );
    expect((await call(["explain", "--layers", "2,3", "--activation", "softmax"])).out).toContain("g_k = 2 (x_k − y_k)");
  });
});

describe("gradcheck delta", () => {
  it("confirms the right δ for tanh + squared error, exit 0", async () => {
    const { code, out } = await call(["delta", "--activation", "tanh", "--loss", "squared", "--formula", "2*(x-y)*(1-x^2)"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^HOLDS δ = 2\*\(x-y\)\*\(1-x\^2\) equals the numerical ∂e\/∂s at 200 random points/);
  });
  it("refutes the classic slip 1 − tanh(x)² with a shrunk counterexample, exit 1", async () => {
    const { code, out } = await call(["delta", "--activation", "tanh", "--loss", "squared", "--formula", "2*(x-y)*(1-tanh(x)^2)"]);
    expect(code).toBe(1);
    expect(out).toMatch(/^WRONG /);
    expect(out).toMatch(/s = -?\d[\d.]*, x = θ\(s\) = \S+, y = \S+/);
    expect(out).toMatch(/formula: +\S+\n {2}true ∂e\/∂s: +\S+/);
  });
  it.each([
    ["sigmoid", "squared", "2*(x-y)*x*(1-x)"],
    ["sigmoid", "cross-entropy", "x-y"],
    ["identity", "squared", "2*(x-y)"],
    ["relu", "squared", "2*(x-y)*step(s)"],
  ])("confirms %s + %s: δ = %s", async (activation, loss, formula) => {
    expect((await call(["delta", "--activation", activation, "--loss", loss, "--formula", formula])).code).toBe(0);
  });
  it("points at the position of a malformed formula, exit 2", async () => {
    const { code, err } = await call(["delta", "--formula", "2*(x-y)*(1-x^2"]);
    expect(code).toBe(2);
    expect(err).toContain('malformed --formula: expected ")", found the end of the formula at position 15\n  2*(x-y)*(1-x^2\n                ^');
  });
});

describe("gradcheck sweep", () => {
  it("prints |D(h) − a| per decade and the bottom of the V for each chosen coordinate", async () => {
    const { code, out } = await call(["sweep", "--coordinate", "0,9", "--report", "sweep.html"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^bottom of the V for w\[l=1\]\[i=0\]\[j=0\]: error \S+ at h = \S+$/m);
    expect(out).toMatch(/^bottom of the V for w\[l=2\]\[i=0\]\[j=0\]: /m);
    const html = readFileSync(join(dir, "sweep.html"), "utf8");
    expect(html.match(/<polyline/g)).toHaveLength(2);
  });
});

// Issue 12, "The command line": each defect a newcomer met, and what the command says now.
writeFileSync(
  join(dir, "short-gradient.mjs"),
  "export const f = (x) => x[0] ** 2;\nexport const gradient = (x) => [2 * x[0], 1];\nexport const points = [[1], [2]];",
);
writeFileSync(
  join(dir, "both.mjs"),
  "export const f = (x) => x[0] ** 2;\nexport const gradient = (x) => [2 * x[0]];\nexport const x = [1];\nexport const points = [[1]];",
);
writeFileSync(join(dir, "default.mjs"), "export default { f: (x) => x[0] ** 2, gradient: (x) => [2 * x[0]], x: [3] };");
writeFileSync(join(dir, "common.cjs"), "const f = (x) => x[0] ** 2;\nmodule.exports = { f, gradient: (x) => [2 * x[0]], x: [3] };");
writeFileSync(join(dir, "default-function.mjs"), "export default function f(x) { return x[0] ** 2; }");
writeFileSync(
  join(dir, "async-f.mjs"),
  "export const f = async (x) => x[0] ** 2;\nexport const gradient = (x) => [2 * x[0]];\nexport const x = [3];",
);
writeFileSync(
  join(dir, "async-gradient.mjs"),
  "export const f = (x) => x[0] ** 2;\nexport const gradient = async (x) => [2 * x[0]];\nexport const x = [3];",
);
writeFileSync(
  join(dir, "bad-sample.json"),
  JSON.stringify({
    layers: [2, 2, 1],
    activation: "tanh",
    samples: [
      { input: [1, 2], target: [0] },
      { input: [1, 2, 3], target: [0] },
    ],
  }),
);

describe("the command line speaks its own language and never crashes (issue 12)", () => {
  it("refuses a huge network up front with the figures, exit 2, instead of a RangeError or 10 GB", async () => {
    const { code, err } = await call(["check", "--layers", "100000,100000,1"]);
    expect(code).toBe(2);
    expect(err).toContain("--layers [100000, 100000, 1] has 10 000 200 001 parameters, more than the limit of 2 000 000");
    expect(err).toMatch(/about [\d ]+ GB of memory/);
    expect(err).toContain("--max-parameters 10000200001");
    expect((await call(["check", "--layers", "10000,10000,1"])).code).toBe(2);
  });
  it("--max-parameters moves the limit both ways", async () => {
    expect((await call(["check", "--layers", "2,3,1", "--max-parameters", "12"])).code).toBe(2);
    expect((await call(["check", "--layers", "2,3,1", "--max-parameters", "13"])).code).toBe(0);
  });
  it("past the limit and past what can be allocated, still a typed refusal (exit 2), never a stack", async () => {
    const { code, err } = await call(["check", "--layers", "100000,100000,1", "--max-parameters", "20000000000"]);
    expect(code).toBe(2);
    expect(err).toMatch(/cannot be allocated on this machine|at most \d+ parameters/);
    expect(err).not.toContain("    at ");
  });
  it("a module whose gradient has the wrong length is bad usage (exit 2), named in the module's words", async () => {
    const { code, err } = await call(["check", "--module", "./short-gradient.mjs"]);
    expect(code).toBe(2);
    expect(err).toContain("gradient at points[0] returned 2 numbers, but points[0] has 1");
    expect(err).not.toMatch(/checkGradient|analytic/);
  });
  it("with --json, an error is one object on stdout: { ok: false, error: { kind, argument, message } }", async () => {
    for (const [argv, kind, argument] of [
      [["check", "--layers", "100000,100000,1", "--json"], "too-large", "--layers"],
      [["check", "--module", "./short-gradient.mjs", "--json"], "module", "--module"],
      [["check", "--mode", "half", "--json"], "usage", "--mode"],
      [["check", "--spec", "bad-sample.json", "--json"], "spec", "--spec"],
    ] as const) {
      const { code, out, err } = await call([...argv]);
      expect(code).toBe(2);
      const json = JSON.parse(out);
      expect(json).toEqual({ ok: false, version: 1, error: { kind, argument, message: err.split("\n")[0] } });
    }
  });
  it("with --json, f throwing is a failed check (exit 1) that stdout describes too", async () => {
    const { code, out, err } = await call(["check", "--module", "./throws.mjs", "--json"]);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({
      version: 1,
      ok: false,
      module: "./throws.mjs",
      error: { kind: "evaluation", argument: "--module", message: err },
    });
  });
  it("names an async f or gradient as such, exit 2", async () => {
    const f = await call(["check", "--module", "./async-f.mjs"]);
    expect(f.code).toBe(2);
    expect(f.err).toContain("at x, f returned a Promise (an async function)");
    const g = await call(["check", "--module", "./async-gradient.mjs"]);
    expect(g.code).toBe(2);
    expect(g.err).toContain("it returned a Promise");
    expect(g.err).toContain("received a Promise");
  });
  it("says --seed 1, not the library's { seed: 1 }", async () => {
    const { out } = await call(["check"]);
    expect(out).toContain("seed: 1 (--seed 1 replays it)");
    expect(out).not.toContain("{ seed");
    expect(mainJob().text).not.toContain("{ seed");
    for (const argv of [["check", "--module", "./good.mjs"], ["check", "--mode", "directional"], ["explain"]])
      expect((await call(argv)).out).not.toContain("{ seed");
  });
  it("names the sample and the file: samples[1].input in --spec bad-sample.json has 3 numbers", async () => {
    const { code, err } = await call(["check", "--spec", "bad-sample.json"]);
    expect(code).toBe(2);
    expect(err).toContain("samples[1].input in --spec bad-sample.json has 3 numbers, the network takes 2");
    expect(err).not.toMatch(/createNetwork|meanError|checkNetwork/);
  });
  it("says softmax in its words: --activation of layer 1 must be one of …", async () => {
    const { err } = await call(["check", "--activation", "softmax,tanh"]);
    expect(err).toContain(
      '--activation of layer 1 must be one of tanh, sigmoid, relu, identity (softmax is allowed at the output layer only), received "softmax"',
    );
  });
  it("labels points 0-based like coordinates: x[0] at points[1]", async () => {
    writeFileSync(
      join(dir, "second-wrong.mjs"),
      "export const f = (x) => x[0] ** 3;\nexport const gradient = (x) => [x[0] > 1 ? 0 : 3 * x[0] ** 2];\nexport const points = [[1], [2]];",
    );
    const { code, out } = await call(["check", "--module", "./second-wrong.mjs"]);
    expect(code).toBe(1);
    expect(out).toContain("x[0] at points[1]");
    expect(out).toContain("points[0]: pass");
    expect(out).toContain("points[1]: FAIL");
  });
  it("explain labels how its textbook j maps to the report name's j", async () => {
    const { out } = await call(["explain"]);
    expect(out).toContain("j counted from 0, so textbook unit j is j−1 there");
    // the textbook ∂e/∂w_(1,1)^(1) is w[l=1][i=1][j=0] in reports
    expect(out).toMatch(/∂e\/∂w_\(1,1\)\^\(1\) = .*\[w\[l=1\]\[i=1\]\[j=0\]\]/);
  });
  it("a module with both x and points is an error naming both", async () => {
    const { code, err } = await call(["check", "--module", "./both.mjs"]);
    expect(code).toBe(2);
    expect(err).toContain("exports both x and points");
  });
  it("reads export default { … } and CommonJS module.exports, and explains a lone default function", async () => {
    expect((await call(["check", "--module", "./default.mjs"])).code).toBe(0);
    expect((await call(["check", "--module", "./common.cjs"])).code).toBe(0);
    const lone = await call(["check", "--module", "./default-function.mjs"]);
    expect(lone.code).toBe(2);
    expect(lone.err).toContain("it has only a default export, a function; write export const f = …");
  });
  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, "..", "package.json"), "utf8"));
    for (const word of ["--version", "-v"]) {
      const { code, out } = await call([word]);
      expect(code).toBe(0);
      expect(out).toBe(`gradcheck ${version}`);
    }
  });
  it("--quiet silences progress, anywhere on the line", async () => {
    const { io } = await call(["check", "--quiet"]);
    expect(io.progressLines).toEqual([]);
    expect(io.stdout.join("\n")).toContain("PASS");
  });
  it("--timeout applies to --module only", async () => {
    const { code, err } = await call(["check", "--timeout", "5"]);
    expect(code).toBe(2);
    expect(err).toContain("--timeout applies to --module checks");
  });
  it("delta reads the tool's own textbook form and the Unicode learners write", async () => {
    for (const formula of ["2 (x − y) θ'(s)", "2 (x − y) · (1 − x²)", "2·(x − y)×sech(s)²", "2*(x-y)*(1-tanh(s)^2)", "2 (x − y)/cosh(s)^2"]) {
      const { code, out } = await call(["delta", "--formula", formula]);
      expect(code, `${formula}\n${out}`).toBe(0);
    }
    const sigmoid = await call(["delta", "--activation", "sigmoid", "--formula", "2 (x − y) x (1 − x)"]);
    expect(sigmoid.code).toBe(0);
    const xe = await call(["delta", "--activation", "sigmoid", "--loss", "cross-entropy", "--formula", "θ(s) − y"]);
    expect(xe.code).toBe(0);
    expect((await call(["delta", "--activation", "sigmoid", "--loss", "cross-entropy", "--formula", "exp(s)/(1 + exp(s)) − y"])).code).toBe(0);
    expect((await call(["delta", "--activation", "sigmoid", "--loss", "cross-entropy", "--formula", "ln(exp(x)) − y"])).code).toBe(0);
  });
  it("a formula that is not finite at a point says so, with the point", async () => {
    const { code, out } = await call(["delta", "--formula", "2*(x-y)/(s-s)"]);
    expect(code).toBe(1);
    expect(out).toContain("formula:           NaN: the formula is not finite at s = 0, y = 0");
    expect(out).not.toContain("NaN×");
  });
});
