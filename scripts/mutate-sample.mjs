// Writes reports/mutate-sample.json: a seeded random sample of the source lines of src/numeric/
// and src/check/ (a fraction of each file's lines that hold code), as Stryker `mutate` ranges,
// which stryker.sample.config.mjs reads. `npm run mutate:sample` (fraction 0.3, seed 7) mutates
// only those lines: a cluster sample of the mutants, an estimate of the score in a third of the
// time. Usage: node scripts/mutate-sample.mjs [fraction] [seed]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";

const [fraction = 0.3, seed = 1] = process.argv.slice(2).map(Number);
let state = seed >>> 0;
const next = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const ranges = [];
for (const dir of ["src/numeric", "src/check"])
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort()) {
    const lines = readFileSync(`${dir}/${name}`, "utf8").split("\n");
    lines.forEach((line, i) => {
      const code = line.trim();
      if (code === "" || code.startsWith("//") || code.startsWith("*") || code.startsWith("/*") || code.startsWith("import ")) return;
      if (next() < fraction) ranges.push(`${dir}/${name}:${i + 1}-${i + 1}`);
    });
  }
mkdirSync("reports", { recursive: true });
writeFileSync("reports/mutate-sample.json", JSON.stringify(ranges));
process.stdout.write(ranges.join(","));
