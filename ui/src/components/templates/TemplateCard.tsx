import { For, Show } from "solid-js";
import { useNavigate } from "@solidjs/router";
import ExternalLink from "lucide-solid/icons/external-link";
import Rocket from "lucide-solid/icons/rocket";
import type { TemplateSummary } from "../../api";
import { can } from "../../lib/session";
import { Button } from "../ui/Button";
import { categoryLabel, TemplateIcon } from "./TemplateIcon";

export function TemplateCard(props: { template: TemplateSummary }) {
  const navigate = useNavigate();
  const t = () => props.template;
  const titleId = () => `tpl-${t().id}-title`;
  return (
    <article
      data-testid={`template-card-${t().id}`}
      aria-labelledby={titleId()}
      class="flex flex-col rounded-lg border border-line bg-surface p-4 transition-shadow hover:shadow-pop"
    >
      <div class="flex items-start gap-3">
        <TemplateIcon icon={t().icon} name={t().name} />
        <div class="min-w-0">
          <h2 id={titleId()} class="truncate text-[15px] font-semibold">
            {t().name}
          </h2>
          <p class="text-[12px] text-muted">Template v{t().version}</p>
        </div>
      </div>
      <p class="mt-3 line-clamp-3 flex-1 text-[13px] text-muted" title={t().description}>
        {t().description}
      </p>
      <ul class="mt-3 flex flex-wrap gap-1" aria-label="Categories">
        <For each={t().categories}>
          {(c) => <li class="rounded-full bg-surface-2 px-2 py-px text-[12px] text-muted">{categoryLabel(c)}</li>}
        </For>
      </ul>
      <div class="mt-4 flex items-center justify-between gap-2">
        <a
          href={t().documentation}
          target="_blank"
          rel="noopener noreferrer"
          class="inline-flex items-center gap-1 rounded text-[12px] text-accent hover:underline"
        >
          Docs <ExternalLink class="size-3" aria-hidden="true" />
          <span class="sr-only">for {t().name} (opens in a new tab)</span>
        </a>
        <Show when={can("operator")}>
          <Button size="sm" variant="primary" aria-describedby={titleId()} onClick={() => navigate(`/templates/${t().id}`)}>
            <Rocket class="size-3.5" aria-hidden="true" />
            Deploy
          </Button>
        </Show>
      </div>
    </article>
  );
}
