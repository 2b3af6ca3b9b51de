import { For, Show } from "solid-js";
import type { SearchReplaceReport, SyncReport } from "../../api";
import { tableClass, tdClass, thClass } from "../ui/Page";

const secs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`);
const n = (x: number) => x.toLocaleString();

/** Per table and column: what a search-replace changed (or would, in a dry run), with before/after samples. */
export function SearchReplaceView(props: { report: SearchReplaceReport }) {
  const r = () => props.report;
  const verb = () => (r().dryRun ? "would change" : "changed");
  const touched = () => r().tables.filter((t) => t.matched > 0 || t.changed > 0 || t.skipped > 0);
  return (
    <section data-testid="search-replace-report">
      <h4 class="mb-1 text-[13px] font-semibold">Search and replace</h4>
      <p class="mb-2 text-[13px] text-muted">
        {r().tables.length} tables searched, {n(r().matched)} rows matched, <strong class="text-fg">{n(r().changed)} {verb()}</strong>
        {r().skipped ? `, ${n(r().skipped)} cells left alone (unsafe to rewrite)` : ""} in {secs(r().ms)}.
      </p>
      <Show when={touched().length > 0}>
        <div class="overflow-x-auto rounded-md border border-line">
          <table class={tableClass}>
            <thead>
              <tr>
                <th scope="col" class={thClass}>Table</th>
                <th scope="col" class={`${thClass} text-right`}>Matched</th>
                <th scope="col" class={`${thClass} text-right`}>{r().dryRun ? "Would change" : "Changed"}</th>
                <th scope="col" class={thClass}>Columns</th>
              </tr>
            </thead>
            <tbody>
              <For each={touched()}>
                {(t) => (
                  <tr>
                    <td class={`${tdClass} font-mono`}>{t.table}</td>
                    <td class={`${tdClass} text-right tabular-nums`}>{n(t.matched)}</td>
                    <td class={`${tdClass} text-right tabular-nums`}>{n(t.changed)}</td>
                    <td class={`${tdClass} text-[12px]`}>
                      {t.columns.filter((c) => c.changed || c.skipped).map((c) => `${c.column} ${c.changed}${c.skipped ? ` (${c.skipped} skipped)` : ""}`).join(", ") || "—"}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={touched().some((t) => t.samples.length)}>
          <details class="mt-2 rounded-md border border-line px-3 py-2">
            <summary class="cursor-pointer text-[13px] font-medium">Samples</summary>
            <ul class="mt-2 space-y-2">
              <For each={touched().flatMap((t) => t.samples.map((s) => ({ ...s, table: t.table })))}>
                {(s) => (
                  <li class="text-[12px]">
                    <p class="text-muted"><span class="font-mono">{s.table}.{s.column}</span> row {s.row}</p>
                    <p class="font-mono [overflow-wrap:anywhere]"><span class="text-danger">−</span> {s.before}</p>
                    <p class="font-mono [overflow-wrap:anywhere]"><span class="text-success">+</span> {s.after}</p>
                  </li>
                )}
              </For>
            </ul>
          </details>
        </Show>
      </Show>
    </section>
  );
}

/** A sync run's report: its steps with timings and row counts, then what each transform did. */
export function SyncReportView(props: { report: SyncReport; dryRun: boolean }) {
  const r = () => props.report;
  return (
    <div class="space-y-4" data-testid="sync-report">
      <section>
        <h4 class="mb-1 text-[13px] font-semibold">Steps <span class="font-normal text-muted">· {secs(r().totalMs)} in all</span></h4>
        <div class="overflow-x-auto rounded-md border border-line">
          <table class={tableClass}>
            <thead>
              <tr>
                <th scope="col" class={thClass}>Step</th>
                <th scope="col" class={`${thClass} text-right`}>Rows</th>
                <th scope="col" class={`${thClass} text-right`}>Time</th>
              </tr>
            </thead>
            <tbody>
              <For each={r().steps}>
                {(s) => (
                  <tr>
                    <td class={tdClass}>
                      {s.name}
                      <Show when={s.detail}><span class="block text-[12px] text-muted">{s.detail}</span></Show>
                    </td>
                    <td class={`${tdClass} text-right tabular-nums`}>{s.rows === undefined ? "—" : n(s.rows)}</td>
                    <td class={`${tdClass} text-right tabular-nums`}>{secs(s.ms)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </section>
      <Show when={r().searchReplace}>{(sr) => <SearchReplaceView report={sr()} />}</Show>
      <Show when={r().truncated.length > 0}>
        <section>
          <h4 class="mb-1 text-[13px] font-semibold">{props.dryRun ? "Would be emptied" : "Emptied tables"}</h4>
          <p class="text-[13px]">{r().truncated.map((t) => `${t.table} (${n(t.rows)} rows)`).join(", ")}</p>
        </section>
      </Show>
      <Show when={r().anonymized}>
        {(a) => (
          <section>
            <h4 class="mb-1 text-[13px] font-semibold">Users anonymized</h4>
            <p class="text-[13px]">
              {n(a().users)} users{props.dryRun ? " would be" : ""} anonymized, {n(a().kept)} kept; {n(a().metaRemoved)} personal meta rows and{" "}
              {n(a().sessionsRemoved)} sessions removed; {n(a().commentsAnonymized)} comments anonymized.
            </p>
          </section>
        )}
      </Show>
      <Show when={r().wordpressUrl}>
        {(u) => <p class="text-[13px]">WordPress site URL and home {props.dryRun ? "would be" : "set to"} <span class="font-mono">{u()}</span>.</p>}
      </Show>
    </div>
  );
}
