// Does DNS point at this server? Advice only: behind Cloudflare or another proxy the records
// legitimately show someone else's addresses, so this warns and never blocks.
import { Resolver } from "node:dns/promises";

export interface DnsReport {
  name: string;
  a: string[];
  aaaa: string[];
  pointsHere: boolean;
  warning: string | null;
}

async function records(resolver: Resolver, name: string, kind: "A" | "AAAA"): Promise<{ list: string[]; error?: string }> {
  try {
    return { list: kind === "A" ? await resolver.resolve4(name) : await resolver.resolve6(name) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "ERROR";
    // "no such record" is an answer, not a failure of the lookup
    return code === "ENODATA" || code === "ENOTFOUND" ? { list: [] } : { list: [], error: code };
  }
}

export async function checkDns(names: string[], serverAddresses: string[], timeoutMs = 2000): Promise<DnsReport[]> {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  const ours = new Set(serverAddresses);
  return Promise.all(
    names.map(async (name): Promise<DnsReport> => {
      const [a, aaaa] = await Promise.all([records(resolver, name, "A"), records(resolver, name, "AAAA")]);
      const all = [...a.list, ...aaaa.list];
      const pointsHere = all.some((ip) => ours.has(ip));
      let warning: string | null = null;
      if (a.error && aaaa.error) warning = `DNS lookup failed (${a.error}).`;
      else if (all.length === 0) warning = `${name} has no A or AAAA record yet.`;
      else if (!pointsHere) {
        warning = `${name} resolves to ${all.join(", ")}, not to this server (${serverAddresses.join(", ") || "no known address"}). Fine behind a proxy such as Cloudflare; otherwise certificates will fail.`;
      }
      return { name, a: a.list, aaaa: aaaa.list, pointsHere, warning };
    }),
  );
}
