import { Show } from "solid-js";
import { errorMessage, isApiError } from "../../api";

/** Where an API error belongs: next to a field, or the form's general alert (with nginx's own text). */
export function domainError(err: unknown, aliases: string[] = []) {
  if (!isApiError(err)) return { field: null, message: errorMessage(err), output: null };
  const d = (err.details ?? {}) as { hostname?: unknown; output?: unknown };
  const output = typeof d.output === "string" && d.output ? d.output : null;
  let field: "hostname" | "aliases" | null = null;
  if (err.code === "invalid_hostname" || err.code === "domain_taken") {
    field = typeof d.hostname === "string" && aliases.includes(d.hostname) ? "aliases" : "hostname";
  }
  return { field, message: err.message, output };
}

/** Monospace block for nginx's `nginx -t` output. */
export function NginxOutput(props: { output: string | null }) {
  return (
    <Show when={props.output}>
      <pre
        data-testid="nginx-output"
        class="max-h-48 overflow-auto rounded-md border border-line bg-surface-2 p-2 font-mono text-[12px] whitespace-pre-wrap"
      >
        {props.output}
      </pre>
    </Show>
  );
}
