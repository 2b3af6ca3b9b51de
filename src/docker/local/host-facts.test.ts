import { describe, expect, test } from "bun:test";
import { hostname } from "node:os";
import { diskMounts, machineFacts, parseOsRelease } from "./host-facts.ts";

describe("host facts without child processes", () => {
  test("os-release: quoted and bare values, escapes, comments and junk lines", () => {
    const r = parseOsRelease(`# comment\nNAME="Debian GNU/Linux"\nVERSION_ID='12'\nID=debian\nPRETTY_NAME="say \\"hi\\""\nnot a line\n`);
    expect(r).toEqual({ NAME: "Debian GNU/Linux", VERSION_ID: "12", ID: "debian", PRETTY_NAME: 'say "hi"' });
  });

  test("disks: one entry per device at its shortest mount point; pseudo, overlay and network filesystems left out", () => {
    const mounts = [
      "proc /proc proc rw 0 0",
      "tmpfs /dev/shm tmpfs rw 0 0",
      "/dev/vda /var/lib/docker ext4 rw 0 0",
      "/dev/vda / ext4 rw 0 0",
      "/dev/vda /run/netns ext4 rw 0 0",
      "/dev/vdb1 /srv/my\\040data xfs rw 0 0",
      "overlay /var/lib/docker/overlay2/x/merged overlay rw 0 0",
      "/dev/loop3 /snap/core/1 squashfs ro 0 0",
      "nas:/export /mnt/nas nfs4 rw 0 0",
      "tank/data /tank/data zfs rw 0 0",
    ].join("\n");
    expect(diskMounts(mounts)).toEqual([
      { source: "/dev/vda", mount: "/", fs: "ext4" },
      { source: "/dev/vdb1", mount: "/srv/my data", fs: "xfs" },
      { source: "tank/data", mount: "/tank/data", fs: "zfs" },
    ]);
  });

  test("this machine: its hostname, cores, memory and the root filesystem, in well under a second", () => {
    const t0 = performance.now();
    const f = machineFacts();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(f.hostname).toBe(hostname());
    expect(f.cpu.cores).toBeGreaterThan(0);
    expect(f.memory.totalBytes).toBeGreaterThan(0);
    expect(f.os.kernel).toMatch(/^\d+\.\d+/);
    const root = f.disks.find((d) => d.mount === "/");
    expect(root?.sizeBytes).toBeGreaterThan(root?.usedBytes ?? Infinity);
  });
});
