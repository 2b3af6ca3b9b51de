// Running the nginx binary: `-t` and `-s reload`, with the configured prefix/conf. Output is
// kept because nginx's own error text is what the user needs to see.
export interface NginxPaths {
  bin: string;
  /** Tests: nginx runs as `-p prefix -c prefix/nginx.conf`. */
  prefix?: string;
  confFile: string;
  sitesAvailable: string;
  sitesEnabled: string;
}

export interface RunResult {
  ok: boolean;
  output: string;
}

export function nginxArgs(p: NginxPaths): string[] {
  return p.prefix ? ["-p", p.prefix, "-c", `${p.prefix}/nginx.conf`] : ["-c", p.confFile];
}

export async function runNginx(p: NginxPaths, extra: string[]): Promise<RunResult> {
  try {
    const proc = Bun.spawn([p.bin, ...nginxArgs(p), ...extra], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    return { ok: code === 0, output: `${out}${err}`.trim() };
  } catch (err) {
    return { ok: false, output: `could not run ${p.bin}: ${(err as Error).message}` };
  }
}

export const testConfig = (p: NginxPaths) => runNginx(p, ["-t", "-q"]);
export const reload = (p: NginxPaths) => runNginx(p, ["-s", "reload"]);

/** One apply at a time: two changes racing over `nginx -t` could each validate the other's half-written state. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
