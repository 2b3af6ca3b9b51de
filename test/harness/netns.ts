// A network namespace joined to the host by a veth pair, for processes whose link a test cuts
// for real: iptables DROP rules on what each end receives lose every packet both ways, and
// nothing tells either end (no RST, no FIN, no local error), like a pulled cable. Inbound rules
// only: a DROP on OUTPUT would fail the sender's own calls at once (EPERM), which a cable never
// does. Needs root and `ip netns`.
import { randomBytes } from "node:crypto";

async function run(cmd: string[]): Promise<void> {
  const p = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe" });
  const [err, code] = await Promise.all([new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`${cmd.join(" ")}: exit ${code}: ${err.trim()}`);
}

/** Null when namespaces can be made here, else why not (the tests say so when they skip). */
export async function netnsUnavailable(): Promise<string | null> {
  if (process.getuid?.() !== 0) return "not root";
  const probe = `sk-probe-${randomBytes(3).toString("hex")}`;
  try {
    await run(["ip", "netns", "add", probe]);
    await run(["ip", "netns", "exec", probe, "iptables", "-S"]);
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await run(["ip", "netns", "del", probe]).catch(() => undefined);
  }
}

export interface Netns {
  name: string;
  /** The host's end of the veth pair: listen here to be reachable from inside. */
  hostAddress: string;
  /** The namespace's end. */
  nsAddress: string;
  /** Prefix a command with this to run it inside the namespace. */
  exec: string[];
  /** Drops every packet in and out of the namespace. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  remove(): Promise<void>;
}

export async function createNetns(): Promise<Netns> {
  const tag = randomBytes(3).toString("hex");
  const name = `sk-ns-${tag}`;
  const host = `skh${tag}`;
  const peer = `ska${tag}`;
  // A /30 in 10.241.0.0/16, picked at random so parallel runs rarely collide.
  const n = randomBytes(2).readUInt16BE(0) & 0x3fff;
  const base = `10.241.${n >> 6}.${(n & 63) * 4}`;
  const [a, b, c, d] = base.split(".").map(Number) as [number, number, number, number];
  const hostAddress = `${a}.${b}.${c}.${d + 1}`;
  const nsAddress = `${a}.${b}.${c}.${d + 2}`;
  const inNs = ["ip", "netns", "exec", name];
  await run(["ip", "netns", "add", name]);
  try {
    await run(["ip", "link", "add", host, "type", "veth", "peer", "name", peer]);
    await run(["ip", "link", "set", peer, "netns", name]);
    await run(["ip", "addr", "add", `${hostAddress}/30`, "dev", host]);
    await run(["ip", "link", "set", host, "up"]);
    await run([...inNs, "ip", "addr", "add", `${nsAddress}/30`, "dev", peer]);
    await run([...inNs, "ip", "link", "set", peer, "up"]);
    await run([...inNs, "ip", "link", "set", "lo", "up"]);
  } catch (err) {
    await run(["ip", "link", "del", host]).catch(() => undefined);
    await run(["ip", "netns", "del", name]).catch(() => undefined);
    throw err;
  }
  return {
    name,
    hostAddress,
    nsAddress,
    exec: inNs,
    async cut() {
      await run([...inNs, "iptables", "-I", "INPUT", "-j", "DROP"]);
      await run(["iptables", "-I", "INPUT", "-i", host, "-j", "DROP"]);
    },
    async restore() {
      await run([...inNs, "iptables", "-D", "INPUT", "-j", "DROP"]);
      await run(["iptables", "-D", "INPUT", "-i", host, "-j", "DROP"]);
    },
    async remove() {
      // The host's rule, should a test have stopped between cut and restore.
      let more = true;
      while (more) more = await run(["iptables", "-D", "INPUT", "-i", host, "-j", "DROP"]).then(() => true, () => false);
      // Deleting the namespace deletes its end of the pair, and with it the host's.
      await run(["ip", "netns", "del", name]).catch(() => undefined);
      await run(["ip", "link", "del", host]).catch(() => undefined);
    },
  };
}
