/** `gradcheck check --module` with a vector map: jacobian, vjp or jvp beside f; exit codes 0, 1, 2. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/run.js";
import { memoryIo } from "./helpers/memory-io.js";

const dir = mkdtempSync(join(tmpdir(), "gradcheck-cli-jacobian-"));
const arm = `export const f = (q) => [Math.cos(q[0]) + Math.cos(q[0] + q[1]), Math.sin(q[0]) + Math.sin(q[0] + q[1])];
const J = (q) => [[-Math.sin(q[0]) - Math.sin(q[0] + q[1]), -Math.sin(q[0] + q[1])], [Math.cos(q[0]) + Math.cos(q[0] + q[1]), Math.cos(q[0] + q[1])]];
export const points = [[0.3, 1.1], [-1, 0.5]];`;
writeFileSync(join(dir, "arm.mjs"), `${arm}\nexport const jacobian = J;`);
writeFileSync(join(dir, "arm-bad.mjs"), `${arm}\nexport const jacobian = (q) => { const j = J(q); j[1][0] = -j[1][0]; return j; };`);
writeFileSync(
  join(dir, "arm-vjp.mjs"),
  `${arm}\nexport const vjp = (q, v) => { const j = J(q); return [v[0] * j[0][0] + v[1] * j[1][0], v[0] * j[0][1] + v[1] * j[1][1]]; };`,
);
writeFileSync(join(dir, "arm-jvp.mjs"), `${arm}\nexport const jvp = (q, t) => J(q).map((r) => r[0] * t[0] + r[1] * t[1]);`);
writeFileSync(join(dir, "arm-short.mjs"), `${arm}\nexport const jvp = () => [1];`);

async function call(argv: string[]) {
  const io = memoryIo(dir, false);
  const code = await run(argv, io);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
}

describe("gradcheck check --module with a vector map", () => {
  it("passes a right jacobian, vjp or jvp (exit 0)", async () => {
    for (const file of ["arm.mjs", "arm-vjp.mjs", "arm-jvp.mjs"]) {
      const { code, out } = await call(["check", "--module", `./${file}`]);
      expect(code, out).toBe(0);
      expect(out).toContain("check passed");
    }
  });
  it("fails a wrong Jacobian (exit 1), naming the entry; --json carries the report", async () => {
    const { code, out } = await call(["check", "--module", "./arm-bad.mjs"]);
    expect(code).toBe(1);
    expect(out).toContain("J[1][0]");
    const json = await call(["check", "--module", "./arm-bad.mjs", "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).points[0].mismatches[0].name).toBe("J[1][0]");
  });
  it("a claim of the wrong length is bad usage (exit 2)", async () => {
    const { code, err } = await call(["check", "--module", "./arm-short.mjs"]);
    expect(code).toBe(2);
    expect(err).toMatch(/jvp\(x, e_0\)\.length/);
  });
});
