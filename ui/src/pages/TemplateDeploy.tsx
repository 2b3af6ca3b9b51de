import { createResource, For, Show } from "solid-js";
import { A, useParams } from "@solidjs/router";
import ArrowLeft from "lucide-solid/icons/arrow-left";
import ExternalLink from "lucide-solid/icons/external-link";
import { api } from "../api";
import { selectedServerId } from "../lib/servers";
import { Async } from "../components/ui/Async";
import { Card } from "../components/ui/Page";
import { RequireRole } from "../components/layout/RequireRole";
import { DeployForm } from "../components/templates/DeployForm";
import { categoryLabel, TemplateIcon } from "../components/templates/TemplateIcon";

/** /templates/:id — the template's deploy form, with what the template is beside it. */
export default function TemplateDeploy() {
  const params = useParams<{ id: string }>();
  const [data, { refetch }] = createResource(() => params.id, (id) => api.templates.get(id).then((r) => r.template));

  return (
    <>
      <A href="/templates" class="mb-3 inline-flex items-center gap-1 rounded text-[13px] text-muted hover:text-fg">
        <ArrowLeft class="size-4" aria-hidden="true" /> Templates
      </A>
      <Async of={data} retry={refetch} loadingLabel="Loading template…">
        {(t) => (
          <>
            <div class="mb-5 flex items-start gap-3">
              <TemplateIcon icon={t.icon} name={t.name} size="lg" />
              <div class="min-w-0">
                <h1 class="text-xl font-semibold tracking-tight">Deploy {t.name}</h1>
                <p class="mt-0.5 text-[13px] text-muted">
                  Template v{t.version} · on server <span class="font-medium text-fg">{selectedServerId()}</span>
                </p>
              </div>
            </div>
            <div class="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
              <RequireRole min="operator">
                <DeployForm template={t} server={selectedServerId()} />
              </RequireRole>
              <aside>
                <Card title="About" id="tpl-about">
                  <p class="text-[13px]">{t.description}</p>
                  <ul class="mt-3 flex flex-wrap gap-1" aria-label="Categories">
                    <For each={t.categories}>
                      {(c) => <li class="rounded-full bg-surface-2 px-2 py-px text-[12px] text-muted">{categoryLabel(c)}</li>}
                    </For>
                  </ul>
                  <a
                    href={t.documentation}
                    target="_blank"
                    rel="noopener noreferrer"
                    class="mt-3 inline-flex items-center gap-1 text-[13px] text-accent hover:underline"
                  >
                    Documentation <ExternalLink class="size-3.5" aria-hidden="true" />
                    <span class="sr-only">(opens in a new tab)</span>
                  </a>
                  <Show when={t.source !== "embedded"}>
                    <p class="mt-2 text-[12px] text-muted">Custom template from this server's template folder.</p>
                  </Show>
                </Card>
              </aside>
            </div>
          </>
        )}
      </Async>
    </>
  );
}
