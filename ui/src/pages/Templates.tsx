import { createMemo, createResource, For, Show } from "solid-js";
import { A, useSearchParams } from "@solidjs/router";
import LayoutTemplate from "lucide-solid/icons/layout-template";
import FileCode from "lucide-solid/icons/file-code";
import { valueOf } from "../lib/resource";
import { api, type TemplateSummary } from "../api";
import { can } from "../lib/session";
import { Async } from "../components/ui/Async";
import { buttonClass } from "../components/ui/Button";
import { EmptyState } from "../components/ui/EmptyState";
import { PageHeader } from "../components/ui/Page";
import { SearchInput } from "../components/ui/SearchInput";
import { Skeleton } from "../components/ui/Loading";
import { CategoryChips } from "../components/templates/CategoryChips";
import { TemplateCard } from "../components/templates/TemplateCard";

/** Template gallery: search and category chips (kept in the URL), a card per template. */
export default function Templates() {
  const [data, { refetch }] = createResource(() => api.templates.list());
  const [params, setParams] = useSearchParams<{ q?: string; category?: string }>();
  const q = () => (typeof params.q === "string" ? params.q : "");
  const category = () => (typeof params.category === "string" ? params.category : "");

  const counts = createMemo(() => {
    const out: Record<string, number> = {};
    for (const t of valueOf(data)?.items ?? []) for (const c of t.categories) out[c] = (out[c] ?? 0) + 1;
    return out;
  });

  const matches = (t: TemplateSummary) => {
    const words = q().trim().toLowerCase().split(/\s+/).filter(Boolean);
    const hay = `${t.name} ${t.id} ${t.description} ${t.categories.join(" ")}`.toLowerCase();
    return (!category() || t.categories.includes(category())) && words.every((w) => hay.includes(w));
  };

  return (
    <>
      <PageHeader
        title="Templates"
        description="Ready-made apps. Pick one, answer a few questions, and ServerKit deploys it with Docker Compose."
        actions={
          <Show when={can("operator")}>
            <A href="/apps/new" class={buttonClass("secondary")}>
              <FileCode class="size-4" aria-hidden="true" /> New app from compose
            </A>
          </Show>
        }
      />
      <Async
        of={data}
        retry={refetch}
        loading={
          <div class="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-busy="true">
            <For each={[1, 2, 3, 4, 5, 6]}>{() => <Skeleton class="h-48 w-full" />}</For>
          </div>
        }
      >
        {(d) => (
          <>
            <div class="mb-4 space-y-3">
              <SearchInput
                label="Search templates"
                value={q()}
                onInput={(v) => setParams({ q: v || undefined }, { replace: true })}
                class="w-full sm:w-80"
              />
              <CategoryChips
                categories={d.categories}
                counts={counts()}
                value={category()}
                onChange={(c) => setParams({ category: c || undefined }, { replace: true })}
              />
            </div>
            <Show
              when={d.items.filter(matches).length > 0}
              fallback={
                <EmptyState icon={<LayoutTemplate class="size-6" />} title="No template matches">
                  Try fewer words or another category — or write your own with “New app from compose”.
                </EmptyState>
              }
            >
              <p class="sr-only" aria-live="polite">
                {d.items.filter(matches).length} templates shown
              </p>
              <div class="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
                <For each={d.items.filter(matches)}>{(t) => <TemplateCard template={t} />}</For>
              </div>
            </Show>
          </>
        )}
      </Async>
    </>
  );
}
