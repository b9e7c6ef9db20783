/**
 * The package's version, from its package.json: two levels up from src/cli/ and from dist/cli/, further up
 * for a build placed elsewhere inside the repository (the tests build into .test-build/…).
 */
import { existsSync, readFileSync } from "node:fs";

function findVersion(): string {
  for (let up = "../../"; up.length <= 18; up += "../") {
    const file = new URL(`${up}package.json`, import.meta.url);
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (json.name === "gradcheck" && typeof json.version === "string") return json.version;
  }
  return "unknown";
}

export const VERSION: string = findVersion();
