// Container logs as Docker sends them. Without a TTY, stdout and stderr are multiplexed into
// frames: an 8-byte header [stream, 0, 0, 0, size as uint32 big-endian] then `size` bytes.
// With a TTY there is one plain byte stream. Both end up as lines tagged with their stream.
import { DomainError } from "../../lib/errors.ts";
import type { LogLine } from "../../protocol/index.ts";

export interface Frame {
  stream: "stdout" | "stderr";
  payload: Uint8Array;
}

const HEADER = 8;
/** Docker cuts log messages at 16 KiB (plus a timestamp); anything far bigger is not a frame. */
const MAX_FRAME = 1 << 20;
/** Longest line text kept; the rest of a longer line is cut, so one line cannot hold the memory. */
export const MAX_LINE = 16 * 1024;
/** Longest unfinished line buffered: room for a line and its timestamp. */
export const MAX_PENDING = MAX_LINE + 64;

/** Feeds on chunks cut anywhere (mid-header, mid-payload) and returns the frames completed so far. */
export class FrameDecoder {
  private buf = new Uint8Array(0);

  push(chunk: Uint8Array): Frame[] {
    const buf = this.buf.length ? concat(this.buf, chunk) : chunk;
    const frames: Frame[] = [];
    let at = 0;
    while (buf.length - at >= HEADER) {
      const type = buf[at]!;
      if (type > 2 || buf[at + 1] !== 0 || buf[at + 2] !== 0 || buf[at + 3] !== 0) {
        throw new DomainError("unavailable", "docker_stream_broken", "The log stream is not in Docker's multiplexed format.");
      }
      const size = ((buf[at + 4]! << 24) | (buf[at + 5]! << 16) | (buf[at + 6]! << 8) | buf[at + 7]!) >>> 0;
      if (size > MAX_FRAME) throw new DomainError("unavailable", "docker_stream_broken", `A log frame of ${size} bytes is not plausible.`);
      if (buf.length - at - HEADER < size) break;
      // stdin (0) never carries output; Docker does not send it for logs.
      frames.push({ stream: type === 2 ? "stderr" : "stdout", payload: buf.subarray(at + HEADER, at + HEADER + size) });
      at += HEADER + size;
    }
    this.buf = buf.slice(at); // copy: the frames above keep views into `buf`, the rest must not pin it
    return frames;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;

/** "2024-05-01T10:00:00.123456789Z text" -> ts + text when Docker was asked for timestamps. */
export function toLine(stream: LogLine["stream"], raw: string, timestamps: boolean): LogLine {
  const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  // The first space, then the pattern on that short prefix: 4x faster than one anchored regex
  // over the whole line, which matters when a search reads a log of millions of lines.
  const sp = timestamps ? line.indexOf(" ") : -1;
  const ts = sp > 0 && sp <= 40 && TS.test(line.slice(0, sp)) ? line.slice(0, sp) : null;
  const text = ts ? line.slice(sp + 1) : line;
  return { stream, ts, text: text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text };
}

/**
 * Splits a plain (TTY) stream into lines across chunk boundaries. An unfinished line is emitted
 * in MAX_PENDING pieces rather than buffered without bound.
 */
export class LineSplitter {
  private pending = "";
  private readonly decoder = new TextDecoder();

  push(bytes: Uint8Array): string[] {
    this.pending += this.decoder.decode(bytes, { stream: true });
    const parts = this.pending.split("\n");
    this.pending = parts.pop()!;
    while (this.pending.length > MAX_PENDING) {
      parts.push(this.pending.slice(0, MAX_PENDING));
      this.pending = this.pending.slice(MAX_PENDING);
    }
    return parts;
  }

  /** What is left when the stream ends (a last line without a newline). */
  flush(): string[] {
    const rest = this.pending + this.decoder.decode();
    this.pending = "";
    return rest ? [rest] : [];
  }
}

const utf8 = new TextDecoder();

/**
 * The lines of one frame. Docker writes each log message as its own frame (a line longer than
 * 16 KiB becomes several messages, each with its own timestamp), so a frame ends a line even
 * without a newline: joining it with the next would glue that timestamp into the text.
 */
export function frameLines(payload: Uint8Array): string[] {
  const text = utf8.decode(payload);
  return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
}

/** Turns a logs response body into lines, multiplexed or plain (TTY). */
export async function* logLines(body: ReadableStream<Uint8Array> | null, tty: boolean, timestamps: boolean): AsyncIterable<LogLine> {
  if (!body) return;
  if (tty) {
    const splitter = new LineSplitter();
    for await (const chunk of body) for (const raw of splitter.push(chunk)) yield toLine("stdout", raw, timestamps);
    for (const raw of splitter.flush()) yield toLine("stdout", raw, timestamps);
    return;
  }
  const frames = new FrameDecoder();
  for await (const chunk of body) {
    for (const f of frames.push(chunk)) for (const raw of frameLines(f.payload)) yield toLine(f.stream, raw, timestamps);
  }
}
