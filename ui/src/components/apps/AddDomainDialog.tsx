import { createEffect, createSignal, Show } from "solid-js";
import { api, type App, type Domain } from "../../api";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";
import { SelectField } from "../ui/SelectField";
import { Switch } from "../ui/Switch";
import { domainError, NginxOutput } from "../domains/nginxError";

const AUTO = "auto";
const splitNames = (s: string) => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);

/** Connect a hostname to the app: nginx proxies it to one of the app's published ports. */
export function AddDomainDialog(props: { app: App; open: boolean; onOpenChange: (v: boolean) => void; onAdded: (d: Domain) => void }) {
  const [hostname, setHostname] = createSignal("");
  const [aliases, setAliases] = createSignal("");
  const [port, setPort] = createSignal(AUTO);
  const [websocket, setWebsocket] = createSignal(true);
  const [www, setWww] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [err, setErr] = createSignal<ReturnType<typeof domainError> | null>(null);

  createEffect(() => {
    if (props.open) {
      setHostname("");
      setAliases("");
      setPort(AUTO);
      setWebsocket(true);
      setWww(false);
      setErr(null);
    }
  });

  const ports = () => [...new Set(props.app.ports.map((p) => p.hostPort))];
  const portOptions = () => [
    { value: AUTO, label: ports().length ? `Automatic (first published port, ${ports()[0]})` : "Automatic (first published port)" },
    ...props.app.ports.filter((p, i, all) => all.findIndex((q) => q.hostPort === p.hostPort) === i).map((p) => ({
      value: String(p.hostPort),
      label: `${p.hostPort}${p.service ? ` — ${p.service}` : ""}${p.containerPort != null ? ` (container ${p.containerPort})` : ""}`,
    })),
  ];
  const fieldError = (f: "hostname" | "aliases") => (err()?.field === f ? err()!.message : null);

  async function submit(e: Event) {
    e.preventDefault();
    const names = splitNames(aliases());
    if (!hostname().trim()) return setErr({ field: "hostname", message: "Enter a hostname, e.g. app.example.com.", output: null });
    setBusy(true);
    setErr(null);
    try {
      const res = await api.domains.create({
        appId: Number(props.app.id),
        hostname: hostname().trim(),
        aliases: names.length ? names : undefined,
        port: port() === AUTO ? undefined : Number(port()),
        options: { websocket: websocket(), wwwRedirect: www() },
      });
      toast.success(`${res.domain.hostname} connected`, `Nginx now proxies it to port ${res.domain.port}.`);
      props.onAdded(res.domain);
      props.onOpenChange(false);
    } catch (x) {
      setErr(domainError(x, names));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} title="Add domain" description={`Serve ${props.app.name} on your own hostname through Nginx. Point its DNS (A/AAAA) at this server.`}>
      <form onSubmit={submit} class="space-y-4" novalidate>
        <Field
          label="Hostname"
          placeholder="app.example.com"
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
          required
          value={hostname()}
          onInput={(e) => setHostname(e.currentTarget.value)}
          error={fieldError("hostname")}
        />
        <Field
          label="Aliases"
          placeholder="www.example.com, example.org"
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
          hint="Optional. Other names for the same app, comma-separated. A wildcard such as *.example.com needs a DNS-01 certificate."
          value={aliases()}
          onInput={(e) => setAliases(e.currentTarget.value)}
          error={fieldError("aliases")}
        />
        <SelectField label="Upstream port" options={portOptions()} value={port()} onChange={setPort} />
        <Switch label="WebSocket support" description="Pass Upgrade headers through (needed by most live UIs)." checked={websocket()} onChange={setWebsocket} />
        <Switch label="www redirect" description="Also answer the www/apex counterpart with a redirect to the hostname." checked={www()} onChange={setWww} />
        <Show when={err() && !err()!.field}>
          <div class="space-y-2">
            <ErrorAlert message={err()?.message} />
            <NginxOutput output={err()?.output ?? null} />
          </div>
        </Show>
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()}>
            Add domain
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
