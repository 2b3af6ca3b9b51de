import { createResource, createSignal, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import ExternalLink from "lucide-solid/icons/external-link";
import Globe from "lucide-solid/icons/globe";
import Plus from "lucide-solid/icons/plus";
import SearchCheck from "lucide-solid/icons/search-check";
import ShieldCheck from "lucide-solid/icons/shield-check";
import Trash2 from "lucide-solid/icons/trash";
import { api, errorMessage, type App, type DnsReport, type Domain } from "../../api";
import { can } from "../../lib/session";
import { toast } from "../../lib/toast";
import { Alert } from "../ui/Alert";
import { Async } from "../ui/Async";
import { Badge } from "../ui/Badge";
import { Button, buttonClass } from "../ui/Button";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState } from "../ui/EmptyState";
import { Card, tableClass, tdClass, thClass } from "../ui/Page";
import { AddDomainDialog } from "./AddDomainDialog";
import { CertBadge } from "../domains/CertBadge";
import { domainHref } from "../domains/DomainsTable";
import { siteUrl } from "../domains/cert";
import { useCertificateJobs } from "../domains/useCertificateJobs";

type DnsState = { loading: true } | { loading: false; report?: DnsReport; error?: string };

/** Result of a DNS check, inline under the hostname: warnings only, they never block anything. */
function DnsResult(props: { state: DnsState }) {
  return (
    <Show when={!props.state.loading && props.state} fallback={<p class="mt-1 text-[12px] text-muted">Checking DNS…</p>}>
      {(s) => (
        <div class="mt-1.5 space-y-1">
          <Show when={s().error}>
            <Alert kind="error">{s().error}</Alert>
          </Show>
          <Show when={s().report}>
            {(r) => (
              <Show
                when={r().warnings.length > 0}
                fallback={<p class="text-[12px] text-success">DNS points at this server ({r().serverAddresses.join(", ") || "address unknown"}).</p>}
              >
                <Alert kind="warning">
                  <ul class="space-y-0.5">
                    <For each={r().warnings}>{(w) => <li>{w}</li>}</For>
                  </ul>
                  <p class="mt-1 text-[12px]">The domain is connected anyway; it starts answering once DNS points here.</p>
                </Alert>
              </Show>
            )}
          </Show>
        </div>
      )}
    </Show>
  );
}

function OptionBadges(props: { domain: Domain }) {
  const o = () => props.domain.options;
  return (
    <div class="flex flex-wrap gap-1">
      <Show when={o().websocket}><Badge tone="accent">WebSocket</Badge></Show>
      <Show when={o().wwwRedirect}><Badge>www redirect</Badge></Show>
      <Show when={o().hsts}><Badge tone="success">HSTS</Badge></Show>
      <Badge>{o().bodySizeMb === 0 ? "no body limit" : `body ${o().bodySizeMb} MB`}</Badge>
    </div>
  );
}

