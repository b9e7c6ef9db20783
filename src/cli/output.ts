/**
 * Text shared by the checking commands: the per-layer table, the worst coordinates, the verdict, writing the HTML file.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { explainMismatch, formatReport, type GradientCheckReport } from "../check/report.js";
import type { Cell } from "../report-html/model.js";
import { bold, green, type Io, red } from "./io.js";
import type { LayerSummary } from "./report-data.js";
import { UsageError } from "./usage.js";

const short = (v: number): string => (Number.isFinite(v) ? v.toExponential(1) : String(v));
const sci = (v: number): string => (Number.isFinite(v) ? v.toExponential(6) : String(v));

export function layerTable(layers: readonly LayerSummary[]): string[] {
  const lines = [`  ${"layer".padEnd(8)}${"parameters".padEnd(13)}${"checked".padEnd(10)}${"worst |a − n|/bound".padEnd(22)}mismatches`];
  for (const s of layers)
    lines.push(
      `  ${`l=${s.l}`.padEnd(8)}${String(s.parameters).padEnd(13)}${String(s.checked).padEnd(10)}${(s.checked === 0 ? "—" : short(s.worstRatio)).padEnd(22)}${s.mismatches}`,
    );
  return lines;
}

/** "worst coordinates:" and their rows; nothing when no coordinate was judged one by one. */
export function worstTable(cells: readonly Cell[]): string[] {
  if (cells.length === 0) return [];
  const width = Math.max(12, ...cells.map((c) => c.name.length)) + 2;
  const lines = [
    "worst coordinates:",
    `  ${"coordinate".padEnd(width)}${"analytic".padEnd(17)}${"numeric".padEnd(17)}${"|a − n|".padEnd(11)}${"bound".padEnd(11)}ratio`,
  ];
  for (const c of cells)
    lines.push(
      `  ${c.name.padEnd(width)}${sci(c.analytic).padEnd(17)}${sci(c.numeric).padEnd(17)}${short(Math.abs(c.analytic - c.numeric)).padEnd(11)}${short(c.bound).padEnd(11)}${short(c.ratio)}`,
    );
  return lines;
}

/** The library's replay hint, "pass { seed: 1 } to replay", as the command line says it: "--seed 1 replays it". */
const inCliWords = (line: string): string => line.replace(/\(pass \{ seed: (-?\d+) \} to replay\)/, "(--seed $1 replays it)");

/** "PASS gradient check passed: …" or "FAIL …" with the worst mismatch explained, what the mode covered, and the seed. */
export function verdictLines(color: boolean, ok: boolean, reports: GradientCheckReport[]): string[] {
  const word = ok ? green(color, bold(color, "PASS")) : red(color, bold(color, "FAIL"));
  if (reports.length === 1) {
    // formatReport with no table rows: the headline and its closing lines (worst, kinks, coverage, Taylor order, seed)
    const text = formatReport(reports[0], 0).split("\n");
    return [
      `${word} ${text[0]}`,
      ...text
        .slice(1)
        .filter((line) => !/^ {2}(parameter |… and \d+ more$)/.test(line))
        .map(inCliWords),
    ];
  }
  const lines = [`${word} ${reports.filter((r) => r.ok).length} of ${reports.length} points pass`];
  reports.forEach((r, p) => {
    if (r.mismatches.length > 0) lines.push(`  points[${p}], worst: ${explainMismatch(r.mismatches[0])}`);
    else if (!r.ok) lines.push(`  points[${p}]: ${formatReport(r).split("\n")[0]}`);
  });
  lines.push(`  ${reports[0].coverage.split(":")[0]} mode; seed ${reports[0].seed} (--seed ${reports[0].seed} replays it)`);
  return lines;
}

/** Writes the HTML report; an unwritable path is bad usage. */
export function writeReport(io: Io, command: string, path: string, html: string): void {
  const target = resolve(io.cwd, path);
  try {
    writeFileSync(target, html);
  } catch (error) {
    throw new UsageError(`gradcheck ${command}: cannot write --report ${path}: ${(error as Error).message}`, command);
  }
  io.err(`report written to ${target}`);
}
