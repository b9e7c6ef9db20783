/**
 * Runs `gradcheck check` in a worker thread, for two things a synchronous check cannot do on its own thread:
 * a deadline (--timeout: an f that loops forever is stopped, exit 2 naming where it was), and a heartbeat
 * (a long network check prints "checking … parameters, 12 s" on stderr, at most once a second, also off a
 * terminal). The worker is the built check-worker.js; running from the TypeScript sources there is none.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isMainThread, Worker } from "node:worker_threads";
import type { Io } from "./io.js";
import { UsageError } from "./usage.js";

/** What the main thread sends: the check's arguments. */
export interface WorkerJob {
  argv: readonly string[];
  cwd: string;
  color: boolean;
}

/** What the worker posts back. */
export type WorkerMessage =
  | { type: "out" | "err" | "progress"; text: string }
  | { type: "done"; code: number }
  | { type: "usage"; message: string; command: string; kind: UsageError["kind"]; argument: string };

const WORKER = new URL("./check-worker.js", import.meta.url);

/** Whether a check can move to a worker: on the main thread, from a build that has the worker's file. */
export function workerAvailable(): boolean {
  return isMainThread && existsSync(fileURLToPath(WORKER));
}

export interface WorkerOptions {
  /** Stop the worker after this many seconds: a UsageError of kind "timeout". */
  timeout?: number;
  /** Say this, with the seconds elapsed, once a second while the worker runs. */
  heartbeat?: string;
  /** How the timeout message names what timed out, e.g. "--module ./m.mjs". */
  what?: string;
}

export function runCheckInWorker(io: Io, argv: readonly string[], options: WorkerOptions): Promise<number> {
  if (!workerAvailable())
    throw new UsageError("gradcheck check: --timeout needs the built command line (dist/cli.js): run it with node, not from the sources", "check");
  const worker = new Worker(WORKER, { workerData: { argv, cwd: io.cwd, color: io.color } satisfies WorkerJob });
  const started = Date.now();
  let where = "while loading";
  return new Promise<number>((done, fail) => {
    const finish = (): void => {
      clearTimeout(deadline);
      clearInterval(beat);
      void worker.terminate();
      io.progress("");
    };
    const deadline =
      options.timeout === undefined
        ? undefined
        : setTimeout(() => {
            finish();
            fail(
              new UsageError(
                `gradcheck check: ${options.what ?? "the check"} did not finish within --timeout ${options.timeout} s (${where}): f or gradient may loop forever, or be far slower than expected`,
                "check",
                "timeout",
                "--timeout",
              ),
            );
          }, options.timeout * 1000);
    const beat =
      options.heartbeat === undefined
        ? undefined
        : setInterval(() => io.progress(`${options.heartbeat}, ${Math.round((Date.now() - started) / 1000)} s…`), 1000);
    worker.on("message", (message: WorkerMessage) => {
      switch (message.type) {
        case "out":
          return io.out(message.text);
        case "err":
          return io.err(message.text);
        case "progress":
          if (message.text !== "") where = `at ${message.text.replace(/:.*$/, "")}`;
          return io.progress(message.text);
        case "done":
          finish();
          return done(message.code);
        case "usage":
          finish();
          return fail(new UsageError(message.message, message.command, message.kind, message.argument));
      }
    });
    worker.on("error", (error) => {
      finish();
      fail(error);
    });
  });
}
