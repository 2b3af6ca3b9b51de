// Collects garbage on a byte budget while a backup streams. Every chunk that passes (read from
// a tool's stdout, or sealed by the cipher) is a fresh buffer, and the collector, left to its
// own pacing, let 35-40 MiB of them wait in the panel's RSS during a 2 GiB backup. Measured on
// archive + seal + local storage of a 2 GiB volume on 2 busy CPUs: no pacing 38-39 MiB of RSS
// growth; a young pass every 4 MiB and a full one every 32 MiB 19-21 MiB but ~20% slower;
// a full one every 64 MiB 24-25 MiB for ~10-15%. The full passes are the price of the
// <= 30 MB target; a young pass costs well under a millisecond.
const YOUNG_EVERY = 4 * 1024 * 1024;
const FULL_EVERY = 16; // young passes: a full pass every 64 MiB

export function gcPacer(): (bytes: number) => void {
  let since = 0;
  let young = 0;
  return (bytes) => {
    since += bytes;
    if (since < YOUNG_EVERY) return;
    since = 0;
    young++;
    Bun.gc(young % FULL_EVERY === 0);
  };
}
