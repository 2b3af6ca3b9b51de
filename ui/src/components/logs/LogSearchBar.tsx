import { For, Show } from "solid-js";
import Regex from "lucide-solid/icons/regex";
import CaseSensitive from "lucide-solid/icons/case-sensitive";
import type { LogLevel, LogRange } from "../../api";
import { inputClass } from "../ui/Field";
import { SearchInput } from "../ui/SearchInput";
import { SelectField } from "../ui/SelectField";
import type { HistoryQuery } from "./useLogHistory";

export type RangeChoice = "live" | LogRange;
export type SearchState = Omit<HistoryQuery, "range"> & { range: RangeChoice };

const RANGES: { value: RangeChoice; label: string }[] = [
  { value: "live", label: "Live" },
  { value: "15m", label: "Last 15 minutes" },
  { value: "1h", label: "Last hour" },
  { value: "6h", label: "Last 6 hours" },
  { value: "1d", label: "Last day" },
  { value: "7d", label: "Last 7 days" },
  { value: "custom", label: "Custom range…" },
];

const LEVELS: { value: LogLevel; label: string; tone: string }[] = [
  { value: "error", label: "Error", tone: "ansi-fg-1" },
  { value: "warn", label: "Warn", tone: "ansi-fg-3" },
  { value: "info", label: "Info", tone: "ansi-fg-4" },
  { value: "debug", label: "Debug", tone: "ansi-fg-8" },
];

const chip =
  "inline-flex h-7 items-center gap-1.5 rounded-full border border-line px-2.5 text-[12px] font-medium text-muted transition-colors hover:text-fg " +
  "aria-pressed:border-accent aria-pressed:bg-accent-soft aria-pressed:text-accent focus-visible:outline-2 focus-visible:outline-accent";
const toggle =
  "inline-flex size-9 items-center justify-center rounded-md border border-line-strong text-muted hover:bg-surface-2 hover:text-fg " +
  "aria-pressed:border-accent aria-pressed:bg-accent-soft aria-pressed:text-accent focus-visible:outline-2 focus-visible:outline-accent";

export const initialSearch = (): SearchState => ({ q: "", regex: false, caseSensitive: false, levels: [], range: "live", from: "", to: "" });

/** Search text, regex and case toggles, level chips and the time range: live tail or history. */
export function LogSearchBar(props: { value: SearchState; onChange: (patch: Partial<SearchState>) => void; problem?: string | null }) {
  const toggleLevel = (l: LogLevel) =>
    props.onChange({ levels: props.value.levels.includes(l) ? props.value.levels.filter((x) => x !== l) : [...props.value.levels, l] });
  return (
    <div class="space-y-2">
      <div class="flex flex-wrap items-end gap-2">
        <SearchInput label="Search logs" value={props.value.q} onInput={(q) => props.onChange({ q })} class="min-w-48 flex-1" />
        <button type="button" class={toggle} aria-pressed={props.value.regex} aria-label="Regular expression" title="Regular expression" onClick={() => props.onChange({ regex: !props.value.regex })}>
          <Regex class="size-4" aria-hidden="true" />
        </button>
        <button
          type="button"
          class={toggle}
          aria-pressed={props.value.caseSensitive}
          aria-label="Match case"
          title="Match case"
          onClick={() => props.onChange({ caseSensitive: !props.value.caseSensitive })}
        >
          <CaseSensitive class="size-4" aria-hidden="true" />
        </button>
        <SelectField label="Time range" hideLabel options={RANGES} value={props.value.range} onChange={(range) => props.onChange({ range })} class="w-44" testId="log-range" />
      </div>
      <div role="group" aria-label="Filter by level" class="flex flex-wrap gap-1.5">
        <For each={LEVELS}>
          {(l) => (
            <button type="button" class={chip} aria-pressed={props.value.levels.includes(l.value)} onClick={() => toggleLevel(l.value)}>
              <span class={`size-2 rounded-full bg-current ${l.tone}`} aria-hidden="true" />
              {l.label}
            </button>
          )}
        </For>
      </div>
      <Show when={props.value.range === "custom"}>
        <div class="flex flex-wrap items-end gap-2">
          <label class="text-[13px]">
            <span class="mb-1 block font-medium">From</span>
            <input type="datetime-local" step="1" class={`${inputClass} w-56`} value={props.value.from} onInput={(e) => props.onChange({ from: e.currentTarget.value })} />
          </label>
          <label class="text-[13px]">
            <span class="mb-1 block font-medium">To</span>
            <input type="datetime-local" step="1" class={`${inputClass} w-56`} value={props.value.to} onInput={(e) => props.onChange({ to: e.currentTarget.value })} />
          </label>
        </div>
      </Show>
      <Show when={props.problem}>
        <p role="alert" class="text-[13px] text-danger" data-testid="log-search-problem">
          {props.problem}
        </p>
      </Show>
    </div>
  );
}
