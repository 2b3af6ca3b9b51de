// One POST with a deadline. Errors name the host and the answer, never the URL: webhook URLs
// carry their token in the path.
import { DomainError } from "../../lib/errors.ts";

export class DeliveryError extends DomainError {
  constructor(message: string) {
    super("unavailable", "delivery_failed", message);
  }
}

export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<string> {
  const host = new URL(url).host;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
  } catch (err) {
    const e = err as Error;
    const why = e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : e.message;
    throw new DeliveryError(`${host}: ${why}`);
  }
  const text = await res.text().catch(() => "");
  if (!res.ok) throw new DeliveryError(`${host} answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
  return text;
}
