import { For, Show } from "solid-js";
import Plus from "lucide-solid/icons/plus";
import Trash2 from "lucide-solid/icons/trash";
import ArrowRight from "lucide-solid/icons/arrow-right";
import { Button, IconButton } from "../ui/Button";
import { inputClass } from "../ui/Field";

/** Search/replace pairs, one row each; applied in order, PHP-serialized and JSON-escaped values included. */
export function PairsEditor(props: {
  pairs: [string, string][];
  onChange: (pairs: [string, string][]) => void;
  error?: string;
  disabled?: boolean;
}) {
  const set = (i: number, side: 0 | 1, v: string) =>
    props.onChange(props.pairs.map((p, j) => (j === i ? ((side === 0 ? [v, p[1]] : [p[0], v]) as [string, string]) : p)));
  return (
    <fieldset data-testid="search-replace-pairs">
      <legend class="mb-1 block text-[13px] font-medium">Search and replace</legend>
      <div class="space-y-1.5">
        <For each={props.pairs}>
          {(p, i) => (
            <div class="flex items-center gap-1.5">
              <input
                class={`${inputClass} font-mono text-[12.5px]`}
                aria-label={`Search ${i() + 1}`}
                placeholder="https://www.example.com"
                value={p[0]}
                disabled={props.disabled}
                spellcheck={false}
                autocomplete="off"
                onInput={(e) => set(i(), 0, e.currentTarget.value)}
              />
              <ArrowRight class="size-4 shrink-0 text-muted" aria-hidden="true" />
              <input
                class={`${inputClass} font-mono text-[12.5px]`}
                aria-label={`Replace ${i() + 1}`}
                placeholder="https://dev.example.com"
                value={p[1]}
                disabled={props.disabled}
                spellcheck={false}
                autocomplete="off"
                onInput={(e) => set(i(), 1, e.currentTarget.value)}
              />
              <IconButton label={`Remove pair ${i() + 1}`} disabled={props.disabled} onClick={() => props.onChange(props.pairs.filter((_, j) => j !== i()))}>
                <Trash2 class="size-4" aria-hidden="true" />
              </IconButton>
            </div>
          )}
        </For>
      </div>
      <Show when={!props.disabled}>
        <Button size="sm" class="mt-1.5" onClick={() => props.onChange([...props.pairs, ["", ""]])} data-testid="add-pair">
          <Plus class="size-3.5" aria-hidden="true" /> Add pair
        </Button>
      </Show>
      <p class="mt-1 text-[12px]" classList={{ "text-danger": !!props.error, "text-muted": !props.error }}>
        {props.error ??
          "Applied in order across every text column, inside PHP-serialized and JSON-escaped values too. When both environments have a domain, https://source → https://target is added unless a pair already searches for it."}
      </p>
    </fieldset>
  );
}
