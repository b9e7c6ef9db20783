/**
 * `gradcheck check --module … --timeout S` runs the module's check here, in a worker thread, so that the
 * main thread can stop an f that hangs: the worker's output is posted back line by line.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { CheckOptions } from "../check/check-gradient.js";
import type { Flags } from "./args.js";
import { checkModule } from "./check-module.js";
import type { Io } from "./io.js";
import { UsageError } from "./usage.js";

/** What the main thread sends: the command's inputs. */
export interface ModuleJob {
  path: string;
  flags: Flags;
  options: CheckOptions;
  cwd: string;
  color: boolean;
}

/** What the worker posts back. */
export type ModuleMessage =
  | { type: "out" | "err" | "progress"; text: string }
  | { type: "done"; code: number }
  | { type: "usage"; message: string; command: string; kind: UsageError["kind"]; argument: string };

const port = parentPort;
if (port !== null) {
  const job = workerData as ModuleJob;
  const post = (message: ModuleMessage): void => port.postMessage(message);
  const io: Io = {
    out: (text) => post({ type: "out", text }),
    err: (text) => post({ type: "err", text }),
    progress: (text) => post({ type: "progress", text }),
    color: job.color,
    cwd: job.cwd,
  };
  try {
    post({ type: "done", code: await checkModule(io, job.path, job.flags, job.options) });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    post({ type: "usage", message: error.message, command: error.command, kind: error.kind, argument: error.argument });
  }
}
