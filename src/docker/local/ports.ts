// Can a host port be bound right now? The last word on port allocation, after the panel's own
// records and Docker's published ports, because other programs on the host hold ports too.
export function portsFree(ports: number[]): { free: number[] } {
  const free: number[] = [];
  for (const port of ports) {
    try {
      const server = Bun.listen({ hostname: "0.0.0.0", port, socket: { data() {} } });
      server.stop(true);
      free.push(port);
    } catch {
      // in use (or not allowed): not free
    }
  }
  return { free };
}
