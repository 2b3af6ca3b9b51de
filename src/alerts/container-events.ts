// Event rules fed by Docker's event stream: a container exited, is restarting in a loop, or
// its health check fails. Restarts are counted per container in the rule's window.
import { duration, type Observation } from "./messages.ts";
import type { RuleRow } from "./repo.ts";
import { containerSubject, watchesContainer } from "./scope.ts";
import type { ContainerEvent } from "./sources.ts";

export const CONTAINER_EVENTS = new Set(["container_exited", "container_restarting", "health_failing"]);

export type Observe = (rule: RuleRow, o: Observation) => Promise<void>;

export class ContainerWatch {
  /** Times of "die" per container subject, oldest first, trimmed to the longest window in use. */
  private deaths = new Map<string, number[]>();

  constructor(
    private readonly rules: () => RuleRow[],
    private readonly appName: (rule: RuleRow) => string | null,
    private readonly observe: Observe,
  ) {}

  async onEvent(server: string, e: ContainerEvent): Promise<void> {
    if (!e.name) return;
    const subject = containerSubject(server, e.name);
    const label = `container ${e.name} on ${server}`;
    if (e.action === "die") this.deaths.set(subject, [...(this.deaths.get(subject) ?? []), e.at].slice(-1000));
    if (e.action === "destroy") this.deaths.delete(subject);
    const base = { subject, label, value: null, at: e.at };
    for (const rule of this.rules()) {
      if (!rule.enabled || !CONTAINER_EVENTS.has(rule.event ?? "")) continue;
      if (!watchesContainer(rule, { server, name: e.name, app: e.app }, this.appName(rule))) continue;
      if (rule.event === "container_exited") {
        if (e.action === "die") await this.observe(rule, { ...base, breached: true, detail: "exited" });
        else if (e.action === "start" || e.action === "destroy") await this.observe(rule, { ...base, breached: false });
      } else if (rule.event === "health_failing") {
        if (e.action === "health_status: unhealthy") await this.observe(rule, { ...base, breached: true, detail: "health check failing" });
        else if (e.action === "health_status: healthy" || e.action === "destroy") await this.observe(rule, { ...base, breached: false });
      } else if (e.action === "die" || e.action === "destroy") {
        await this.observe(rule, this.restarts(rule, subject, label, e.at));
      }
    }
  }

  /** Windows slide with time: a loop that stopped clears once its deaths fall out of the window. */
  async tick(at: number, tracked: (ruleId: number) => string[]): Promise<void> {
    for (const rule of this.rules()) {
      if (!rule.enabled || rule.event !== "container_restarting") continue;
      for (const subject of tracked(rule.id)) await this.observe(rule, this.restarts(rule, subject, subject.replace(/^container:([^/]+)\/(.*)$/, "container $2 on $1"), at));
    }
    const longest = Math.max(0, ...this.rules().filter((r) => r.event === "container_restarting").map((r) => r.durationSec * 1000));
    for (const [subject, times] of this.deaths) {
      const kept = times.filter((t) => at - t <= longest);
      if (kept.length) this.deaths.set(subject, kept);
      else this.deaths.delete(subject);
    }
  }

  private restarts(rule: RuleRow, subject: string, label: string, at: number): Observation {
    const windowMs = rule.durationSec * 1000;
    const count = (this.deaths.get(subject) ?? []).filter((t) => at - t <= windowMs).length;
    return { subject, label, at, value: count, breached: count >= Math.max(1, rule.threshold), detail: `restarting in a loop (${count} exits in ${duration(windowMs)})` };
  }
}
