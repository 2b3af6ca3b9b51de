import { createEffect, createSignal, Match, on, onCleanup, Show, Switch } from "solid-js";
import ScrollText from "lucide-solid/icons/scroll-text";
import { api, errorMessage, type AuditEntry } from "../api";
import { ErrorAlert } from "../components/ui/Alert";
import { Button } from "../components/ui/Button";
import { EmptyState } from "../components/ui/EmptyState";
import { Loading } from "../components/ui/Loading";
import { Card, PageHeader } from "../components/ui/Page";
import { AuditTable } from "../components/audit/AuditTable";
import { AuditFilters, emptyAuditFilters, type AuditFilterValues } from "../components/audit/AuditFilters";

const PAGE = 50;

export default function Audit() {
  const [filters, setFilters] = createSignal<AuditFilterValues>(emptyAuditFilters());
  // Text filters are debounced; the query actually sent lags behind typing by 300 ms.
  const [applied, setApplied] = createSignal<AuditFilterValues>(emptyAuditFilters());
  const [items, setItems] = createSignal<AuditEntry[]>([]);
  const [cursor, setCursor] = createSignal<number | null>(null);
  const [state, setState] = createSignal<"loading" | "ready" | "error">("loading");
  const [error, setError] = createSignal<string | null>(null);
  const [moreBusy, setMoreBusy] = createSignal(false);
  const [moreError, setMoreError] = createSignal<string | null>(null);
  const [refreshing, setRefreshing] = createSignal(false);
  let requestNo = 0;

  let timer: ReturnType<typeof setTimeout> | undefined;
  const onFilters = (v: AuditFilterValues) => {
    const resultChanged = v.result !== filters().result;
    setFilters(v);
    clearTimeout(timer);
    if (resultChanged) setApplied(v);
    else timer = setTimeout(() => setApplied(v), 300);
  };
  onCleanup(() => clearTimeout(timer));

  const query = (f: AuditFilterValues) => ({
    actor: f.actor.trim(),
    action: f.action.trim(),
    result: f.result,
    q: f.q.trim(),
    limit: PAGE,
  });

  createEffect(
    on(applied, async (f) => {
      const mine = ++requestNo;
      if (state() !== "ready") setState("loading");
      setRefreshing(true);
      setError(null);
      try {
        const page = await api.audit.list(query(f));
        if (mine !== requestNo) return;
        setItems(page.items);
        setCursor(page.nextBefore);
        setState("ready");
      } catch (e) {
        if (mine !== requestNo) return;
        setError(errorMessage(e));
        setState("error");
      } finally {
        if (mine === requestNo) setRefreshing(false);
      }
    }),
  );

  async function loadMore() {
    const before = cursor();
    if (before === null) return;
    setMoreBusy(true);
    setMoreError(null);
    try {
      const page = await api.audit.list({ ...query(applied()), before });
      setItems((list) => list.concat(page.items));
      setCursor(page.nextBefore);
    } catch (e) {
      setMoreError(errorMessage(e));
    } finally {
      setMoreBusy(false);
    }
  }

  const filtered = () => {
    const f = applied();
    return !!(f.actor || f.action || f.result || f.q);
  };

  return (
    <>
      <PageHeader title="Audit log" description="Who did what, when and from where. Newest first." />
      <Card class="mb-4">
        <AuditFilters
          value={filters()}
          onChange={onFilters}
          onClear={() => {
            clearTimeout(timer);
            setFilters(emptyAuditFilters());
            setApplied(emptyAuditFilters());
          }}
        />
      </Card>
      <Card bodyClass={`overflow-x-auto transition-opacity ${refreshing() && state() === "ready" ? "opacity-60" : ""}`}>
        <Switch>
          <Match when={state() === "loading"}>
            <Loading label="Loading audit log…" />
          </Match>
          <Match when={state() === "error"}>
            <ErrorAlert message={error()} class="m-4" />
          </Match>
          <Match when={items().length === 0}>
            <EmptyState icon={<ScrollText class="size-6" />} title={filtered() ? "No entries match these filters" : "No audit entries yet"}>
              {filtered() ? "Try a broader search or clear the filters." : "Sign-ins, user changes and other actions are recorded here."}
            </EmptyState>
          </Match>
          <Match when={true}>
            <AuditTable items={items()} />
          </Match>
        </Switch>
      </Card>
      <Show when={state() === "ready" && cursor() !== null}>
        <div class="mt-4 flex flex-col items-center gap-2">
          <ErrorAlert message={moreError()} />
          <Button onClick={loadMore} loading={moreBusy()}>
            Load more
          </Button>
        </div>
      </Show>
    </>
  );
}
