// Stopping the target app around the swap, so nothing writes to the database being replaced,
// and starting it again after. Only its running containers are stopped, and never the one that
// holds the database itself (a WordPress template's own `db` service): the swap needs it up.
import type { Target } from "../docker/index.ts";

export async function runningContainers(target: Target, app: string, keep: string | undefined): Promise<string[]> {
  const all = await target.call("containers.list", { all: true });
  // Ids may come full or short depending on who listed them.
  const isKept = (c: { id: string; name: string }) => keep !== undefined && (c.name === keep || c.id.startsWith(keep) || keep.startsWith(c.id));
  return all.filter((c) => c.app === app && c.state === "running" && !isKept(c)).map((c) => c.id);
}

export async function stopContainers(target: Target, ids: string[], log: (line: string) => void): Promise<void> {
  for (const id of ids) {
    const c = await target.call("containers.action", { id, action: "stop" });
    log(`Stopped ${c.name}`);
  }
}

/** Starts every container it can; the first failure is thrown after trying them all. */
export async function startContainers(target: Target, ids: string[], log: (line: string) => void): Promise<void> {
  let first: unknown;
  for (const id of ids) {
    try {
      const c = await target.call("containers.action", { id, action: "start" });
      log(`Started ${c.name}`);
    } catch (err) {
      first ??= err;
    }
  }
  if (first !== undefined) throw first;
}
