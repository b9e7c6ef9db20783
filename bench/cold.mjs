// One cold check in this fresh process: `node bench/cold.mjs smooth|network <n>` prints the
// seconds of the first check (the library and the subject loaded first, not timed) and its
// evaluations. bench/small-checks.mjs spawns it once per sample.
import { checkGradient, checkNetwork } from "../dist/index.js";
import { benchNetwork } from "./measure.mjs";
import { NETWORK_OF_SIZE } from "./sizes.mjs";
import { smoothFunction } from "./smooth.mjs";

const [kind, size] = process.argv.slice(2);
const n = Number(size);
let run;
if (kind === "smooth") {
  const { f, gradient, x } = smoothFunction(n);
  const claimed = gradient(x);
  run = () => checkGradient(f, x, claimed, { mode: "full" });
} else {
  const { network, samples } = benchNetwork(NETWORK_OF_SIZE[n]);
  run = () => checkNetwork(network, samples, { mode: "full" });
}
const start = process.hrtime.bigint();
const report = run();
const seconds = Number(process.hrtime.bigint() - start) * 1e-9;
console.log(JSON.stringify({ seconds, evaluations: report.evaluations, ok: report.ok }));
