/**
 * Where a command writes, injected so that tests can call commands without a process.
 * Colours only when stdout is a terminal and NO_COLOR is unset; progress only when stderr is a terminal.
 */
export interface Io {
  /** Writes to stdout (a newline is added). */
  out(text: string): void;
  /** Writes to stderr (a newline is added). */
  err(text: string): void;
  /** Overwrites the current progress line on stderr; "" clears it. A no-op unless stderr is a terminal. */
  progress(text: string): void;
  /** Whether to colour stdout. */
  readonly color: boolean;
  /** Directory that relative paths (--module, --spec, --report) resolve against. */
  readonly cwd: string;
}

/** The process's Io: stdout/stderr of this process, TTY and NO_COLOR honoured. */
export function processIo(): Io {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "";
  const tty = process.stderr.isTTY === true;
  let shown = false;
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    progress(text) {
      if (!tty || (!shown && text === "")) return;
      process.stderr.write(`\r\x1b[2K${text}`);
      shown = text !== "";
    },
    color: process.stdout.isTTY === true && !noColor,
    cwd: process.cwd(),
  };
}

const paint = (code: number) => (color: boolean, text: string): string => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
export const green = paint(32);
export const red = paint(31);
export const bold = paint(1);
export const dim = paint(2);
