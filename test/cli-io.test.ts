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
  it("off a terminal, writes no progress in a short run (under a second)", () => {
    const err = stream(false);
    let clock = 0;
    const io = processIo(stream(false), err, {}, "/", () => clock);
    io.progress("point 1 of 2…");
    clock = 999;
    io.progress("point 2 of 2…");
    io.progress("");
    io.err("done");
    expect(err.text).toBe("done\n");
  });
  it("off a terminal, a long run prints progress as plain lines, at most one a second", () => {
    const err = stream(false);
    let clock = 0;
    const io = processIo(stream(false), err, {}, "/", () => clock);
    for (const [t, text] of [
      [500, "a"],
      [1000, "b"],
      [1500, "c"],
      [1999, "d"],
      [2000, "e"],
      [5000, "f"],
    ] as const) {
      clock = t;
      io.progress(text);
    }
    expect(err.text).toBe("b\ne\nf\n");
  });
  it("off a terminal, a step known to be long is announced at once", () => {
    const err = stream(false);
    const io = processIo(stream(false), err, {}, "/", () => 0);
    io.progress("checking 2000000 parameters, about 50 s…", true);
    expect(err.text).toBe("checking 2000000 parameters, about 50 s…\n");
  });
});
