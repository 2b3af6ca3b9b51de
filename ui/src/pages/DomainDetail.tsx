import { createResource, Match, Show, Switch } from "solid-js";
import { DetailFrame } from "../components/layout/DetailFrame";
import { useNavigate, useParams } from "@solidjs/router";
import Trash2 from "lucide-solid/icons/trash";
import { api, type Domain } from "../api";
import { valueOf } from "../lib/resource";
import { can } from "../lib/session";
import { Button } from "../components/ui/Button";
import { Card } from "../components/ui/Page";
import { Tabs } from "../components/ui/Tabs";
import { CertBadge } from "../components/domains/CertBadge";
import { CertificateCard } from "../components/domains/CertificateCard";
import { DiagnosePanel } from "../components/domains/DiagnosePanel";
import { createDomainActions } from "../components/domains/domainActions";
import { DomainOptionsForm } from "../components/domains/DomainOptionsForm";
import { DomainSummary } from "../components/domains/DomainSummary";
import { useCertificateJobs } from "../components/domains/useCertificateJobs";

type Tab = "overview" | "settings" | "diagnose";
const TABS: { value: Tab; label: string }[] = [
  { value: "overview", label: "Certificate" },
  { value: "settings", label: "Settings" },
  { value: "diagnose", label: "Diagnose" },
];

/** /domains/:id/:tab? — one domain: its certificate (and job), nginx options, diagnosis. */
export default function DomainDetail() {
  const params = useParams<{ id: string; tab?: string }>();
  const navigate = useNavigate();
  const [domain, { refetch, mutate }] = createResource(() => Number(params.id), (id) => api.domains.get(id).then((r) => r.domain));
  const tab = (): Tab => (TABS.some((t) => t.value === params.tab) ? (params.tab as Tab) : "overview");
  const base = () => `/domains/${encodeURIComponent(params.id)}`;

  let timer: ReturnType<typeof setTimeout> | undefined;
  const reload = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refetch(), 300);
  };
  useCertificateJobs(() => (valueOf(domain) ? [valueOf(domain)!] : []), reload);

  const actions = createDomainActions({
    onChanged: (d) => mutate(d),
    onRemoved: () => navigate("/domains"),
    // The certificate card follows the job inline (its log is also a click away in the drawer).
    onJob: () => undefined,
  });

  return (
    <>
      <DetailFrame
        back="/domains"
        backLabel="Domains"
        of={domain}
        retry={refetch}
        loadingLabel="Loading domain…"
        goneTitle="This domain doesn't exist (any more)"
        gone={<>It may have been removed, or its app was.</>}
      >
        {(d) => (
          <>
            <div class="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2">
              <h1 class="min-w-0 font-mono text-xl font-semibold tracking-tight [overflow-wrap:anywhere]">{d().hostname}</h1>
              <CertBadge domain={d()} />
              <Show when={can("operator")}>
                <Button variant="ghost" class="ml-auto text-danger" onClick={() => actions.askRemove(d())} data-testid="remove-domain-button">
                  <Trash2 class="size-4" aria-hidden="true" /> Remove domain
                </Button>
              </Show>
            </div>
            <Tabs<Tab>
              label="Domain sections"
              tabs={TABS}
              value={tab()}
              onChange={(t) => navigate(t === "overview" ? base() : `${base()}/${t}`)}
              render={(t) => (
                <Switch>
                  <Match when={t === "overview"}>
                    <div class="grid items-start gap-4 lg:grid-cols-[2fr_1fr]">
                      <CertificateCard domain={d()} actions={actions} onReload={reload} />
                      <DomainSummary domain={d()} />
                    </div>
                  </Match>
                  <Match when={t === "settings"}>
                    <DomainOptionsForm domain={d()} onSaved={(x: Domain) => mutate(x)} />
                  </Match>
                  <Match when={t === "diagnose"}>
                    <Card title="Diagnose" id="diagnose">
                      <DiagnosePanel domainId={d().id} hostname={d().hostname} />
                    </Card>
                  </Match>
                </Switch>
              )}
            />
          </>
        )}
      </DetailFrame>
      {actions.dialogs}
    </>
  );
}
