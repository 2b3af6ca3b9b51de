import { createEffect, createSignal, Show } from "solid-js";
import { api, errorMessage, type NewServerToken } from "../../api";
import { formatDateTime } from "../../lib/format";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { CopyButton } from "../ui/CopyButton";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";

/** A one-time command, shown once: a read-only block with a copy button. */
function CommandBlock(props: { label: string; text: string; what: string; testId: string }) {
  return (
    <div>
      <div class="mb-1 flex items-center justify-between gap-2">
        <span class="text-[13px] font-medium">{props.label}</span>
        <CopyButton text={props.text} what={props.what} testId={`${props.testId}-copy`} />
      </div>
      <pre data-testid={props.testId} class="max-h-40 overflow-auto whitespace-pre-wrap break-all rounded-md border border-line bg-surface-2 p-2 font-mono text-[12px]">
        {props.text}
      </pre>
    </div>
  );
}

/**
 * "Add server": names the server, then shows the one-time registration command (and the
 * install line) exactly once. `renew` re-opens it with a fresh token for a pending server.
 */
export function AddServerDialog(props: {
  open: boolean;
  onOpenChange: (v: boolean) => void;
  onAdded: () => void;
  renew?: { id: string; name: string } | null;
}) {
  const [name, setName] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [result, setResult] = createSignal<NewServerToken | null>(null);

  createEffect(() => {
    if (!props.open) return;
    setName("");
    setError(null);
    setResult(null);
    const renew = props.renew;
    if (renew) void run(() => api.servers.newToken(renew.id, location.origin));
  });

  async function run(call: () => Promise<NewServerToken>) {
    setBusy(true);
    setError(null);
    try {
      setResult(await call());
      props.onAdded();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  function submit(e: Event) {
    e.preventDefault();
    void run(() => api.servers.add({ name: name().trim(), panelUrl: location.origin }));
  }

  return (
    <Modal
      open={props.open}
      onOpenChange={props.onOpenChange}
      size="lg"
      title={props.renew ? `New token for ${props.renew.name}` : "Add server"}
      description="The server runs the ServerKit agent, which dials out to this panel: it needs no open port."
    >
      <Show
        when={result()}
        fallback={
          <form onSubmit={submit} class="space-y-4">
            <Show when={!props.renew}>
              <Field
                label="Name"
                required
                maxLength={100}
                placeholder="web-2"
                hint="How the server is called in this panel."
                value={name()}
                onInput={(e) => setName(e.currentTarget.value)}
              />
            </Show>
            <ErrorAlert message={error()} />
            <ModalActions>
              <Button type="button" onClick={() => props.onOpenChange(false)}>
                Cancel
              </Button>
              <Show when={!props.renew}>
                <Button type="submit" variant="primary" disabled={busy() || name().trim() === ""}>
                  {busy() ? "Adding…" : "Add server"}
                </Button>
              </Show>
            </ModalActions>
          </form>
        }
      >
        {(r) => (
          <div class="space-y-4">
            <Show
              when={r().download}
              fallback={
                <p class="text-[13px]">
                  This panel runs from source and has no binary to hand out: copy <strong>serverkit</strong> to the new
                  server (as <code>/usr/local/bin/serverkit</code>), then run one of these there as root.
                </p>
              }
            >
              <p class="text-[13px]">
                Run the install line on the new server as root: it downloads <strong>serverkit</strong> from this panel
                (needs curl), checks its SHA-256, installs it as <code>/usr/local/bin/serverkit</code> and starts the
                agent under systemd.
              </p>
            </Show>
            <p class="text-[13px]">
              The token works <strong>once</strong> and expires at {formatDateTime(r().expiresAt)}; it is not shown again.
            </p>
            <CommandBlock label="Install as a service (systemd)" text={r().install} what="Install line" testId="agent-install" />
            <CommandBlock label="Or, with the binary already in place, run in the foreground" text={r().command} what="Command" testId="agent-command" />
            <p class="text-[12px] text-muted">
              The server appears online here as soon as the agent connects. Choosing it for apps and containers comes in a
              later version; for now the list shows its status, facts and load.
            </p>
            <ModalActions>
              <Button variant="primary" onClick={() => props.onOpenChange(false)}>
                Done
              </Button>
            </ModalActions>
          </div>
        )}
      </Show>
    </Modal>
  );
}
