// Which executable we are: the compiled binary (which hands itself out to new servers and
// starts itself as a helper), or bun running the sources.

/** The compiled binary we are running, or null when running from source (`bun src/main.ts`). */
export function runningExecutable(): string | null {
  // Inside a `bun build --compile` binary the entry point lives in Bun's embedded file system.
  return Bun.main.startsWith("/$bunfs/") ? process.execPath : null;
}
