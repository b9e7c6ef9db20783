#!/usr/bin/env node
/** The command line. With no arguments it runs the main job. */
import { mainJob } from "./main.js";

const { text, ok } = mainJob();
process.stdout.write(`${text}\n`);
process.exitCode = ok ? 0 : 1;
