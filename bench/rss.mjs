// One full checkNetwork in a fresh process, for its peak memory: prints { seconds, peakMB, baselineMB }.
// Peak RSS is VmHWM from /proc/self/status: getrusage's maxRSS survives exec on Linux, so a child
// spawned by a large parent would report the parent's size. Elsewhere, maxRSS is the fallback.
import fs from "node:fs";
import { checkNetwork } from "../dist/index.js";
import { benchNetwork } from "./measure.mjs";

function peakMB() {
  try {
    const line = fs
      .readFileSync("/proc/self/status", "utf8")
      .split("\n")
      .find((l) => l.startsWith("VmHWM:"));
    if (line) return Number(line.split(/\s+/)[1]) / 1024;
  } catch {}
  return process.resourceUsage().maxRSS / 1024;
}

const layers = process.argv[2].split(",").map(Number);
const { network, samples } = benchNetwork(layers);
const baselineMB = peakMB();
const start = process.hrtime.bigint();
const report = checkNetwork(network, samples, { mode: "full" });
const seconds = Number(process.hrtime.bigint() - start) * 1e-9;
console.log(JSON.stringify({ layers, n: network.parameters.length, ok: report.ok, seconds, baselineMB, maxRSSMB: peakMB() }));
