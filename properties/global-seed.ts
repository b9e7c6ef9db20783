/**
 * The suite's seed, chosen once per `vitest run` and handed to every test file (setup.ts), so
 * that one number replays a whole run: GRADCHECK_SEED when set (CI derives it from the commit,
 * see .ci/run), else a fresh random one. It is printed at the start, and again beside every
 * failing test.
 */
import { randomInt } from "node:crypto";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    gradcheckSeed: number;
  }
}

/** A seed as fast-check takes it: an integer in [0, 2^31). */
export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined || text === "") return undefined;
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 31) throw new Error(`GRADCHECK_SEED must be an integer in [0, 2^31), received "${text}"`);
  return seed;
}

export default function setup(project: TestProject): void {
  const given = parseSeed(process.env.GRADCHECK_SEED);
  const seed = given ?? randomInt(2 ** 31);
  project.provide("gradcheckSeed", seed);
  console.log(`property suite seed: ${seed} (${given === undefined ? "random" : "from GRADCHECK_SEED"}; GRADCHECK_SEED=${seed} replays this run)`);
}
