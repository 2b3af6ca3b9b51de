import { createEffect, createSignal, on, Show } from "solid-js";
import Upload from "lucide-solid/icons/upload";
import { api, errorMessage, isApiError, type ConfigProblem, type Project } from "../../api";
import { toast } from "../../lib/toast";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { CodeEditor } from "../ui/CodeEditor";
import { Modal, ModalActions } from "../ui/Modal";

const EXAMPLE = `environments:
  prod:
    server: local
    app: wordpress-prod
    domain: www.example.com
  dev:
    server: local
    app: wordpress-dev
    domain: dev.example.com
    db_sync:
      source: prod
      schedule: "0 3 * * 0"
      search_replace:
        - ["https://www.example.com", "https://dev.example.com"]
      anonymize_users: true
      truncate_tables: [wp_statistics_*]
`;

const problemOf = (e: unknown): ConfigProblem | null =>
  isApiError(e) && e.code === "config_invalid" && e.details && typeof e.details === "object" ? (e.details as ConfigProblem) : null;

/** Upload serverkit.yaml (a file or pasted text); a file that doesn't validate is refused with its line and key. */
export function UploadConfigDialog(props: { open: boolean; onOpenChange: (open: boolean) => void; project: Project; onSaved: () => void }) {
  const [text, setText] = createSignal("");
  const [problem, setProblem] = createSignal<ConfigProblem | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  createEffect(
    on(
      () => props.open,
      (open) => {
        if (!open) return;
        setText(props.project.configYaml ?? "");
        setProblem(null);
        setError(null);
      },
    ),
  );

  async function pick(file: File | undefined) {
    if (!file) return;
    setText(await file.text());
    setProblem(null);
    setError(null);
  }

  async function submit(ev: Event) {
    ev.preventDefault();
    if (!text().trim() || busy()) return;
    setBusy(true);
    setProblem(null);
    setError(null);
    try {
      await api.projects.uploadConfig(props.project.id, text());
      toast.success("serverkit.yaml applied", "The environments and sync rules now follow this file.");
      props.onSaved();
      props.onOpenChange(false);
    } catch (x) {
      const p = problemOf(x);
      setProblem(p);
      setError(p ? null : errorMessage(x));
      if (p && !p.problem) setProblem({ ...p, problem: errorMessage(x) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={props.open}
      onOpenChange={props.onOpenChange}
      size="lg"
      title="Upload serverkit.yaml"
      description="The file describes the environments and their sync rules. Once applied it wins: the panel shows its settings and doesn't edit them."
    >
      <form onSubmit={submit} class="space-y-3" novalidate>
        <div class="flex flex-wrap items-center gap-2">
          <label class="inline-flex cursor-pointer items-center gap-1.5 rounded-md border border-line-strong px-3 py-1.5 text-[13px] font-medium hover:bg-surface-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent">
            <Upload class="size-4" aria-hidden="true" /> Choose a file…
            <input type="file" accept=".yaml,.yml,text/yaml" class="sr-only" data-testid="config-file" onChange={(e) => void pick(e.currentTarget.files?.[0])} />
          </label>
          <span class="text-[12px] text-muted">or paste it below.</span>
          <Show when={!text().trim()}>
            <button type="button" class="ml-auto text-[12px] text-accent hover:underline" onClick={() => setText(EXAMPLE)}>Start from an example</button>
          </Show>
        </div>
        <CodeEditor label="serverkit.yaml" value={text()} onInput={(v) => { setText(v); setProblem(null); }} errorLines={problem()?.line ? [problem()!.line!] : []} invalid={!!problem()} height="18rem" />
        <Show when={problem()}>
          {(p) => (
            <Alert kind="error" title="This file doesn't validate">
              <p data-testid="config-problem">
                <Show when={p().line}>Line {p().line}{p().column ? `, column ${p().column}` : ""}</Show>
                <Show when={p().line && p().key}> · </Show>
                <Show when={p().key}><span class="font-mono">{p().key}</span></Show>
                <Show when={p().line || p().key}>: </Show>
                {p().problem}
              </p>
            </Alert>
          )}
        </Show>
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!text().trim()} loading={busy()} data-testid="apply-config">
            Validate and apply
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
