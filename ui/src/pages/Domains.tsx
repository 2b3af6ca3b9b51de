import { createResource, createSignal, Show } from "solid-js";
import { A, useNavigate } from "@solidjs/router";
import Globe from "lucide-solid/icons/globe";
import SearchCheck from "lucide-solid/icons/search-check";
import { api, type Domain } from "../api";
import { useNow } from "../lib/now";
import { valueOf } from "../lib/resource";
import { createSort } from "../lib/sort";
import { stableList } from "../lib/stable";
import { AsyncLive } from "../components/ui/AsyncLive";
import { Button, buttonClass } from "../components/ui/Button";
import { Drawer } from "../components/ui/Drawer";
import { EmptyState } from "../components/ui/EmptyState";
import { Card, PageHeader } from "../components/ui/Page";
import { SearchInput } from "../components/ui/SearchInput";
import { useOpenJob } from "../components/jobs/openJob";
import { DiagnosePanel } from "../components/domains/DiagnosePanel";
import { createDomainActions } from "../components/domains/domainActions";
import { checkAllDns, checkDns } from "../components/domains/dnsChecks";
import { DomainsTable, domainHref, type DomainSortKey } from "../components/domains/DomainsTable";
import { httpsSortKey, httpsStatus } from "../components/domains/cert";
import { useCertificateJobs } from "../components/domains/useCertificateJobs";

/** /domains — every domain of every app, with DNS (on demand) and HTTPS status. */
export default function Domains() {
  const navigate = useNavigate();
  const openJob = useOpenJob();
  const now = useNow(60_000);
  const [domains, { refetch, mutate }] = createResource<Domain[]>((_, info) =>
    api.domains.list().then((r) => stableList(info.value, r.items, (d) => String(d.id))),
  );
  const [query, setQuery] = createSignal("");
  const [diagnosing, setDiagnosing] = createSignal<Domain | null>(null);
  const [checkingAll, setCheckingAll] = createSignal(false);
  const list = () => valueOf(domains) ?? [];

  let timer: ReturnType<typeof setTimeout> | undefined;
  useCertificateJobs(list, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refetch(), 300);
  });

  const replace = (d: Domain) => mutate((l) => (l ?? []).map((x) => (x.id === d.id ? d : x)));
  const actions = createDomainActions({
    onChanged: replace,
    onRemoved: (d) => mutate((l) => (l ?? []).filter((x) => x.id !== d.id)),
    onJob: (job) => openJob(job.id),
    onOpen: (d) => navigate(domainHref(d)),
    onDiagnose: setDiagnosing,
    onCheckDns: (d) => void checkDns(d.id),
  });

  const sort = createSort<Domain, DomainSortKey>(
    { hostname: (d) => d.hostname, app: (d) => d.appName, https: httpsSortKey, renewed: (d) => d.certificate?.lastRenewalAt },
    "hostname",
  );
  const visible = (items: Domain[]) => {
    const q = query().trim().toLowerCase();
    return sort.sorted(items.filter((d) => !q || [d.hostname, ...d.aliases, d.appName ?? ""].some((x) => x.toLowerCase().includes(q))));
  };
  /** Failed, expired, failing to renew, or expiring within a week. */
  const attention = (items: Domain[]) =>
    items.filter((d) => ["failed", "expired", "renewal-failed"].includes(httpsStatus(d)) || (d.certificate?.daysLeft ?? 99) < 7).length;

  async function checkAll() {
    setCheckingAll(true);
    await checkAllDns(visible(list()).map((d) => d.id));
    setCheckingAll(false);
  }

  return (
    <>
      <PageHeader title="Domains" description="Hostnames Nginx serves for your apps, their DNS and HTTPS certificates." />
      <AsyncLive of={domains} retry={refetch} loadingLabel="Loading domains…">
        {(items) => (
          <Show
            when={items().length > 0}
            fallback={
              <Card>
                <EmptyState
                  icon={<Globe class="size-6" />}
                  title="No domains yet — domains are added from an app's page"
                  action={<A href="/apps" class={buttonClass("primary")}>Go to Apps</A>}
                >
                  Open an app, go to its Domains tab and connect a hostname: Nginx proxies it to the app, and you can get an HTTPS certificate for it
                  here.
                </EmptyState>
              </Card>
            }
          >
            <div class="mb-3 flex flex-wrap items-center gap-2">
              <SearchInput label="Search domains" value={query()} onInput={setQuery} />
              <Button onClick={() => void checkAll()} loading={checkingAll()} data-testid="check-all-dns">
                <SearchCheck class="size-4" aria-hidden="true" /> Check DNS of all
              </Button>
              <span class="ml-auto text-[12px] text-muted">
                {items().length} domain{items().length === 1 ? "" : "s"}
                <Show when={attention(items()) > 0}>
                  {" · "}
                  <span class="text-danger">{attention(items())} need{attention(items()) === 1 ? "s" : ""} attention</span>
                </Show>
              </span>
            </div>
            <Card bodyClass="overflow-x-auto">
              <Show when={visible(items()).length > 0} fallback={<EmptyState title="No domain matches this search" />}>
                <DomainsTable domains={visible(items())} sort={sort} menu={actions.menu} now={now()} />
              </Show>
            </Card>
          </Show>
        )}
      </AsyncLive>
      <Drawer
        open={!!diagnosing()}
        onOpenChange={(o) => !o && setDiagnosing(null)}
        title={`Diagnose ${diagnosing()?.hostname ?? ""}`}
      >
        <Show when={diagnosing()} keyed>
          {(d) => (
            <div class="p-5">
              <DiagnosePanel domainId={d.id} hostname={d.hostname} auto />
            </div>
          )}
        </Show>
      </Drawer>
      {actions.dialogs}
    </>
  );
}
