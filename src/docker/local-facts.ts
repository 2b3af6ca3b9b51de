// What the local server reports about itself: systeminformation for the host, the Docker API
// for the engine. A missing or stopped Docker is a fact to show, not an error.
import type { Engine } from "./local/engine.ts";
import { loadavg as loadavgOf, networkInterfaces } from "node:os";
import { hostNetRates } from "./net-rates.ts";
import type { ServerFacts, ServerLoad } from "../protocol/index.ts";

const IGNORED_FS = /^(tmpfs|devtmpfs|overlay|squashfs|proc|sysfs|cgroup2?|nsfs|efivarfs)$/;

export async function dockerFacts(engine: Engine): Promise<ServerFacts["docker"]> {
  try {
    const [version, info] = await Promise.all([
      engine.get<{ Version: string }>("/version", { timeoutMs: 5000 }),
      engine.get<{ Containers: number; ContainersRunning: number; Images: number }>("/info", { timeoutMs: 5000 }),
    ]);
    return {
      available: true,
      version: version.Version,
      containers: info.Containers,
      containersRunning: info.ContainersRunning,
      images: info.Images,
    };
  } catch (err) {
    return { available: false, version: null, error: (err as Error).message };
  }
}

/** systeminformation is large; load it when a server is first looked at, not at start. */
const sysinfo = async () => (await import("systeminformation")).default;

export async function hostFacts(engine: Engine): Promise<ServerFacts> {
  const si = await sysinfo();
  const [os, cpu, mem, fs, time, dockerState] = await Promise.all([si.osInfo(), si.cpu(), si.mem(), si.fsSize(), Promise.resolve(si.time()), dockerFacts(engine)]);
  // node:os, not systeminformation: that one runs commands per interface (slow with many veths).
  const ifaces = Object.values(networkInterfaces()).flat().filter((n) => n !== undefined);
  return {
    hostname: os.hostname,
    os: { distro: os.distro, release: os.release, kernel: os.kernel, arch: os.arch },
    cpu: { model: `${cpu.manufacturer} ${cpu.brand}`.trim(), cores: cpu.cores },
    memory: { totalBytes: mem.total },
    disks: fs
      .filter((d) => !IGNORED_FS.test(d.type) && d.size > 0)
      .map((d) => ({ mount: d.mount, fs: d.type, sizeBytes: d.size, usedBytes: d.used })),
    uptimeSeconds: Math.round(Number(time.uptime)),
    addresses: [...new Set(ifaces.filter((n) => !n.internal && n.family === "IPv4").map((n) => n.address))],
    docker: dockerState,
  };
}

export async function hostLoad(): Promise<ServerLoad> {
  const si = await sysinfo();
  const [cpu, mem, fs] = await Promise.all([si.currentLoad(), si.mem(), si.fsSize()]);
  const root = fs.find((d) => d.mount === "/") ?? fs[0];
  const loadavg = loadavgOf();
  return {
    at: new Date().toISOString(),
    cpuPercent: Number.isFinite(cpu.currentLoad) ? Math.round(cpu.currentLoad * 10) / 10 : 0,
    // "available" excludes caches the kernel would give back, which is what people mean by used.
    memory: { usedBytes: mem.total - mem.available, totalBytes: mem.total },
    disk: { usedBytes: root?.used ?? 0, totalBytes: root?.size ?? 0 },
    network: hostNetRates(),
    load: loadavg.map((l) => Math.round(l * 100) / 100),
  };
}
