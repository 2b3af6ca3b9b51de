import Search from "lucide-solid/icons/search";
import { inputClass } from "./Field";

/** Search box with an icon; `label` is its accessible name (and placeholder). */
export function SearchInput(props: { label: string; value: string; onInput: (v: string) => void; class?: string }) {
  return (
    <div class={`relative ${props.class ?? "w-full sm:w-64"}`}>
      <Search class="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted" aria-hidden="true" />
      <input
        type="search"
        aria-label={props.label}
        placeholder={props.label}
        class={`${inputClass} pl-8`}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </div>
  );
}
