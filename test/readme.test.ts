/**
 * The README and docs/ show what the code does, and npm test holds them to it:
 * - every ```ts block is either a test file shown verbatim (run as a test by vitest) or a snippet run here;
 * - every ```js block is a --module for `gradcheck check`, run here, and must load and check (exit 0 or 1);
 * - every `npx gradcheck …` line of a ```sh block runs without bad usage, in a folder holding the page's modules;
 * - every `$ gradcheck …` transcript is replayed: each line shown must appear in what the command prints
 *   (a line "…" stands for lines left out; a line ending in "…" for the rest of a long line), and
 *   `$ echo $?` for the exit code;
 * - docs/cli.md holds every help text verbatim; relative links point at files that exist;
 * - docs/api.md's reference is what scripts/api.mjs generates from the current declarations.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import "gradcheck/vitest";
import { checkGradient, formatReport } from "gradcheck";
import { afterAll, describe, expect, it } from "vitest";
import { CHECK_HELP, DELTA_HELP, EXPLAIN_HELP, MAIN_HELP, SWEEP_HELP } from "../src/cli/help.js";
import { run } from "../src/cli/run.js";
import { memoryIo } from "./helpers/memory-io.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const pages = ["README.md", "CHANGELOG.md", ...readdirSync(join(root, "docs")).map((name) => `docs/${name}`)].filter((p) => p.endsWith(".md"));
const text = (page: string): string => readFileSync(join(root, page), "utf8");

/** The fenced blocks of a page: language (the info string's first word; "ts declaration" is no snippet) and body. */
function blocks(page: string): { lang: string; body: string }[] {
  return [...text(page).matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map(([, info, body]) => ({
    lang: info === "ts declaration" ? "declaration" : info.trim(),
    body,
  }));
}

/**
 * TSDoc @examples (in docs/api.md) are fragments: they get the imports of the names they use from the
 * package's entry points, unless they import them themselves.
 */
async function withImports(body: string): Promise<string> {
  const imported = new Set([...body.matchAll(/^import (?:\{([^}]*)\}|(\w+)) from/gm)].flatMap((m) => (m[1] ?? m[2]).split(",").map((n) => n.trim())));
  const lines: string[] = [];
  for (const entry of ["gradcheck", "gradcheck/arbitraries"]) {
    const names = Object.keys(await import(/* @vite-ignore */ entry)).filter((n) => !imported.has(n) && new RegExp(`\\b${n}\\b`).test(body));
    if (names.length > 0) lines.push(`import { ${names.join(", ")} } from "${entry}";`);
  }
  if (/\bexpect\(/.test(body) && !imported.has("expect")) lines.push('import "gradcheck/vitest";', 'import { expect } from "vitest";');
  return [...lines, body].join("\n");
}

const testFiles = readdirSync(join(root, "test"))
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => readFileSync(join(root, "test", f), "utf8"));

/** Snippets are written inside the repository, so that "gradcheck" resolves through vitest's aliases to the sources. */
const scratch = join(root, ".test-build");
mkdirSync(scratch, { recursive: true });
const snippets = mkdtempSync(join(scratch, "snippets-"));
let built = "";
/** The command line built with tsc into .test-build once, for the shell lines (--timeout needs the worker's .js file). */
function bin(): string {
  if (built === "") {
    built = mkdtempSync(join(scratch, "dist-"));
    execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(root, "tsconfig.json"), "--outDir", built], { cwd: root });
  }
  return built;
}
afterAll(() => {
  rmSync(snippets, { recursive: true, force: true });
  if (built !== "") rmSync(built, { recursive: true, force: true });
});

/** A folder with the examples and the page's own ```js modules, named as the page's commands name them. */
function workFolder(page: string): string {
  const dir = mkdtempSync(join(tmpdir(), "gradcheck-docs-"));
  cpSync(join(root, "examples"), join(dir, "examples"), { recursive: true });
  for (const { lang, body } of blocks(page)) if (lang === "js") for (const name of moduleNames(page)) writeFileSync(join(dir, name), body);
  return dir;
}
/** The module files a page's shell lines name: --module ./my-gradient.mjs. */
function moduleNames(page: string): string[] {
  return [...text(page).matchAll(/--module \.\/([\w-]+\.mjs)/g)].map((m) => m[1]).filter((name) => !name.startsWith("examples"));
}

