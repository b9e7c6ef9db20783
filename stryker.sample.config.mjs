// `npm run mutate:sample`: stryker.config.mjs on a seeded sample of the lines of src/numeric/ and
// src/check/ (reports/mutate-sample.json, written by scripts/mutate-sample.mjs). See docs/mutation.md.
import { readFileSync } from "node:fs";
import base from "./stryker.config.mjs";

export default { ...base, mutate: JSON.parse(readFileSync("reports/mutate-sample.json", "utf8")), incremental: false };
