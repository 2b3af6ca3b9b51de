import { createUniqueId, Show } from "solid-js";
import FileUp from "lucide-solid/icons/file-up";
import { buttonClass } from "../ui/Button";

/** Monospace textarea for a PEM block, with a file picker that fills it. */
export function PemField(props: {
  label: string;
  value: string;
  onInput: (v: string) => void;
  placeholder: string;
  hint?: string;
  error?: string | null;
  accept: string;
  testId?: string;
}) {
  const id = createUniqueId();
  const describedBy = () => [props.hint ? `${id}-hint` : "", props.error ? `${id}-err` : ""].join(" ").trim() || undefined;

  async function pick(e: Event & { currentTarget: HTMLInputElement }) {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = "";
    if (file) props.onInput(await file.text());
  }

  return (
    <div>
      <div class="mb-1 flex items-end justify-between gap-2">
        <label for={id} class="text-[13px] font-medium">
          {props.label}
        </label>
        <label class={`${buttonClass("secondary", "sm")} cursor-pointer focus-within:outline-2 focus-within:outline-accent`}>
          <FileUp class="size-3.5" aria-hidden="true" /> Choose file
          <input type="file" class="sr-only" accept={props.accept} aria-label={`Load ${props.label} from a file`} onChange={pick} />
        </label>
      </div>
      <textarea
        id={id}
        data-testid={props.testId}
        rows={7}
        class="block w-full resize-y rounded-md border bg-surface p-2 font-mono text-[12px] leading-[1.5] text-fg placeholder:text-muted focus-visible:outline-2 focus-visible:outline-accent"
        classList={{ "border-danger": !!props.error, "border-line-strong": !props.error }}
        spellcheck={false}
        autocapitalize="off"
        autocomplete="off"
        placeholder={props.placeholder}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy()}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <Show when={props.hint}>
        <p id={`${id}-hint`} class="mt-1 text-[12px] text-muted">
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={`${id}-err`} role="alert" class="mt-1 text-[12px] text-danger">
          {props.error}
        </p>
      </Show>
    </div>
  );
}
