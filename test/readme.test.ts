/**
 * The README shows what the code does: its logistic-regression and arbitraries examples are tests,
 * and its API section is generated from the declarations tsc emits for the current sources.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");

describe("README.md", () => {
  it.each(["logistic-regression.test.ts", "arbitraries-example.test.ts", "backprop-readme.test.ts"])(
    "shows test/%s verbatim as an example",
    (file) => {
      const test = readFileSync(join(root, "test", file), "utf8");
      expect(readme).toContain(`\`\`\`ts\n${test}\`\`\``);
    },
  );

  it("has an API section equal to what scripts/api.mjs generates from the current declarations, every export with TSDoc", () => {
    const dir = mkdtempSync(join(tmpdir(), "gradcheck-api-"));
    try {
      const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
      const build = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json", "--emitDeclarationOnly", "--outDir", dir], {
        cwd: root,
        encoding: "utf8",
      });
      expect(build.status, build.stdout).toBe(0);
      const check = spawnSync(process.execPath, [join(root, "scripts", "api.mjs"), "--check", dir], { cwd: root, encoding: "utf8" });
      expect(check.stderr).toBe("");
      expect(check.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
