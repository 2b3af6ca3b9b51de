// Safe changes to the vhost files we own: write `<file>.next`, rename it over the old file,
// link it from sites-enabled, `nginx -t`, reload. nginx reads files only on reload, so until
// then the running config is untouched; on any failure the previous file (or its absence) and
// link are put back and re-tested before the error (with nginx's text) reaches the caller.
import { existsSync, lstatSync, readFileSync, renameSync, symlinkSync, unlinkSync, writeFileSync, fsyncSync, openSync, closeSync, mkdirSync } from "node:fs";
import { join, relative, dirname } from "node:path";
import type { Logger } from "../lib/log.ts";
import { DomainError } from "../lib/errors.ts";
import { applyFailed, nginxInvalid } from "./errors.ts";
import { Mutex, reload, testConfig, type NginxPaths } from "./nginx.ts";

export interface ApplyHooks {
  /** Fault-injection seam for tests: runs after the swap, before `nginx -t` and reload. */
  afterSwap?: (file: string) => void | Promise<void>;
}

interface Snapshot {
  text: string | null;
  linked: boolean;
}

function writeDurably(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode: 0o644 });
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const isLink = (p: string) => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

export class VhostFiles {
  private readonly mutex = new Mutex();

  constructor(
    private readonly paths: NginxPaths,
    private readonly log: Logger,
    private readonly hooks: ApplyHooks = {},
  ) {}

  available = (file: string) => join(this.paths.sitesAvailable, file);
  enabled = (file: string) => join(this.paths.sitesEnabled, file);

  /** Installs `text` as `file` (or removes it when text is null) and reloads nginx. */
  apply(file: string, text: string | null): Promise<void> {
    return this.mutex.run(() => this.applyLocked(file, text));
  }

  read(file: string): string | null {
    const p = this.available(file);
    return existsSync(p) ? readFileSync(p, "utf8") : null;
  }

  private snapshot(file: string): Snapshot {
    return { text: this.read(file), linked: isLink(this.enabled(file)) };
  }

  private put(file: string, state: Snapshot): void {
    const avail = this.available(file);
    const link = this.enabled(file);
    if (state.text === null) {
      if (isLink(link)) unlinkSync(link);
      if (existsSync(avail)) unlinkSync(avail);
      return;
    }
    writeDurably(`${avail}.next`, state.text);
    renameSync(`${avail}.next`, avail); // atomic on one filesystem: readers see old or new, never half
    if (state.linked && !isLink(link)) {
      mkdirSync(this.paths.sitesEnabled, { recursive: true });
      symlinkSync(relative(this.paths.sitesEnabled, avail), link);
    } else if (!state.linked && isLink(link)) unlinkSync(link);
  }

  private async applyLocked(file: string, text: string | null): Promise<void> {
    const before = this.snapshot(file);
    try {
      this.put(file, text === null ? { text: null, linked: false } : { text, linked: true });
      await this.hooks.afterSwap?.(this.available(file));
      const test = await testConfig(this.paths);
      if (!test.ok) throw nginxInvalid(test.output);
      const reloaded = await reload(this.paths);
      if (!reloaded.ok) throw nginxInvalid(reloaded.output);
    } catch (err) {
      await this.restore(file, before);
      if (err instanceof DomainError) throw err;
      throw applyFailed((err as Error).message);
    }
  }

  private async restore(file: string, before: Snapshot): Promise<void> {
    try {
      this.put(file, before);
    } catch (err) {
      this.log.error("could not restore the previous vhost file", { file, err });
    }
    try {
      rmIfExists(`${this.available(file)}.next`);
    } catch {
      // leftover .next files are harmless: nothing includes them
    }
    const check = await testConfig(this.paths);
    if (!check.ok) this.log.error("nginx -t still fails after restoring the previous vhost", { file, output: check.output });
    // A failed reload may have been partly applied by the master; reloading the restored
    // files brings it back to exactly the previous state.
    else await reload(this.paths);
  }
}

function rmIfExists(p: string): void {
  if (existsSync(p)) unlinkSync(p);
}
