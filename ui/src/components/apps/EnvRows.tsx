import { Index, Show } from "solid-js";
import Plus from "lucide-solid/icons/plus";
import X from "lucide-solid/icons/x";
import { duplicates, envKeyError } from "../../lib/validate";
import { Button, IconButton } from "../ui/Button";
import { inputClass } from "../ui/Field";
import { SecretInput } from "../ui/SecretInput";

export interface EnvRow {
  id: number;
  key: string;
  value: string;
  secret: boolean;
}

let nextId = 1;
export const envRow = (key = "", value = "", secret = false): EnvRow => ({ id: nextId++, key, value, secret });

const looksSecret = (key: string) => /PASS|SECRET|TOKEN|KEY/i.test(key);

/** Client-side problems by row id: bad names, duplicates. Blank rows are ignored. */
export function envRowErrors(rows: EnvRow[]): Record<number, string> {
  const dup = duplicates(rows.filter((r) => r.key.trim()).map((r) => r.key.trim()));
  const out: Record<number, string> = {};
  for (const r of rows) {
    const k = r.key.trim();
    if (!k && !r.value) continue;
    const err = envKeyError(k) ?? (dup.has(k) ? `${k} is set twice.` : null);
    if (err) out[r.id] = err;
  }
  return out;
}

export const envObject = (rows: EnvRow[]): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value]));

/** Key/value rows; secret values are masked with a reveal toggle. */
export function EnvRows(props: {
  rows: EnvRow[];
  onChange: (rows: EnvRow[]) => void;
  errors: Record<number, string | undefined>;
  readOnly?: boolean;
}) {
  const update = (id: number, patch: Partial<EnvRow>) => props.onChange(props.rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <div class="space-y-2">
      <Show when={props.rows.length === 0}>
        <p class="text-[13px] text-muted">No variables.</p>
      </Show>
      {/* Index, not For: rows are replaced on every keystroke and inputs must keep focus. */}
      <Index each={props.rows}>
        {(row, i) => (
          <div>
            <div class="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] items-start gap-2">
              <input
                aria-label={`Name of variable ${i + 1}`}
                class={`${inputClass} font-mono`}
                value={row().key}
                placeholder="NAME"
                readOnly={props.readOnly}
                spellcheck={false}
                autocomplete="off"
                aria-invalid={props.errors[row().id] ? "true" : undefined}
                onInput={(e) => update(row().id, { key: e.currentTarget.value, secret: row().secret || looksSecret(e.currentTarget.value) })}
              />
              <Show
                when={row().secret}
                fallback={
                  <input
                    aria-label={`Value of ${row().key || `variable ${i + 1}`}`}
                    class={`${inputClass} font-mono`}
                    value={row().value}
                    placeholder="value"
                    readOnly={props.readOnly}
                    spellcheck={false}
                    autocomplete="off"
                    onInput={(e) => update(row().id, { value: e.currentTarget.value })}
                  />
                }
              >
                <SecretInput
                  label={`Value of ${row().key || `variable ${i + 1}`}`}
                  hideLabel
                  value={row().value}
                  readOnly={props.readOnly}
                  onInput={(e) => update(row().id, { value: e.currentTarget.value })}
                />
              </Show>
              <Show when={!props.readOnly} fallback={<span class="w-8" />}>
                <IconButton label={`Remove ${row().key || `variable ${i + 1}`}`} onClick={() => props.onChange(props.rows.filter((r) => r.id !== row().id))}>
                  <X class="size-4" aria-hidden="true" />
                </IconButton>
              </Show>
            </div>
            <Show when={props.errors[row().id]}>
              <p class="mt-1 text-[12px] text-danger">{props.errors[row().id]}</p>
            </Show>
          </div>
        )}
      </Index>
      <Show when={!props.readOnly}>
        <Button size="sm" onClick={() => props.onChange([...props.rows, envRow()])}>
          <Plus class="size-3.5" aria-hidden="true" /> Add variable
        </Button>
      </Show>
    </div>
  );
}
