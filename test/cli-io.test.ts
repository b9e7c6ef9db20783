import { describe, expect, it } from "vitest";
import { processIo, type Stream } from "../src/cli/io.js";

const stream = (isTTY: boolean): Stream & { text: string } => {
  const s = { isTTY, text: "", write: (t: string) => (s.text += t) };
  return s;
};

describe("the process Io", () => {
  it("colours a terminal, but not a pipe, and never when NO_COLOR is set", () => {
    expect(processIo(stream(true), stream(true), {}).color).toBe(true);
    expect(processIo(stream(false), stream(true), {}).color).toBe(false);
    expect(processIo(stream(true), stream(true), { NO_COLOR: "1" }).color).toBe(false);
  });
  it("shows progress on a terminal stderr and clears it before the next message", () => {
    const err = stream(true);
    const io = processIo(stream(false), err, {});
    io.progress("point 1 of 2…");
    io.err("done");
    expect(err.text).toBe("\r\x1b[2Kpoint 1 of 2…\r\x1b[2Kdone\n");
  });
  it("writes no progress at all when stderr is not a terminal", () => {
    const err = stream(false);
    const io = processIo(stream(false), err, {});
    io.progress("point 1 of 2…");
    io.progress("");
    io.err("done");
    expect(err.text).toBe("done\n");
  });
});
