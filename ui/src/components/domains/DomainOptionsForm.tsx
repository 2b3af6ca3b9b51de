import { createEffect, createSignal, createUniqueId, on, Show } from "solid-js";
import Save from "lucide-solid/icons/save";
import { api, type Domain, type DomainOptions } from "../../api";
import { can } from "../../lib/session";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Card } from "../ui/Page";
import { Switch } from "../ui/Switch";
import { domainError, NginxOutput } from "./nginxError";

type Num = "bodySizeMb" | "connect" | "read" | "send";
const LIMITS: Record<Num, [number, number]> = { bodySizeMb: [0, 10_240], connect: [1, 3600], read: [1, 86_400], send: [1, 86_400] };

/** Nginx options of a domain (PATCH /domains/:id); owners also get the raw snippet. */
export function DomainOptionsForm(props: { domain: Domain; onSaved: (d: Domain) => void }) {
  const [o, setO] = createSignal<DomainOptions>(structuredClone(props.domain.options));
  const [nums, setNums] = createSignal<Record<Num, string>>({ bodySizeMb: "", connect: "", read: "", send: "" });
  const [busy, setBusy] = createSignal(false);
  const [err, setErr] = createSignal<ReturnType<typeof domainError> | null>(null);
  const owner = () => can("owner");
  const manage = () => can("operator");
  const snippetId = createUniqueId();

  const reset = (d: Domain) => {
    setO(structuredClone(d.options));
    const t = d.options.timeouts;
    setNums({ bodySizeMb: String(d.options.bodySizeMb), connect: String(t.connect), read: String(t.read), send: String(t.send) });
  };
  createEffect(on(() => props.domain, reset));

  const set = <K extends keyof DomainOptions>(k: K, v: DomainOptions[K]) => setO((x) => ({ ...x, [k]: v }));
  const numError = (k: Num): string | null => {
    const v = nums()[k].trim();
    const [min, max] = LIMITS[k];
    return /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? null : `A whole number from ${min} to ${max}.`;
  };
  const invalid = () => (Object.keys(LIMITS) as Num[]).some((k) => numError(k));

  async function submit(e: Event) {
    e.preventDefault();
    if (invalid()) return;
    const n = nums();
    const options: Partial<DomainOptions> = {
      websocket: o().websocket,
      wwwRedirect: o().wwwRedirect,
      hsts: o().hsts,
      bodySizeMb: Number(n.bodySizeMb),
      timeouts: { connect: Number(n.connect), read: Number(n.read), send: Number(n.send) },
    };
    // Only owners may send the snippet at all (403 otherwise).
    if (owner() && o().snippet !== props.domain.options.snippet) options.snippet = o().snippet;
    setBusy(true);
    setErr(null);
    try {
      const res = await api.domains.update(props.domain.id, { options });
      toast.success(`Options of ${res.domain.hostname} saved`, "Nginx reloaded with the new configuration.");
      props.onSaved(res.domain);
    } catch (x) {
      setErr(domainError(x));
    } finally {
      setBusy(false);
    }
  }

  const num = (k: Num, label: string, hint?: string) => (
    <Field
      label={label}
      type="number"
      inputMode="numeric"
      min={LIMITS[k][0]}
      max={LIMITS[k][1]}
      hint={hint}
      disabled={!manage()}
      value={nums()[k]}
      onInput={(e) => setNums((x) => ({ ...x, [k]: e.currentTarget.value }))}
      error={numError(k)}
    />
  );

  return (
    <Card title="Nginx options" id="domain-options">
      <form onSubmit={submit} class="space-y-4" novalidate data-testid="domain-options-form">
        <div class="space-y-3">
          <Switch label="WebSocket support" description="Pass Upgrade headers through (needed by most live UIs)." checked={o().websocket} onChange={(v) => set("websocket", v)} disabled={!manage()} />
          <Switch label="www redirect" description="Also answer the www/apex counterpart with a redirect to the hostname." checked={o().wwwRedirect} onChange={(v) => set("wwwRedirect", v)} disabled={!manage()} />
          <Switch
            label="HSTS"
            description={`Tell browsers to only ever use HTTPS for this site.${props.domain.tls ? "" : " Takes effect once the domain serves HTTPS."} Hard to undo: browsers remember it.`}
            checked={o().hsts}
            onChange={(v) => set("hsts", v)}
            disabled={!manage()}
          />
        </div>
        <div class="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {num("bodySizeMb", "Max request body (MB)", "0 = no limit")}
          {num("connect", "Connect timeout (s)")}
          {num("read", "Read timeout (s)")}
          {num("send", "Send timeout (s)")}
        </div>
        <Show
          when={owner()}
          fallback={
            <Show when={(props.domain.options.snippet ?? "").trim()}>
              <p class="text-[12px] text-muted">This domain also has custom nginx directives, set by an owner.</p>
            </Show>
          }
        >
          <div>
            <label for={snippetId} class="mb-1 block text-[13px] font-medium">Custom nginx directives</label>
            <textarea
              id={snippetId}
              data-testid="domain-snippet"
              rows={6}
              maxLength={8192}
              class="block w-full resize-y rounded-md border border-line-strong bg-surface p-2 font-mono text-[12px] leading-[1.5] focus-visible:outline-2 focus-visible:outline-accent"
              spellcheck={false}
              autocapitalize="off"
              placeholder={"# e.g.\nadd_header X-Frame-Options SAMEORIGIN;"}
              aria-describedby={`${snippetId}-hint`}
              value={o().snippet}
              onInput={(e) => set("snippet", e.currentTarget.value)}
            />
            <p id={`${snippetId}-hint`} class="mt-1 text-[12px] text-muted">
              Owners only. Inserted as-is inside this domain's server block; nginx checks the result (nginx -t) before it goes live.
            </p>
          </div>
        </Show>
        <Show when={err()}>
          <div class="space-y-2">
            <ErrorAlert message={err()!.message} />
            <NginxOutput output={err()!.output} />
          </div>
        </Show>
        <Show when={manage()}>
          <div class="flex flex-wrap justify-end gap-2">
            <Button onClick={() => (reset(props.domain), setErr(null))} disabled={busy()}>Reset</Button>
            <Button type="submit" variant="primary" loading={busy()} disabled={invalid()} data-testid="domain-options-save">
              <Save class="size-4" aria-hidden="true" /> Save options
            </Button>
          </div>
        </Show>
      </form>
    </Card>
  );
}
