import { Match, Show, Switch as Branch } from "solid-js";
import type { TemplateVariable } from "../../api";
import { Field } from "../ui/Field";
import { SecretInput } from "../ui/SecretInput";
import { SelectField } from "../ui/SelectField";
import { Switch } from "../ui/Switch";
import { isTemplated, readableDefault } from "./variables";

const PLACEHOLDER: Partial<Record<TemplateVariable["type"], string>> = {
  domain: "app.example.com",
  email: "admin@example.com",
};

/** One deploy-form input, chosen by the variable's type. Its label is the variable's label. */
export function VariableField(props: {
  v: TemplateVariable;
  all: TemplateVariable[];
  value: string;
  onInput: (value: string) => void;
  error?: string | null;
}) {
  const v = () => props.v;
  const hint = (extra?: string) => [v().description, extra].filter(Boolean).join(" ") || undefined;
  const templated = () => (isTemplated(v().default) ? readableDefault(v().default!, props.all) : undefined);
  const defaultHint = () => (templated() ? `Leave empty for the default, ${templated()}.` : undefined);

  return (
    <Branch
      fallback={
        <Field
          label={v().label}
          type={v().type === "email" ? "email" : "text"}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          placeholder={templated() ?? PLACEHOLDER[v().type] ?? ""}
          hint={hint(defaultHint())}
          error={props.error}
          aria-required={v().required && !v().default ? "true" : undefined}
          autocomplete="off"
          spellcheck={false}
        />
      }
    >
      <Match when={v().type === "boolean"}>
        <Switch
          label={v().label}
          description={v().description}
          checked={props.value === "true"}
          onChange={(on) => props.onInput(on ? "true" : "false")}
          error={props.error}
        />
      </Match>
      <Match when={v().type === "select"}>
        <div>
          <SelectField
            label={v().label}
            options={(v().options ?? []).map((o) => ({ value: o, label: o }))}
            value={props.value}
            onChange={props.onInput}
          />
          <Show when={v().description}>
            <p class="mt-1 text-[12px] text-muted">{v().description}</p>
          </Show>
          <Show when={props.error}>
            <p class="mt-1 text-[12px] text-danger">{props.error}</p>
          </Show>
        </div>
      </Match>
      <Match when={v().type === "password"}>
        <SecretInput
          label={v().label}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          placeholder="Generated automatically"
          hint={hint("Leave empty and a strong random password is generated for you (you can read it later under Environment).")}
          error={props.error}
        />
      </Match>
      <Match when={v().type === "port"}>
        <Field
          label={v().label}
          inputmode="numeric"
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value.replace(/\D/g, ""))}
          placeholder={v().default ? `Automatic (prefers ${v().default})` : "Automatic"}
          hint={hint("Leave empty to use a free port, allocated automatically.")}
          error={props.error}
          class="max-w-xs"
        />
      </Match>
    </Branch>
  );
}
