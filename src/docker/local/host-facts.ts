// server.facts for this machine from /etc/os-release, /proc/self/mounts, statfs and node:os: no
// child processes. systeminformation ran `df`, `lscpu`, `hostname -f` and more (some through
// execSync, which stalls the whole event loop) and took minutes on a loaded 2-core machine; an
// agent registering with the panel waits for these facts.
import { readFileSync, statfsSync } from "node:fs";
import { arch, cpus, hostname, networkInterfaces, release, totalmem, uptime } from "node:os";
import type { ServerFacts } from "../../protocol/index.ts";

/** Key/value lines of os-release(5); values may be quoted. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let v = m[2]!.trim();
    if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0]!)) v = v.slice(1, -1).replace(/\\(["'$`\\])/g, "$1");
    out[m[1]!] = v;
  }
  return out;
}

/** /proc/mounts escapes space, tab, newline and backslash as octal. */
const unescapeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export interface Mount {
  source: string;
  mount: string;
  fs: string;
}

/**
 * The filesystems a person means by "disks": block devices (and ZFS datasets), one entry per
 * device at its shortest mount point (bind mounts such as Docker's or /run/netns repeat a device).
 * Pseudo, memory and network filesystems are left out, like `df -l` without tmpfs.
 */
export function diskMounts(procMounts: string): Mount[] {
  const byDevice = new Map<string, Mount>();
  for (const line of procMounts.split("\n")) {
    const [source, mount, fs] = line.split(" ").map(unescapeMount);
    if (!source || !mount || !fs) continue;
    if (fs === "squashfs" || fs === "overlay") continue; // snaps and container roots
    if (!(source.startsWith("/dev/") || fs === "zfs")) continue;
    const seen = byDevice.get(source);
    if (!seen || mount.length < seen.mount.length) byDevice.set(source, { source, mount, fs });
  }
  return [...byDevice.values()].sort((a, b) => a.mount.localeCompare(b.mount));
}

function osFacts(): ServerFacts["os"] {
  let rel: Record<string, string> = {};
  for (const path of ["/etc/os-release", "/usr/lib/os-release"]) {
    try {
      rel = parseOsRelease(readFileSync(path, "utf8"));
      break;
    } catch {
      // the next place, else unknown
    }
  }
  return { distro: rel.NAME ?? rel.ID ?? "Linux", release: rel.VERSION_ID ?? "", kernel: release(), arch: arch() };
}

function disks(): ServerFacts["disks"] {
  let mounts: Mount[] = [];
  try {
    mounts = diskMounts(readFileSync("/proc/self/mounts", "utf8"));
  } catch {
    return [];
  }
  const out: ServerFacts["disks"] = [];
  for (const m of mounts) {
    try {
      const s = statfsSync(m.mount);
      if (s.blocks > 0) out.push({ mount: m.mount, fs: m.fs, sizeBytes: s.blocks * s.bsize, usedBytes: (s.blocks - s.bfree) * s.bsize });
    } catch {
      // unmounted since we read the list, or not ours to stat
    }
  }
  return out;
}

/** Everything but Docker's part (local-facts.ts adds that). */
export function machineFacts(): Omit<ServerFacts, "docker"> {
  const cpuList = cpus();
  const ifaces = Object.values(networkInterfaces()).flat().filter((n) => n !== undefined);
  return {
    hostname: hostname(),
    os: osFacts(),
    cpu: { model: cpuList[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown", cores: cpuList.length },
    memory: { totalBytes: totalmem() },
    disks: disks(),
    uptimeSeconds: Math.round(uptime()),
    addresses: [...new Set(ifaces.filter((n) => !n.internal && n.family === "IPv4").map((n) => n.address))],
  };
}