/** The app's domains: hostnames nginx proxies to it. Operators add, check and remove; viewers read. */
export function AppDomains(props: { app: App }) {
  const [domains, { refetch, mutate }] = createResource(() => props.app.id, (id) => api.domains.list(id).then((r) => r.items));
  const [adding, setAdding] = createSignal(false);
  const [removing, setRemoving] = createSignal<Domain | null>(null);
  const [dns, setDns] = createSignal<Record<number, DnsState>>({});
  const manage = () => can("operator");
  const list = () => domains.latest ?? [];
  // Certificate jobs (obtained from the domain page, or scheduled renewals) update the HTTPS badges.
  let timer: ReturnType<typeof setTimeout> | undefined;
  useCertificateJobs(list, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refetch(), 300);
  });

  async function checkDns(d: Domain) {
    setDns((m) => ({ ...m, [d.id]: { loading: true } }));
    try {
      const report = await api.domains.dns(d.id);
      setDns((m) => ({ ...m, [d.id]: { loading: false, report } }));
    } catch (err) {
      setDns((m) => ({ ...m, [d.id]: { loading: false, error: errorMessage(err) } }));
    }
  }

  const addButton = () => (
    <Show when={manage()}>
      <Button variant="primary" size="sm" onClick={() => setAdding(true)}>
        <Plus class="size-4" aria-hidden="true" /> Add domain
      </Button>
    </Show>
  );

  return (
    <Card title="Domains" actions={addButton()} bodyClass="overflow-x-auto">
      <Async of={domains} retry={refetch} loadingLabel="Loading domains…">
        {() => (
          <Show
            when={list().length > 0}
            fallback={
              <EmptyState icon={<Globe class="size-6" />} title="No domains yet — add one to serve this app on your own hostname through Nginx.">
                Once added, get an HTTPS certificate for it from its domain page. No domain yet? Share the app with a private URL below.
              </EmptyState>
            }
          >
            <table class={tableClass}>
              <thead>
                <tr>
                  <th scope="col" class={thClass}>Hostname</th>
                  <th scope="col" class={`${thClass} hidden md:table-cell`}>Aliases</th>
                  <th scope="col" class={thClass}>HTTPS</th>
                  <th scope="col" class={`${thClass} hidden sm:table-cell`}>Port</th>
                  <th scope="col" class={`${thClass} hidden sm:table-cell`}>Options</th>
                  <th scope="col" class={thClass}><span class="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                <For each={list()}>
                  {(d) => (
                    <tr class="hover:bg-surface-2/60" data-testid="app-domain-row" data-hostname={d.hostname}>
                      <td class={tdClass}>
                        <span class="inline-flex items-center gap-1.5">
                          <A href={domainHref(d)} class="font-mono text-accent hover:underline" title="Certificate, options and diagnosis">
                            {d.hostname}
                          </A>
                          <a
                            href={siteUrl(d)}
                            target="_blank"
                            rel="noopener noreferrer"
                            class="rounded p-0.5 text-muted hover:text-accent"
                            aria-label={`Open ${d.hostname} in a new tab`}
                            title={`Open ${siteUrl(d)}`}
                          >
                            <ExternalLink class="size-3.5" aria-hidden="true" />
                          </a>
                        </span>
                        <Show when={dns()[d.id]}>{(s) => <DnsResult state={s()} />}</Show>
                      </td>
                      <td class={`${tdClass} hidden font-mono text-[12px] md:table-cell`}>
                        {d.aliases.length ? d.aliases.join(", ") : <span class="font-sans text-muted">—</span>}
                      </td>
                      <td class={tdClass}>
                        <CertBadge domain={d} />
                      </td>
                      <td class={`${tdClass} hidden font-mono sm:table-cell`}>{d.port}</td>
                      <td class={`${tdClass} hidden sm:table-cell`}><OptionBadges domain={d} /></td>
                      <td class={`${tdClass} whitespace-nowrap text-right`}>
                        <A href={domainHref(d)} class={buttonClass("ghost", "sm")} data-testid="app-domain-details">
                          <ShieldCheck class="size-4" aria-hidden="true" /> HTTPS & details
                        </A>
                        <Button size="sm" variant="ghost" loading={dns()[d.id]?.loading} onClick={() => void checkDns(d)}>
                          <SearchCheck class="size-4" aria-hidden="true" /> Check DNS
                        </Button>
                        <Show when={manage()}>
                          <Button size="sm" variant="ghost" class="text-danger" onClick={() => setRemoving(d)}>
                            <Trash2 class="size-4" aria-hidden="true" /> Remove
                          </Button>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Async>
      <AddDomainDialog app={props.app} open={adding()} onOpenChange={setAdding} onAdded={(d) => mutate([...list(), d])} />
      <ConfirmDialog
        open={removing() !== null}
        onOpenChange={(v) => !v && setRemoving(null)}
        title={`Remove ${removing()?.hostname ?? "domain"}`}
        confirmLabel="Remove domain"
        typeToConfirm={removing()?.hostname}
        onConfirm={async () => {
          const d = removing()!;
          await api.domains.remove(d.id);
          mutate(list().filter((x) => x.id !== d.id));
          toast.success(`${d.hostname} removed`);
        }}
      >
        <p>
          Nginx stops answering <strong>{removing()?.hostname}</strong>
          {removing()?.aliases.length ? <> and {removing()!.aliases.join(", ")}</> : null}
          {removing()?.certificate ? <>, and its certificate is deleted</> : null}. The app itself keeps running on its ports.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
