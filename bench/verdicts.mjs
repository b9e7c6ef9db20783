// The verdict benchmark: false alarms on right gradients, detection of gradients wrong by 1e-7
// relative to the gradient's scale on one coordinate, over seeded random networks of every
// activation and loss. Usage: node bench/verdicts.mjs [cases] [seed]
import * as library from "../dist/index.js";
import { mulberry, randomCase } from "./random-networks.mjs";

/**
 * Runs `cases` networks; each gives one right check (every coordinate) and one wrong one (one
 * coordinate off by `relative`·‖g‖∞). A wrong case is "below resolution" when the error put in
 * is no larger than that coordinate's bound in the right check: the smallest error the check
 * can tell from the noise of finite differences there (it happens when ‖g‖∞ is tiny next to the
 * error itself, in saturated networks). It is "at a kink" when the coordinate is not judged.
 */
export function verdicts(cases, seed = 1, relative = 1e-7, { createNetwork, checkNetwork } = library) {
  const random = mulberry(seed);
  const result = {
    cases,
    coordinates: 0,
    falseAlarms: [],
    wrong: 0,
    detected: 0,
    missedAtKink: 0,
    belowResolution: 0,
    belowResolutionLargestScale: 0,
    missed: [],
    kinks: 0,
    worstRatio: 0,
  };
  for (let c = 0; c < cases; c++) {
    const { network, samples, description } = randomCase(random, { createNetwork });
    const right = checkNetwork(network, samples, { mode: "full" });
    result.coordinates += right.checked.length;
    result.kinks += right.nonDifferentiable.length;
    result.worstRatio = Math.max(result.worstRatio, right.maxRatio);
    if (!right.ok) result.falseAlarms.push({ c, description, worst: right.mismatches[0] });
    const g = network.meanGradient(samples).gradient;
    const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    if (scale === 0) continue;
    const k = Math.floor(random.next() * g.length);
    const sign = random.next() < 0.5 ? -1 : 1;
    const claimed = Float64Array.from(g);
    claimed[k] += sign * relative * scale;
    const wrongNetwork = { ...network, meanGradient: () => ({ error: 0, gradient: claimed }) };
    const wrong = checkNetwork(wrongNetwork, samples, { mode: "full" });
    result.wrong++;
    if (wrong.mismatches.some((m) => m.index === k)) result.detected++;
    else if (wrong.nonDifferentiable.some((m) => m.index === k)) result.missedAtKink++;
    else if (relative * scale <= right.bound[k]) {
      result.belowResolution++;
      result.belowResolutionLargestScale = Math.max(result.belowResolutionLargestScale, scale);
    } else result.missed.push({ c, description, k, bound: wrong.bound[k], scale });
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cases = Number(process.argv[2] ?? 2000);
  const started = performance.now();
  const r = verdicts(cases, Number(process.argv[3] ?? 1));
  console.log(
    JSON.stringify(
      {
        ...r,
        falseAlarms: r.falseAlarms.slice(0, 5),
        missed: r.missed.slice(0, 5),
        falseAlarmCount: r.falseAlarms.length,
        missedCount: r.missed.length,
        seconds: (performance.now() - started) / 1000,
      },
      null,
      1,
    ),
  );
}
