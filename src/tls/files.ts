// Certificate files nginx reads: <certDir>/<hostname>/fullchain.pem and privkey.pem. The
// database holds the truth (key sealed); these files are its deployment, rewritten from it
// at start so a restored database or a wiped folder heals itself. nginx's master reads them as
// root when it loads the config, so the folder stays 0700 and the key 0600.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface CertPaths {
  certPath: string;
  keyPath: string;
}

export class CertFiles {
  constructor(private readonly dir: string) {}

  /** Paths for a hostname that already passed the proxy's hostname grammar (no "/" or ".."). */
  paths(hostname: string): CertPaths {
    const base = join(this.dir, hostname);
    return { certPath: join(base, "fullchain.pem"), keyPath: join(base, "privkey.pem") };
  }

  present(hostname: string): boolean {
    const p = this.paths(hostname);
    return existsSync(p.certPath) && existsSync(p.keyPath);
  }

  /** Writes both files beside the old ones and renames them over (never a half-written key). */
  write(hostname: string, fullchainPem: string, keyPem: string): CertPaths {
    const p = this.paths(hostname);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    mkdirSync(join(this.dir, hostname), { recursive: true, mode: 0o700 });
    writeFileSync(`${p.keyPath}.next`, keyPem, { mode: 0o600 });
    chmodSync(`${p.keyPath}.next`, 0o600);
    writeFileSync(`${p.certPath}.next`, fullchainPem, { mode: 0o644 });
    renameSync(`${p.keyPath}.next`, p.keyPath);
    renameSync(`${p.certPath}.next`, p.certPath);
    return p;
  }

  /** Snapshot of the current files, to put back when a new pair is refused by nginx. */
  read(hostname: string): { cert: string; key: string } | null {
    if (!this.present(hostname)) return null;
    const p = this.paths(hostname);
    return { cert: readFileSync(p.certPath, "utf8"), key: readFileSync(p.keyPath, "utf8") };
  }

  remove(hostname: string): void {
    rmSync(join(this.dir, hostname), { recursive: true, force: true });
  }
}

