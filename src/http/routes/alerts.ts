// Alert rules (metric and event), mute, the alerts firing now and their history.
import { z } from "zod";
import { ruleInputSchema, rulePatchSchema } from "../../alerts/index.ts";
import { idParam, type Router } from "../route.ts";
import type { Services } from "../services.ts";

const historyQuery = z
  .object({
    ruleId: z.coerce.number().int().positive().optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export function alertRoutes(r: Router, s: Services): void {
  const { alerts } = s;

  r.add({ method: "get", path: "/alert-rules", summary: "Alert rules.", access: "alerts:read", handler: async (c) => c.json({ items: await alerts.rules.list() }) });

  r.add({
    method: "post",
    path: "/alert-rules",
    summary: 'A metric rule ("cpu_percent > 90 for 300 s on all containers") or an event rule (container_exited, container_restarting, health_failing, disk_full, cert_expiring, backup_failed, agent_offline).',
    access: "alerts:manage",
    audit: "alert_rules.create",
    body: ruleInputSchema,
    handler: async (c, { body }) => {
      c.get("audit").details = { name: body.name, kind: body.kind };
      return c.json({ rule: await alerts.rules.create(body) }, 201);
    },
  });

  r.add({ method: "get", path: "/alert-rules/:id", summary: "One rule.", access: "alerts:read", handler: async (c) => c.json({ rule: await alerts.rules.get(idParam(c)) }) });

  r.add({
    method: "patch",
    path: "/alert-rules/:id",
    summary: "Change a rule's name, scope, threshold, duration, severity, channels, cooldown or enabled state. What it watches (metric or event) is fixed.",
    access: "alerts:manage",
    audit: "alert_rules.update",
    body: rulePatchSchema,
    handler: async (c, { body }) => {
      c.get("audit").target = `alert_rule:${idParam(c)}`;
      c.get("audit").details = { fields: Object.keys(body) };
      return c.json({ rule: await alerts.rules.update(idParam(c), body) });
    },
  });

  r.add({
    method: "delete",
    path: "/alert-rules/:id",
    summary: "Remove a rule; its open alerts are closed, its history stays.",
    access: "alerts:manage",
    audit: "alert_rules.remove",
    handler: async (c) => {
      c.get("audit").target = `alert_rule:${idParam(c)}`;
      return c.json({ rule: await alerts.rules.remove(idParam(c)) });
    },
  });

  r.add({
    method: "post",
    path: "/alert-rules/:id/mute",
    summary: "Mute a rule for `minutes`, or until unmuted (null). Still evaluated and recorded; nothing is sent.",
    access: "alerts:manage",
    audit: "alert_rules.mute",
    body: z.object({ minutes: z.number().int().min(1).max(525_600).nullable().default(null) }).strict(),
    handler: async (c, { body }) => {
      c.get("audit").target = `alert_rule:${idParam(c)}`;
      c.get("audit").details = { minutes: body.minutes };
      return c.json({ rule: await alerts.rules.mute(idParam(c), body.minutes) });
    },
  });

  r.add({
    method: "post",
    path: "/alert-rules/:id/unmute",
    summary: "Unmute a rule.",
    access: "alerts:manage",
    audit: "alert_rules.unmute",
    handler: async (c) => {
      c.get("audit").target = `alert_rule:${idParam(c)}`;
      return c.json({ rule: await alerts.rules.unmute(idParam(c)) });
    },
  });

  r.add({ method: "get", path: "/alerts/firing", summary: "Alerts firing now, newest first.", access: "alerts:read", handler: async (c) => c.json({ items: await alerts.events.firing() }) });

  r.add({
    method: "get",
    path: "/alerts/history",
    summary: "Alert events (firing and resolved) newest first, with their deliveries; page with `before`.",
    access: "alerts:read",
    query: historyQuery,
    handler: async (c, { query }) => c.json(await alerts.events.history(query)),
  });

  r.add({ method: "get", path: "/alerts/catalog", summary: "What rules may watch: metric names and event kinds with their defaults.", access: "alerts:read", handler: (c) => c.json(alerts.catalog()) });
}
