// The alert state machine, per (rule, subject): ok -> pending (breached, waiting out the rule's
// duration) -> firing -> resolved. Firing and resolving are recorded as alert events; whether
// a firing is sent depends on mute and cooldown, and a resolution is sent only for a firing
// that was. Observations are applied one at a time, so a "die" and a "start" a millisecond
// apart cannot race each other through the database.
import type { Logger } from "../lib/log.ts";
import type { Attempt, Notify } from "../notify/index.ts";
import { firingMessage, firingNotice, resolvedNotice, type Observation } from "./messages.ts";
import type { AlertsRepo, EventRow, RuleRow } from "./repo.ts";
import { channelsOf, holdMs, isMuted } from "./rules.ts";

interface State {
  pendingSince: number | null;
  eventId: number | null;
  /** The last breaching observation, replayed by recheck() so a hold can run out between events. */
  last: Observation | null;
}

export interface Delivery {
  channelId: number;
  channel: string;
  phase: "firing" | "resolved";
  ok: boolean;
  error: string | null;
  attempts: number;
  final: boolean;
  at: string;
}

const key = (ruleId: number, subject: string) => `${ruleId}\u0000${subject}`;

export class Evaluator {
  private states = new Map<string, State>();
  private chain: Promise<unknown> = Promise.resolve();
  /** Deliveries are written per event one after another (read-modify-write of a JSON list). */
  private writes = new Map<number, Promise<unknown>>();

  constructor(
    private readonly repo: AlertsRepo,
    private readonly notify: Pick<Notify, "send">,
    private readonly log: Logger,
  ) {}

  /** Picks up alerts that were firing when the panel stopped. */
  async load(): Promise<void> {
    for (const e of await this.repo.firing()) if (e.ruleId !== null) this.states.set(key(e.ruleId, e.subject), { pendingSince: e.startedAt, eventId: e.id, last: null });
  }

  observe(rule: RuleRow, o: Observation): Promise<void> {
    const run = this.chain.then(() => this.apply(rule, o));
    this.chain = run.catch((err) => this.log.error("alert evaluation failed", { err, ruleId: rule.id, subject: o.subject }));
    return this.chain as Promise<void>;
  }

  /** Subjects of a rule that are pending or firing (a metric batch without them clears them). */
  tracked(ruleId: number): string[] {
    const prefix = `${ruleId}\u0000`;
    return [...this.states.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  isFiring = (ruleId: number, subject: string) => this.states.get(key(ruleId, subject))?.eventId != null;

  /** A removed or disabled rule: its open alerts are closed quietly. */
  async forget(ruleId: number, why: string): Promise<void> {
    await this.chain;
    for (const subject of this.tracked(ruleId)) {
      const s = this.states.get(key(ruleId, subject))!;
      this.states.delete(key(ruleId, subject));
      if (s.eventId !== null) await this.repo.updateEvent(s.eventId, { state: "resolved", resolvedAt: Date.now(), lastError: why });
    }
  }

  /**
   * Pending breaches of an event rule are seen again at `at`: a container that died and stayed
   * down, or a server still offline, fires once the hold runs out even if nothing new happens.
   */
  recheck(rule: RuleRow, at: number): Promise<void> {
    const prefix = `${rule.id}\u0000`;
    const work: Observation[] = [];
    for (const [k, s] of this.states) if (k.startsWith(prefix) && s.eventId === null && s.last) work.push({ ...s.last, at });
    return Promise.all(work.map((o) => this.observe(rule, o))).then(() => undefined);
  }

  /** Waits until every observation so far has been applied. */
  settled = async () => {
    await this.chain;
    await Promise.all(this.writes.values());
  };

  private async apply(rule: RuleRow, o: Observation): Promise<void> {
    const k = key(rule.id, o.subject);
    const s = this.states.get(k);
    if (!o.breached) {
      if (!s) return;
      this.states.delete(k);
      if (s.eventId !== null) await this.resolve(rule, s.eventId, o);
      return;
    }
    const state = s ?? { pendingSince: o.at, eventId: null, last: null };
    if (!s) this.states.set(k, state);
    state.last = o;
    if (state.eventId !== null) return; // already firing: one alert until it clears
    if (o.at - state.pendingSince! < holdMs(rule)) return;
    state.eventId = (await this.fire(rule, o, state.pendingSince!)).id;
  }

  private async fire(rule: RuleRow, o: Observation, since: number): Promise<EventRow> {
    const channels = channelsOf(rule);
    const last = await this.repo.lastSent(rule.id, o.subject);
    const notified = isMuted(rule, o.at) ? "muted" : channels.length === 0 ? "none" : last && o.at - last.startedAt < rule.cooldownSec * 1000 ? "cooldown" : "sent";
    const event = await this.repo.insertEvent({
      ruleId: rule.id,
      ruleName: rule.name,
      severity: rule.severity,
      subject: o.subject,
      state: "firing",
      message: firingMessage(rule, o),
      value: o.value,
      // The alert began when the condition did, not when its duration ran out.
      startedAt: rule.kind === "metric" ? since : o.at,
      resolvedAt: null,
      notified,
      deliveries: "[]",
      lastError: null,
    });
    this.log.info("alert firing", { ruleId: rule.id, subject: o.subject, notified });
    if (notified === "sent") await this.notify.send(channels, firingNotice(rule, event), (a) => this.recordDelivery(event.id, "firing", a));
    return event;
  }

  private async resolve(rule: RuleRow, eventId: number, o: Observation): Promise<void> {
    const event = await this.repo.updateEvent(eventId, { state: "resolved", resolvedAt: o.at });
    if (!event) return;
    this.log.info("alert resolved", { ruleId: rule.id, subject: o.subject });
    // Only a firing someone was told about gets its all-clear; a muted rule stays quiet.
    if (event.notified === "sent" && !isMuted(rule, o.at)) await this.notify.send(channelsOf(rule), resolvedNotice(rule, event, o), (a) => this.recordDelivery(event.id, "resolved", a));
  }

  private recordDelivery(eventId: number, phase: Delivery["phase"], a: Attempt): Promise<void> {
    const write = (this.writes.get(eventId) ?? Promise.resolve()).then(async () => {
      const event = await this.repo.event(eventId);
      if (!event) return;
      const list = (JSON.parse(event.deliveries) as Delivery[]).filter((d) => !(d.channelId === a.channelId && d.phase === phase));
      list.push({ channelId: a.channelId, channel: a.channel, phase, ok: a.ok, error: a.error, attempts: a.attempt, final: a.final, at: new Date(a.at).toISOString() });
      await this.repo.updateEvent(eventId, { deliveries: JSON.stringify(list), ...(a.ok ? {} : { lastError: `${a.channel}: ${a.error}` }) });
    });
    const tail = write.catch((err) => this.log.warn("could not record a delivery on its alert", { err, eventId }));
    this.writes.set(eventId, tail);
    void tail.then(() => {
      if (this.writes.get(eventId) === tail) this.writes.delete(eventId);
    });
    return tail;
  }
}
