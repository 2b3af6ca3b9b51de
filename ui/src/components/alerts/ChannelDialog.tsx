import { createEffect, createSignal, Match, Show, Switch as Sw } from "solid-js";
import { api, errorMessage } from "../../api";
import type { ChannelConfigInput, ChannelKind, NotificationChannel } from "../../api/alerts";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { SecretInput } from "../ui/SecretInput";
import { Modal, ModalActions } from "../ui/Modal";
import { SelectField } from "../ui/SelectField";
import { Switch } from "../ui/Switch";

export const KIND_LABELS: Record<ChannelKind, string> = { email: "Email (SMTP)", discord: "Discord", telegram: "Telegram", slack: "Slack-compatible webhook", webhook: "Webhook (signed)" };

/**
 * Add or edit a channel. Secrets (password, token, webhook URL, signing secret) are never shown
 * again: when editing, an empty secret field keeps the stored one.
 */
export function ChannelDialog(props: { open: boolean; onOpenChange: (o: boolean) => void; channel?: NotificationChannel | null; onSaved: () => void }) {
  const [kind, setKind] = createSignal<ChannelKind>("email");
  const [name, setName] = createSignal("");
  const [f, setF] = createSignal<Record<string, string>>({});
  const [verify, setVerify] = createSignal(true);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const editing = () => Boolean(props.channel);
  const set = (k: string) => (e: { currentTarget: HTMLInputElement }) => setF((v) => ({ ...v, [k]: e.currentTarget.value }));
  const v = (k: string) => f()[k] ?? "";
  const keep = () => (editing() ? "Leave empty to keep the stored one." : undefined);

  createEffect(() => {
    if (!props.open) return;
    const c = props.channel;
    const s = (c?.settings ?? {}) as Record<string, unknown>;
    setError(null);
    setKind(c?.kind ?? "email");
    setName(c?.name ?? "");
    setVerify(s.verifyCertificate !== false);
    setF({
      host: String(s.host ?? ""),
      port: String(s.port ?? 587),
      security: String(s.security ?? "starttls"),
      username: String(s.username ?? ""),
      from: String(s.from ?? ""),
      to: Array.isArray(s.to) ? (s.to as string[]).join(", ") : "",
      chatId: String(s.chatId ?? ""),
    });
  });

  /** The config to send; secrets left empty are omitted (kept) when editing. */
  function config(): Record<string, unknown> {
    const opt = (k: string, value: string) => (value ? { [k]: value } : {});
    switch (kind()) {
      case "email":
        return {
          kind: "email",
          host: v("host").trim(),
          port: Number(v("port")),
          security: v("security") || "starttls",
          ...(v("username").trim() ? { username: v("username").trim() } : {}),
          ...opt("password", v("password")),
          from: v("from").trim(),
          to: v("to").split(/[,\s]+/).filter(Boolean),
          verifyCertificate: verify(),
        };
      case "discord":
        return { kind: "discord", ...opt("webhookUrl", v("webhookUrl").trim()) };
      case "telegram":
        return { kind: "telegram", ...opt("botToken", v("botToken").trim()), chatId: v("chatId").trim() };
      case "slack":
        return { kind: "slack", ...opt("webhookUrl", v("webhookUrl").trim()) };
      case "webhook":
        return { kind: "webhook", ...opt("url", v("url").trim()), ...opt("secret", v("secret")) };
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (props.channel) await api.alerts.updateChannel(props.channel.id, { name: name().trim(), config: config() as ChannelConfigInput });
      else await api.alerts.createChannel({ name: name().trim(), config: config() as ChannelConfigInput });
      toast.success(props.channel ? "Channel saved" : "Channel added", name().trim());
      props.onSaved();
      props.onOpenChange(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} title={editing() ? "Edit channel" : "Add notification channel"} size="lg">
      <form onSubmit={submit} class="space-y-3" data-testid="channel-form">
        <div class="grid gap-3 sm:grid-cols-2">
          <Field label="Name" value={name()} onInput={(e) => setName(e.currentTarget.value)} required maxLength={80} placeholder="On-call" />
          <SelectField label="Kind" value={kind()} onChange={setKind} disabled={editing()} testId="channel-kind" options={(Object.keys(KIND_LABELS) as ChannelKind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
        </div>
        <Sw>
          <Match when={kind() === "email"}>
            <div class="grid gap-3 sm:grid-cols-[minmax(0,1fr)_7rem]">
              <Field label="SMTP server" value={v("host")} onInput={set("host")} required placeholder="smtp.example.com" />
              <Field label="Port" type="number" min="1" max="65535" value={v("port")} onInput={set("port")} required />
            </div>
            <SelectField label="Encryption" value={v("security") || "starttls"} onChange={(s) => setF((x) => ({ ...x, security: s }))} options={[{ value: "starttls", label: "STARTTLS (required)" }, { value: "tls", label: "TLS from the start (port 465)" }, { value: "none", label: "None (local relay only)" }]} />
            <div class="grid gap-3 sm:grid-cols-2">
              <Field label="Username" value={v("username")} onInput={set("username")} autocomplete="off" />
              <SecretInput label="Password" value={v("password")} onInput={set("password")} autocomplete="new-password" hint={keep()} />
              <Field label="From" value={v("from")} onInput={set("from")} required placeholder="ServerKit <alerts@example.com>" />
              <Field label="To" value={v("to")} onInput={set("to")} required placeholder="ops@example.com, oncall@example.com" hint="Comma-separated." />
            </div>
            <Switch label="Verify the server's certificate" description="Turn off only for a relay with a self-signed certificate." checked={verify()} onChange={setVerify} />
          </Match>
          <Match when={kind() === "discord"}>
            <Field label="Webhook URL" value={v("webhookUrl")} onInput={set("webhookUrl")} required={!editing()} placeholder="https://discord.com/api/webhooks/…" hint={keep() ?? "Channel settings → Integrations → Webhooks → Copy Webhook URL."} />
          </Match>
          <Match when={kind() === "telegram"}>
            <SecretInput label="Bot token" value={v("botToken")} onInput={set("botToken")} required={!editing()} autocomplete="off" hint={keep() ?? "From @BotFather (123456:ABC…)."} />
            <Field label="Chat id" value={v("chatId")} onInput={set("chatId")} required placeholder="-1001234567890 or @channel" />
          </Match>
          <Match when={kind() === "slack"}>
            <Field label="Incoming webhook URL" value={v("webhookUrl")} onInput={set("webhookUrl")} required={!editing()} placeholder="https://hooks.slack.com/services/…" hint={keep() ?? "Slack, Mattermost and Rocket.Chat incoming webhooks accept this format."} />
          </Match>
          <Match when={kind() === "webhook"}>
            <Field label="URL" value={v("url")} onInput={set("url")} required={!editing()} placeholder="https://example.com/hooks/serverkit" hint={keep()} />
            <SecretInput label="Signing secret" value={v("secret")} onInput={set("secret")} required={!editing()} minLength={16} autocomplete="off" hint={keep() ?? "At least 16 characters. Each request carries X-ServerKit-Timestamp and X-ServerKit-Signature: sha256=HMAC(secret, timestamp + \".\" + body)."} />
          </Match>
        </Sw>
        <Show when={error()}>{(m) => <ErrorAlert message={m()} />}</Show>
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="save-channel">
            {editing() ? "Save" : "Add channel"}
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
