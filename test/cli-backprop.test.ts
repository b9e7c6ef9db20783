/**
 * gradcheck check --backprop and gradcheck explain --backprop, in-process: the per-layer table, the
 * first wrong layer, the slip, the JSON, the exit codes 0 (right), 1 (wrong, or the user's code
 * failing), 2 (bad usage).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/run.js";
import { memoryIo } from "./helpers/memory-io.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "gradcheck-cli-backprop-"));
writeFileSync(join(dir, "no-backprop.mjs"), "export const forward = () => ({ s: [], x: [] });");
writeFileSync(join(dir, "throws.mjs"), "export const backprop = () => { throw new Error('delta is not defined'); };");
// A generic backprop for any architecture of tanh/identity layers with squared error, written from the spec it is given.
writeFileSync(
  join(dir, "generic.mjs"),
  `export function backprop(input, target, w, spec) {
  const d = spec.layers, L = d.length - 1, off = [0, 0];
  for (let l = 1; l <= L; l++) off.push(off[l] + (d[l - 1] + 1) * d[l]);
  const th = (l, s) => (spec.activation[l - 1] === "tanh" ? Math.tanh(s) : s);
  const dth = (l, x) => (spec.activation[l - 1] === "tanh" ? 1 - x * x : 1);
  const x = [Array.from(input)];
  for (let l = 1; l <= L; l++) {
    x.push([]);
    for (let j = 0; j < d[l]; j++) {
      let s = w[off[l] + j];
      for (let i = 1; i <= d[l - 1]; i++) s += w[off[l] + i * d[l] + j] * x[l - 1][i - 1];
      x[l].push(th(l, s));
    }
  }
  const delta = x.map(() => []);
  for (let j = 0; j < d[L]; j++) delta[L][j] = 2 * (x[L][j] - target[j]) * dth(L, x[L][j]);
  for (let l = L; l >= 2; l--)
    for (let i = 1; i <= d[l - 1]; i++) {
      let sum = 0;
      for (let j = 0; j < d[l]; j++) sum += w[off[l] + i * d[l] + j] * delta[l][j];
      delta[l - 1][i - 1] = dth(l - 1, x[l - 1][i - 1]) * sum;
    }
  const gradient = [];
  for (let l = 1; l <= L; l++)
    for (let i = 0; i <= d[l - 1]; i++) for (let j = 0; j < d[l]; j++) gradient.push((i === 0 ? 1 : x[l - 1][i - 1]) * delta[l][j]);
  return { delta, gradient };
}`,
);

async function cli(...argv: string[]) {
  const io = memoryIo(root);
  const code = await run(argv, io);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
}

describe("gradcheck check --backprop", () => {
  it("passes a right backprop (exit 0) and says whose code it judged", async () => {
    const { code, out } = await cli("check", "--backprop", "examples/backprop/learner.mjs");
    expect(code).toBe(0);
    expect(out).toMatch(/^gradcheck check --backprop examples\/backprop\/learner.mjs: layers \[3, 4, 4, 4\], tanh, squared error/);
    expect(out).toMatch(/PASS backprop check passed: every δ\^\(l\) and ∂e\/∂w\^\(l\), l = 3..1, right/);
    expect(out).toMatch(/l=2 {5}right {5}right {7}yes {11}right/);
    expect(out).toContain("judges your backprop");
  });

  it("fails a slip (exit 1): the table, the first wrong layer, the slip by name", async () => {
    const { code, out } = await cli("check", "--backprop", "examples/backprop/slip-theta-prime-of-x.mjs");
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL backprop check failed: δ\^\(3\) right; δ\^\(2\) wrong in 4 of 4 units on sample 0: the recursion from layer 3 to 2/);
    expect(out).toMatch(/first wrong layer: 2/);
    expect(out).toMatch(/slip "theta-prime-of-x": θ' applied to x/);
  });

  it("--json: the report with ok, layers, firstWrongLayer, slip", async () => {
    const { code, out } = await cli("check", "--backprop", "examples/backprop/slip-wrong-layer-x.mjs", "--json");
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect([json.ok, json.firstWrongLayer, json.slip]).toEqual([false, 3, "wrong-layer-x"]);
    expect(json.layers.map((l: { l: number; deltaOk: boolean; gradientOk: boolean }) => [l.l, l.deltaOk, l.gradientOk])).toEqual([
      [1, true, false],
      [2, true, false],
      [3, true, false],
    ]);
  });

  it("a module without a spec takes --layers/--activation/--loss/--seed, and passes the spec to backprop", async () => {
    const { code, out } = await cli(
      "check",
      "--backprop",
      join(dir, "generic.mjs"),
      "--layers",
      "2,3,3,1",
      "--activation",
      "tanh,tanh,identity",
      "--seed",
      "4",
    );
    expect(code).toBe(0);
    expect(out).toMatch(/layers \[2, 3, 3, 1\], tanh, tanh, identity, squared error; 3 samples, seed 4/);
  });

  it("the user's code throwing is a failed check (exit 1), named on stderr", async () => {
    const { code, err } = await cli("check", "--backprop", join(dir, "throws.mjs"));
    expect(code).toBe(1);
    expect(err).toBe("FAIL checkBackprop: backprop(samples[0]) threw: delta is not defined");
  });

  it("bad usage is exit 2: no backprop export, a missing file, flags that contradict the module's spec", async () => {
    expect((await cli("check", "--backprop", join(dir, "no-backprop.mjs"))).err).toMatch(/must export backprop/);
    expect((await cli("check", "--backprop", join(dir, "missing.mjs"))).code).toBe(2);
    const contradicted = await cli("check", "--backprop", "examples/backprop/learner.mjs", "--layers", "2,2");
    expect([contradicted.code, contradicted.err]).toEqual([2, expect.stringMatching(/exports its spec; --layers would contradict it/)]);
    expect((await cli("check", "--backprop", "examples/backprop/learner.mjs", "--module", "x.mjs")).code).toBe(2);
  });
});

describe("gradcheck explain --backprop", () => {
  it("writes the derivation layer by layer with the user's numbers beside the right ones (exit 1 on a slip)", async () => {
    const { code, out } = await cli("explain", "--backprop", "examples/backprop/slip-missing-factor-2.mjs");
    expect(code).toBe(1);
    expect(out).toMatch(/output layer L=3: δ_j\^\(L\) = ∂e\/∂s_j\^\(L\)/);
    expect(out).toMatch(/j=0 {5}-0.56800284 {7}-1.1360057 {2}✗/);
    expect(out).toMatch(/layer l=2: δ_i\^\(2\) = θ'\(s_i\^\(2\)\) Σ_j w_ij\^\(3\) δ_j\^\(3\), from your δ\^\(3\)/);
    expect(out).toMatch(/slip "missing-factor-2"/);
  });

  it("exit 0 for a right backprop", async () => {
    const { code, out } = await cli("explain", "--backprop", "examples/backprop/learner-softmax.mjs");
    expect(code).toBe(0);
    expect(out).toMatch(/your forward: right at every layer/);
    expect(out).toMatch(/PASS backprop check passed/);
  });
});
