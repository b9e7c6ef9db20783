/** `gradcheck check --module` with a module exporting hessian beside f. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/run.js";
import { memoryIo } from "./helpers/memory-io.js";

const dir = mkdtempSync(join(tmpdir(), "gradcheck-cli-hessian-"));
const f = "export const f = (x) => x[0] ** 2 * Math.sin(x[1]);";
writeFileSync(
  join(dir, "good.mjs"),
  `${f}\nexport const hessian = (x) => [[2 * Math.sin(x[1]), 2 * x[0] * Math.cos(x[1])], [2 * x[0] * Math.cos(x[1]), -(x[0] ** 2) * Math.sin(x[1])]];\nexport const points = [[1.5, 0.3], [-2, 1]];`,
);
writeFileSync(
  join(dir, "bad.mjs"),
  `${f}\nexport const hessian = (x) => [[2 * Math.sin(x[1]), 2 * x[0] * Math.cos(x[1])], [2 * x[0] * Math.cos(x[1]), (x[0] ** 2) * Math.sin(x[1])]];\nexport const x = [1.5, 0.3];`,
);
writeFileSync(join(dir, "shape.mjs"), `${f}\nexport const hessian = () => [[1, 2]];\nexport const x = [1.5, 0.3];`);

async function call(argv: string[]) {
  const io = memoryIo(dir);
  const code = await run(argv, io);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
}

describe("gradcheck check --module with hessian", () => {
  it("passes a right Hessian at every point (exit 0)", async () => {
    const { code, out } = await call(["check", "--module", "./good.mjs"]);
    expect(out).toContain("the Hessian at 2 points");
    expect(out).toContain("PASS points[1]: Hessian check passed: 4 of 4 entries agree");
    expect(code).toBe(0);
  });
  it("fails a wrong entry with its name (exit 1), and --json carries the report", async () => {
    const { code, out } = await call(["check", "--module", "./bad.mjs"]);
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL x: Hessian check FAILED[\s\S]*H\[1\]\[1\]/);
    const json = await call(["check", "--module", "./bad.mjs", "--json"]);
    expect(JSON.parse(json.out).points[0].mismatches[0].name).toBe("H[1][1]");
  });
  it("a Hessian of the wrong shape is bad usage (exit 2), naming the argument", async () => {
    const { code, err } = await call(["check", "--module", "./shape.mjs"]);
    expect(code).toBe(2);
    expect(err).toContain("hessian.length must be 2 rows");
    expect((await call(["check", "--module", "./good.mjs", "--report", "out.html"])).code).toBe(2);
  });
});
