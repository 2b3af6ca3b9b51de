// The panel hands out its own executable (the agent is the same binary), so a new server's
// install line needs nothing but curl and its registration token. The file is streamed from
// disk, never buffered; its sha256 is computed once (it cannot change while we run) and
// goes into the install line so the server checks what it downloaded before running it.
import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { DomainError } from "../lib/errors.ts";

export interface BinaryInfo {
  path: string;
  size: number;
  sha256: string;
}


export class AgentBinary {
  private info: Promise<BinaryInfo> | undefined;

  /** path: the file to serve; null when there is none (running from source). */
  constructor(private readonly path: string | null) {}

  get available(): boolean {
    return this.path !== null;
  }

  /** Size and sha256 of the file, hashed on first use and remembered. */
  describe(): Promise<BinaryInfo> {
    const path = this.path;
    if (path === null) {
      return Promise.reject(
        new DomainError("unavailable", "binary_unavailable", "This panel runs from source, not as the compiled binary: copy serverkit to the server yourself."),
      );
    }
    this.info ??= hashFile(path).catch((err) => {
      this.info = undefined; // a transient read error should not stick
      throw err;
    });
    return this.info;
  }

  /** The file's bytes as a stream (Bun.file reads it in chunks as the client takes them). */
  async open(): Promise<{ info: BinaryInfo; body: ReadableStream<Uint8Array> }> {
    const info = await this.describe();
    return { info, body: Bun.file(info.path).stream() };
  }
}

async function hashFile(path: string): Promise<BinaryInfo> {
  const size = statSync(path).size;
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { path, size, sha256: hash.digest("hex") };
}
