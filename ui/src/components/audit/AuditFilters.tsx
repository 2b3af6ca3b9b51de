import Search from "lucide-solid/icons/search";
import { Field } from "../ui/Field";
import { SelectField } from "../ui/SelectField";
import { Button } from "../ui/Button";

export interface AuditFilterValues {
  actor: string;
  action: string;
  result: "" | "success" | "failure";
  q: string;
}

export const emptyAuditFilters = (): AuditFilterValues => ({ actor: "", action: "", result: "", q: "" });

const RESULTS = [
  { value: "any", label: "Any result" },
  { value: "success", label: "Success" },
  { value: "failure", label: "Failure" },
];

/** Filter bar: text inputs apply as you type (debounced by the page), result applies at once. */
export function AuditFilters(props: {
  value: AuditFilterValues;
  onChange: (v: AuditFilterValues) => void;
  onClear: () => void;
}) {
  const set = (patch: Partial<AuditFilterValues>) => props.onChange({ ...props.value, ...patch });
  const active = () => !!(props.value.actor || props.value.action || props.value.result || props.value.q);
  return (
    <form
      role="search"
      aria-label="Filter audit log"
      class="flex flex-wrap items-end gap-3"
      onSubmit={(e) => e.preventDefault()}
    >
      <div class="relative min-w-48 flex-[2]">
        <Field
          label="Search"
          type="search"
          placeholder="Search target, details…"
          value={props.value.q}
          onInput={(e) => set({ q: e.currentTarget.value })}
          class="[&_input]:pl-8"
        />
        <Search class="pointer-events-none absolute bottom-2.5 left-2.5 size-4 text-muted" aria-hidden="true" />
      </div>
      <Field
        label="Actor"
        placeholder="username"
        autocapitalize="none"
        value={props.value.actor}
        onInput={(e) => set({ actor: e.currentTarget.value })}
        class="min-w-32 flex-1"
      />
      <Field
        label="Action"
        placeholder="e.g. auth.login"
        autocapitalize="none"
        value={props.value.action}
        onInput={(e) => set({ action: e.currentTarget.value })}
        class="min-w-32 flex-1"
      />
      <SelectField
        label="Result"
        options={RESULTS}
        value={props.value.result || "any"}
        onChange={(v) => set({ result: v === "any" ? "" : (v as "success" | "failure") })}
        class="w-36"
      />
      <Button onClick={() => props.onClear()} disabled={!active()} variant="ghost">
        Clear filters
      </Button>
    </form>
  );
}
