import { createUniqueId, For, Show } from "solid-js";
import { Field, inputClass } from "../ui/Field";
import type { FormProps, PlanField } from "./planForm";

const HOOKS = [
  { which: "pre", label: "Before the backup", service: "preService", command: "preCommand", example: "sh\n-c\nwp maintenance-mode activate" },
  { which: "post", label: "After the backup", service: "postService", command: "postCommand", example: "sh\n-c\nwp maintenance-mode deactivate" },
] as const;

/** Pre/post hooks of an app plan: a service and its command, one argument per line. */
export function PlanHookFields(props: FormProps) {
  const f = () => props.form;
  const open = () => !!(f().preService || f().postService || props.errors.preService || props.errors.preCommand || props.errors.postService || props.errors.postCommand);
  return (
    <Show when={f().scope === "app"}>
      <details class="rounded-md border border-line px-3 py-2" open={open()}>
        <summary class="cursor-pointer text-[13px] font-medium">Advanced: hooks</summary>
        <p class="mt-2 text-[12px] text-muted">
          A command run inside the app's container just before its files and databases are read, and one just after (also when the backup
          failed). A failing “before” command fails the backup. Give one argument per line; there is no shell unless you name one (sh, -c, …).
        </p>
        <div class="mt-2 space-y-3 pb-1">
          <For each={HOOKS}>
            {(h) => {
              const id = createUniqueId();
              const err = () => props.errors[h.command as PlanField];
              return (
                <fieldset class="grid gap-2 sm:grid-cols-[10rem_1fr]" data-testid={`plan-hook-${h.which}`}>
                  <legend class="mb-1 text-[12px] font-medium">{h.label}</legend>
                  <Field
                    label="Service"
                    placeholder="app"
                    autocomplete="off"
                    spellcheck={false}
                    value={f()[h.service]}
                    onInput={(e) => props.set(h.service, e.currentTarget.value)}
                    error={props.errors[h.service as PlanField] ?? null}
                    data-testid={`plan-hook-${h.which}-service`}
                  />
                  <div>
                    <label for={id} class="mb-1 block text-[13px] font-medium">Command (one argument per line)</label>
                    <textarea
                      id={id}
                      rows={3}
                      class={`${inputClass} h-auto py-1.5 font-mono text-[12px]`}
                      placeholder={h.example}
                      spellcheck={false}
                      value={f()[h.command]}
                      onInput={(e) => props.set(h.command, e.currentTarget.value)}
                      aria-invalid={err() ? "true" : undefined}
                      data-testid={`plan-hook-${h.which}-command`}
                    />
                    <Show when={err()}><p class="mt-1 text-[12px] text-danger">{err()}</p></Show>
                  </div>
                </fieldset>
              );
            }}
          </For>
        </div>
      </details>
    </Show>
  );
}