/** argv of a command line: words, and "…" quoted words. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

async function gradcheck(argv: string[], cwd: string) {
  const io = memoryIo(cwd);
  const code = await run(argv, io);
  return {
    code,
    lines: [...io.stdout, ...io.stderr]
      .join("\n")
      .split("\n")
      .map((l) => l.trimEnd()),
  };
}

describe.each(pages)("%s", (page) => {
  const all = blocks(page);

  it("its ```ts blocks are test files shown verbatim, or snippets that run", async () => {
    for (const [n, { body }] of all.filter((b) => b.lang === "ts").entries()) {
      if (testFiles.includes(body)) continue;
      expect(body, `a ts block of ${page} calls test() but is no test file: make it one`).not.toMatch(/^\s*(test|it|describe)\(/m);
      const file = join(snippets, `${page.replace(/\W/g, "-")}-${n}.ts`);
      writeFileSync(file, page === "docs/api.md" ? await withImports(body) : body);
      const log = console.log;
      console.log = () => {};
      try {
        await import(/* @vite-ignore */ pathToFileURL(file).href);
      } finally {
        console.log = log;
      }
    }
  });

  it("its ```js modules load and check (exit 0 or 1, never bad usage)", async () => {
    const dir = workFolder(page);
    for (const { body } of all.filter((b) => b.lang === "js")) {
      writeFileSync(join(dir, "snippet.mjs"), body);
      const { code, lines } = await gradcheck(["check", "--module", "./snippet.mjs"], dir);
      expect([0, 1], lines.join("\n")).toContain(code);
    }
  });

  it("its `npx gradcheck …` lines run through the built bin without bad usage", () => {
    const dir = workFolder(page);
    for (const { body } of all.filter((b) => b.lang === "sh"))
      for (const line of body.split("\n").filter((l) => l.startsWith("npx gradcheck "))) {
        const command = line.replace(/\s+#.*$/, "");
        const child = spawnSync(process.execPath, [join(bin(), "cli.js"), ...words(command).slice(2)], { cwd: dir, encoding: "utf8" });
        expect([0, 1], `${command}\n${child.stdout}\n${child.stderr}`).toContain(child.status);
        expect(child.stdout, `${command} printed nothing:\n${child.stderr}`).not.toBe("");
        expect(child.stderr, `${command} crashed`).not.toMatch(/^\s+at /m);
      }
  });

  it("its `$ gradcheck …` transcripts are what the commands print", async () => {
    const dir = workFolder(page);
    for (const { body } of all.filter((b) => b.lang === "" && b.body.startsWith("$ gradcheck"))) {
      let last: { code: number; lines: string[] } | undefined;
      let command = "";
      for (const line of body.trimEnd().split("\n")) {
        if (line.startsWith("$ gradcheck")) {
          command = line.replace(/\s+#.*$/, "");
          last = await gradcheck(words(command).slice(2), dir);
        } else if (line === "$ echo $?") command = "echo";
        else if (command === "echo") expect(String(last?.code), "exit code").toBe(line);
        else if (line.trim() !== "…" && line !== "") {
          const shown = line.trimEnd();
          const found = shown.endsWith("…") ? last?.lines.some((l) => l.startsWith(shown.slice(0, -1))) : last?.lines.includes(shown);
          expect(found, `${page}: ${command} no longer prints\n${shown}\nit prints:\n${last?.lines.join("\n")}`).toBe(true);
        }
      }
    }
  });

  it("its relative links point at files that exist", () => {
    for (const [, target] of text(page).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const path = resolve(dirname(join(root, page)), target);
      expect(existsSync(path), `${page} links to ${target}`).toBe(true);
    }
  });
});

describe("README.md", () => {
  const readme = text("README.md");
  it("is the front door: at most 250 lines, install before line 40, the three uses and the docs map", () => {
    const lines = readme.split("\n");
    expect(lines.length).toBeLessThanOrEqual(250);
    expect(lines.findIndex((l) => l.includes("npm install --save-dev gradcheck"))).toBeLessThan(40);
    for (const heading of [
      "## Quick start",
      "### 1. In a test",
      "### 2. From the shell",
      "### 3. Learning backprop",
      "## Working on gradcheck",
      "## Documentation",
    ])
      expect(readme).toContain(heading);
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
  });
  it("says plainly which checks judge gradcheck's own engine", () => {
    expect(readme).toMatch(
      /`checkNetwork`, the matcher `toHaveCorrectBackprop` and the command\s+`gradcheck check` without `--module` judge \*\*gradcheck's own backprop engine\*\*/,
    );
  });
  it("its quick start is at most 10 lines of code", () => {
    const quick = readme.slice(readme.indexOf("## Quick start"));
    const code = /```ts\n([\s\S]*?)```/.exec(quick)?.[1] ?? "";
    expect(code.trimEnd().split("\n").length).toBeLessThanOrEqual(10);
  });
});

describe("the failure reports the README and the vitest guide show", () => {
  // The slip both pages use: x[0] * Math.cos(x[1]) for x[0] ** 2 * Math.cos(x[1]), the chain rule forgotten.
  const f = (x: Float64Array) => x[0] ** 2 * Math.sin(x[1]);
  const slip = (x: Float64Array) => [2 * x[0] * Math.sin(x[1]), x[0] * Math.cos(x[1])];
  it.each([
    ["README.md", "gradient check failed"],
    ["docs/testing-with-vitest.md", "Error: expected the claimed gradient"],
  ])("%s shows what the slip's check prints", async (page, start) => {
    const shown = blocks(page).find((b) => b.lang === "" && b.body.startsWith(start));
    expect(shown, `${page} has a block starting ${start}`).toBeDefined();
    let printed = formatReport(checkGradient(f, [1.5, 0.3], slip));
    if (page !== "README.md")
      try {
        expect(f).toHaveGradient([1.5, 0.3], slip);
      } catch (error) {
        printed = `Error: ${(error as Error).message}`;
      }
    const lines = printed.split("\n");
    for (const line of (shown?.body ?? "").trimEnd().split("\n")) {
      const found = line.endsWith("…") ? lines.some((l) => l.startsWith(line.slice(0, -1))) : lines.includes(line);
      expect(found, `${page} shows\n${line}\nbut the check prints\n${printed}`).toBe(true);
    }
  });
});

describe("docs/cli.md", () => {
  it.each([
    ["MAIN_HELP", MAIN_HELP],
    ["CHECK_HELP", CHECK_HELP],
    ["EXPLAIN_HELP", EXPLAIN_HELP],
    ["DELTA_HELP", DELTA_HELP],
    ["SWEEP_HELP", SWEEP_HELP],
  ])("holds %s verbatim (npm run cli-docs copies it)", (name, help) => {
    expect(text("docs/cli.md"), `docs/cli.md's ${name} is out of date: run npm run cli-docs`).toContain(
      `<!-- help:${name} -->\n\`\`\`\n${help}\n\`\`\`\n<!-- /help -->`,
    );
  });
});

describe("docs/api.md", () => {
  it("equals what scripts/api.mjs generates from the current declarations, every export with TSDoc", () => {
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
