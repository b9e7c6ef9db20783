#!/usr/bin/env node
/** The command line, `gradcheck`: with no arguments the main job; see src/cli/run.ts for the commands. */
import { processIo } from "./cli/io.js";
import { run } from "./cli/run.js";

process.exitCode = await run(process.argv.slice(2), processIo());
