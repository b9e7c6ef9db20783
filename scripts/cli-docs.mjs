// docs/cli.md's help blocks, copied from the built help texts (dist/cli/help.js) so that the reference never drifts.
//
//   node scripts/cli-docs.mjs            rewrites each block between <!-- help:NAME --> and <!-- /help --> in docs/cli.md
//
// test/readme.test.ts fails when a block differs from the help text; `npm run cli-docs` (build first) fixes it.
import { readFileSync, writeFileSync } from "node:fs";

const help = await import(new URL("../dist/cli/help.js", import.meta.url).href);
const target = new URL("../docs/cli.md", import.meta.url);
const text = readFileSync(target, "utf8");
const updated = text.replace(/<!-- help:(\w+) -->\n[\s\S]*?<!-- \/help -->/g, (_, name) => {
  if (typeof help[name] !== "string") throw new Error(`docs/cli.md names ${name}, which src/cli/help.ts does not export`);
  return `<!-- help:${name} -->\n\`\`\`\n${help[name]}\n\`\`\`\n<!-- /help -->`;
});
writeFileSync(target, updated);
