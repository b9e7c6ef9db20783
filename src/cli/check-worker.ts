/**
 * A `gradcheck check` run in a worker thread (see worker-run.ts): the main thread keeps a deadline
 * (--timeout) and a heartbeat while the check runs here; the output is posted back line by line.
 */
import { parentPort, workerData } from "node:worker_threads";
import { checkCommand } from "./check.js";
import type { Io } from "./io.js";
import { UsageError } from "./usage.js";
import type { WorkerJob, WorkerMessage } from "./worker-run.js";

const port = parentPort;
if (port !== null) {
  const job = workerData as WorkerJob;
  const post = (message: WorkerMessage): void => port.postMessage(message);
  const io: Io = {
    out: (text) => post({ type: "out", text }),
    err: (text) => post({ type: "err", text }),
    progress: (text) => post({ type: "progress", text }),
    color: job.color,
    cwd: job.cwd,
  };
  try {
    post({ type: "done", code: await checkCommand(job.argv, io) });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    post({ type: "usage", message: error.message, command: error.command, kind: error.kind, argument: error.argument });
  }
}
