// One full checkNetwork in a fresh process, for its peak memory: prints { seconds, maxRSSMB, baselineMB }.
import { checkNetwork } from "../dist/index.js";
import { benchNetwork } from "./measure.mjs";

const layers = process.argv[2].split(",").map(Number);
const { network, samples } = benchNetwork(layers);
const baselineMB = process.resourceUsage().maxRSS / 1024;
const start = process.hrtime.bigint();
const report = checkNetwork(network, samples, { mode: "full" });
const seconds = Number(process.hrtime.bigint() - start) * 1e-9;
console.log(JSON.stringify({ layers, n: network.parameters.length, ok: report.ok, seconds, baselineMB, maxRSSMB: process.resourceUsage().maxRSS / 1024 }));
