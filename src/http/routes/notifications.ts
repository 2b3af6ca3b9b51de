// Notification channels: where alerts are sent. Admins only (a channel holds an SMTP password,
// a bot token or a signed webhook's secret); the API never returns those.
import { channelInputSchema, channelPatchSchema } from "../../notify/index.ts";
import { idParam, type Router } from "../route.ts";
import type { Services } from "../services.ts";

export function notificationRoutes(r: Router, s: Services): void {
  const { notify } = s;

  r.add({ method: "get", path: "/notification-channels", summary: "Notification channels (where they send, never their secrets).", access: "alerts:manage", handler: async (c) => c.json({ items: await notify.list() }) });

  r.add({
    method: "post",
    path: "/notification-channels",
    summary: "Add a channel: email (SMTP), Discord, Telegram, Slack-compatible or a signed webhook. Secrets are sealed at rest.",
    access: "notify:manage",
    audit: "notification_channels.create",
    body: channelInputSchema,
    handler: async (c, { body }) => {
      c.get("audit").details = { name: body.name, kind: body.config.kind };
      return c.json({ channel: await notify.create(body) }, 201);
    },
  });

  r.add({ method: "get", path: "/notification-channels/:id", summary: "One channel.", access: "alerts:manage", handler: async (c) => c.json({ channel: await notify.get(idParam(c)) }) });

  r.add({
    method: "patch",
    path: "/notification-channels/:id",
    summary: "Rename, enable/disable or change settings; secrets left out keep their stored value.",
    access: "notify:manage",
    audit: "notification_channels.update",
    body: channelPatchSchema,
    handler: async (c, { body }) => {
      c.get("audit").target = `notification_channel:${idParam(c)}`;
      c.get("audit").details = { fields: [...Object.keys(body), ...Object.keys(body.config ?? {}).filter((k) => k !== "kind").map((k) => `config.${k}`)] };
      return c.json({ channel: await notify.update(idParam(c), body) });
    },
  });

  r.add({
    method: "delete",
    path: "/notification-channels/:id",
    summary: "Remove a channel. Rules that named it skip it (recorded on their alerts).",
    access: "notify:manage",
    audit: "notification_channels.remove",
    handler: async (c) => {
      c.get("audit").target = `notification_channel:${idParam(c)}`;
      return c.json({ channel: await notify.remove(idParam(c)) });
    },
  });

  r.add({
    method: "post",
    path: "/notification-channels/:id/test",
    summary: "Send a test message now; a failure answers 503 with the relay's or service's error.",
    access: "notify:manage",
    audit: "notification_channels.test",
    handler: async (c) => {
      c.get("audit").target = `notification_channel:${idParam(c)}`;
      return c.json({ channel: await notify.test(idParam(c)) });
    },
  });
}
