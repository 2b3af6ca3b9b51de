// Log history search through the panel's code beside reading the raw Docker log stream, on one
// container with a large log. Prints figures; not a test.
//
//   bun bench/log-search.ts [--lines N]
//
// Makes a container that prints N log-like lines (1 in 50 an ERROR), then times, each after a
// warm-up read: the raw Engine API logs stream read to the end over the socket (the floor: what
// Docker itself costs), `docker logs | grep` as a user would, and containers.logs.search through
// the local Target for a rare plain text, a regex, and a level filter. Also prints the process's
// RSS before and after, so a search of a big log visibly holds no big buffer. Cleans up.
import { createLocalTarget } from "../src/docker/index.ts";
import { dockerCli, TEST_IMAGE, TEST_LABEL } from "../test/harness/docker";

const args = process.argv.slice(2);
const i = args.indexOf("--lines");
const LINES = i >= 0 ? Number(args[i + 1]) : 300_000;
const SOCKET = "/var/run/docker.sock";
const name = `sk-bench-logs-${process.pid}`;
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(require("node:fs").readFileSync("/proc/self/status", "utf8"))![1]) / 1024;

console.log(`ServerKit log search bench: ${new Date().toISOString()}, bun ${Bun.version}, ${navigator.hardwareConcurrency} cores, ${LINES.toLocaleString()} lines`);
const awk = `BEGIN{for(i=0;i<${LINES};i++) printf "%s request id=%d path=/api/v1/items/%d status=200 took=%dms\\n", (i%50==0?"ERROR":"INFO"), i, i%977, i%311}`;
await dockerCli(["rm", "-f", name]);
const run = await dockerCli(["run", "-d", "--name", name, "--label", `${TEST_LABEL}=bench`, TEST_IMAGE, "sh", "-c", `busybox awk '${awk}'; exec sleep 3600`]);
if (run.exitCode !== 0) throw new Error(run.stderr);

async function rawRead(): Promise<number> {
  const res = await fetch(`http://docker/containers/${name}/logs?stdout=1&stderr=1&timestamps=1&tail=all`, { unix: SOCKET } as RequestInit);
  let bytes = 0;
  for await (const chunk of res.body!) bytes += chunk.length;
  return bytes;
}

try {
  const target = createLocalTarget({ dockerSocket: SOCKET, appsDir: "/nonexistent" });
  // Wait for the whole log to be written.
  for (;;) {
    let last = "";
    for await (const c of target.stream("containers.logs.search", { id: name, query: `id=${LINES - 1} `, newest: true, limit: 1 })) if ("line" in c) last = c.line.text;
    if (last) break;
    await Bun.sleep(500);
  }
  const time = async (label: string, fn: () => Promise<string>) => {
    const t0 = performance.now();
    const note = await fn();
    const ms = performance.now() - t0;
    console.log(`  ${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${((LINES / ms) * 1000).toFixed(0).padStart(8)} lines/s  ${note}`);
  };
  const search = (args: Record<string, unknown>) => async () => {
    let kept = 0;
    let done = {} as Record<string, unknown>;
    for await (const c of target.stream("containers.logs.search", { id: name, budgetMs: 120_000, ...args })) {
      if ("line" in c) kept++;
      else done = c.done;
    }
    return `kept ${kept}, matched ${done.matched}, scanned ${done.scanned}`;
  };
  const rss0 = rssMb();
  await rawRead(); // warm the page cache
  await time("raw Engine API stream, read to the end", async () => `${((await rawRead()) / 1e6).toFixed(1)} MB`);
  await time("docker logs | grep -c path=/api/v1/items/42 ", async () => {
    const p = Bun.spawn(["sh", "-c", `docker logs ${name} 2>&1 | grep -c 'path=/api/v1/items/42 '`], { stdout: "pipe" });
    return `${(await new Response(p.stdout).text()).trim()} lines`;
  });
  await time("search: plain text (rare)", search({ query: "path=/api/v1/items/42 ", limit: 500 }));
  await time("search: regex", search({ query: "items/4\\d\\b.*took=3\\d\\dms", regex: true, limit: 500 }));
  await time("search: level error, newest 500", search({ levels: ["error"], limit: 500 }));
  await time("search: everything, newest 5000", search({ limit: 5000 }));
  console.log(`  RSS ${rss0.toFixed(1)} MB before, ${rssMb().toFixed(1)} MB after`);
} finally {
  await dockerCli(["rm", "-f", name]);
}
