/** An Io that records what a command writes, for calling commands in-process. */
import type { Io } from "../../src/cli/io.js";

export interface MemoryIo extends Io {
  stdout: string[];
  stderr: string[];
  progressLines: string[];
}

export function memoryIo(cwd = process.cwd(), color = false): MemoryIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const progressLines: string[] = [];
  return {
    stdout,
    stderr,
    progressLines,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    progress: (text) => progressLines.push(text),
    color,
    cwd,
  };
}
