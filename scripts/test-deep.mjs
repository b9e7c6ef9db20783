#!/usr/bin/env node
/**
 * npm run test:deep — the property suite at many times its usual run count, over several seeds,
 * to hunt the edges a plain `npm test` meets only by chance. Each failure is reported with the
 * suite seed that replays it, fast-check's own seed and path, and the shrunk counterexample.
 *
 *   npm run test:deep -- [--runs 20000] [--seeds 3 | --seed 12,34] [--files properties/] [--timeout 1800]
 *
 * Exits 1 when any property failed, 0 when every seed ran clean.
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function option(name, fallback) {
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at < 0) return fallback;
  return args[at].includes("=") ? args[at].slice(name.length + 3) : args[at + 1];
}

const runs = Number(option("runs", "20000"));
const seeds = option("seed", undefined)?.split(",").map(Number) ?? Array.from({ length: Number(option("seeds", "3")) }, () => randomInt(2 ** 31));
const files = option("files", "properties/").split(",");
const timeout = Number(option("timeout", "3600"));
for (const [name, v] of [["runs", runs], ["timeout", timeout], ...seeds.map((s) => ["seed", s])])
  if (!Number.isInteger(v) || v < 0) {
    console.error(`test:deep: --${name} must be a non-negative integer, received ${v}`);
    process.exit(2);
  }

/** The fast-check block of a failure message: its seed and path, the counterexample, and the first line of the cause. */
function summarise(message) {
  const lines = message.split("\n");
  // vitest's JSON report gives a test that ran out of time the bare message STACK_TRACE_ERROR.
  if (/STACK_TRACE_ERROR|timed out/i.test(lines[0]))
    return ["timed out: vitest's per-test timeout, not a counterexample (rerun on a quieter machine)"];
  const pick = (re) => lines.find((l) => re.test(l))?.trim();
  const counterexample = pick(/^Counterexample:/) ?? "";
  return [
    pick(/^Property failed after/) ?? lines[0].trim(),
    pick(/^\{ seed:/) ?? "",
    counterexample.length > 600 ? `${counterexample.slice(0, 600)} …` : counterexample,
    pick(/^Got /) ?? "",
  ].filter(Boolean);
}

const dir = mkdtempSync(join(tmpdir(), "gradcheck-deep-"));
const started = Date.now();
let failures = 0;
let tests = 0;
for (const seed of seeds) {
  const out = join(dir, `${seed}.json`);
  const t0 = Date.now();
  // Each property's time grows with the run count: vitest's per-test timeout (120 s at the default 1000
  // runs, vitest.config.ts) grows with it, or a long property on a loaded machine times out at 20000 runs
  // (seed 1, 2026-12-03: relu + squared, 69 s alone, over 120 s at load 13) and reads as a failure.
  const testTimeout = Math.max(120_000, Math.round((120_000 * runs) / 1000));
  const run = spawnSync("npx", ["vitest", "run", ...files, "--reporter=json", `--outputFile=${out}`, `--testTimeout=${testTimeout}`], {
    env: { ...process.env, GRADCHECK_SEED: String(seed), GRADCHECK_RUNS: String(runs) },
    encoding: "utf8",
    timeout: timeout * 1000,
    maxBuffer: 1 << 28,
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  let report;
  try {
    report = JSON.parse(readFileSync(out, "utf8"));
  } catch {
    failures++;
    console.log(`seed ${seed}: the run produced no report (${run.error ? run.error.message : `exit ${run.status}`}) after ${seconds} s`);
    console.log((run.stderr ?? "").split("\n").slice(-20).join("\n"));
    continue;
  }
  const failed = report.testResults.flatMap((file) =>
    file.assertionResults.filter((t) => t.status === "failed").map((t) => ({ file: file.name.replace(`${process.cwd()}/`, ""), t })),
  );
  const suiteErrors = report.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0);
  tests += report.numTotalTests;
  failures += failed.length + suiteErrors.length;
  console.log(
    `seed ${seed}: ${report.numPassedTests} passed, ${failed.length} failed of ${report.numTotalTests} tests, ${runs} runs each (share-scaled), ${seconds} s`,
  );
  for (const { file, t } of failed) {
    console.log(`  ✗ ${file} > ${t.fullName}`);
    console.log(`    replay: GRADCHECK_SEED=${seed} GRADCHECK_RUNS=${runs} npx vitest run ${file} -t ${JSON.stringify(t.title)}`);
    for (const line of summarise(t.failureMessages.join("\n"))) console.log(`    ${line}`);
  }
  for (const file of suiteErrors) console.log(`  ✗ ${file.name}: ${file.message}`);
}
rmSync(dir, { recursive: true, force: true });
const total = ((Date.now() - started) / 1000).toFixed(0);
console.log(`test:deep: ${seeds.length} seed(s) × GRADCHECK_RUNS=${runs}: ${tests} tests, ${failures} failed, ${total} s`);
process.exit(failures === 0 ? 0 : 1);
