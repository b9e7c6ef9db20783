/**
 * Where a command writes, injected so that tests can call commands without a process.
 * Colours only when stdout is a terminal and NO_COLOR is unset. Progress on a terminal overwrites one line;
 * off a terminal (a CI log) it is a plain line, once a run has lasted a second and at most one a second,
 * so that short runs print none and long ones show they are alive.
 */
export interface Io {
  /** Writes to stdout (a newline is added). */
  out(text: string): void;
  /** Writes to stderr (a newline is added). */
  err(text: string): void;
  /**
   * Overwrites the current progress line on stderr; "" clears it. Off a terminal: a line, at most once a
   * second and not in the first second, unless `now` (a step known up front to be long) asks for it at once.
   */
  progress(text: string, now?: boolean): void;
  /** Whether to colour stdout. */
  readonly color: boolean;
  /** Directory that relative paths (--module, --spec, --report) resolve against. */
  readonly cwd: string;
}

/** The part of a stream the Io uses: process.stdout and process.stderr, or a test's stand-in. */
export interface Stream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Colour when the stream is a terminal, unless NO_COLOR is set to anything non-empty (no-color.org). */
export function wantsColor(stream: Stream, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}

/** Off a terminal, progress lines are at least this far apart, and the first comes this long after the start. */
export const PROGRESS_INTERVAL_MS = 1000;

/** The process's Io: its stdout and stderr, TTY and NO_COLOR honoured; `now` is the clock progress is paced by. */
export function processIo(
  stdout: Stream = process.stdout,
  stderr: Stream = process.stderr,
  env = process.env,
  cwd = process.cwd(),
  now: () => number = Date.now,
): Io {
  const tty = stderr.isTTY === true;
  let shown = false;
  let last = now();
  return {
    out: (text) => stdout.write(`${text}\n`),
    err(text) {
      if (shown) stderr.write("\r\x1b[2K");
      shown = false;
      stderr.write(`${text}\n`);
    },
    progress(text, immediately = false) {
      if (!tty) {
        const t = now();
        if (text === "" || (!immediately && t - last < PROGRESS_INTERVAL_MS)) return;
        last = t;
        stderr.write(`${text}\n`);
        return;
      }
      if (!shown && text === "") return;
      stderr.write(`\r\x1b[2K${text}`);
      shown = text !== "";
    },
    color: wantsColor(stdout, env),
    cwd,
  };
}

const paint =
  (code: number) =>
  (color: boolean, text: string): string =>
    color ? `\x1b[${code}m${text}\x1b[0m` : text;
export const green = paint(32);
export const red = paint(31);
export const bold = paint(1);
export const dim = paint(2);
