import { createEffect, createSignal, Show } from "solid-js";
import { api, errorMessage, type ApiToken, type TokenScope } from "../../api";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { CopyButton } from "../ui/CopyButton";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";
import { SelectField } from "../ui/SelectField";

const SCOPES = [
  { value: "read" as TokenScope, label: "Read only" },
  { value: "write" as TokenScope, label: "Read and write" },
];

const EXPIRY = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
];

/** Create an API token; the secret is shown exactly once, with a copy button. */
export function CreateTokenDialog(props: { open: boolean; onOpenChange: (v: boolean) => void; onCreated: (t: ApiToken) => void }) {
  const [name, setName] = createSignal("");
  const [scope, setScope] = createSignal<TokenScope>("read");
  const [expiry, setExpiry] = createSignal("90");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [secret, setSecret] = createSignal<string | null>(null);

  createEffect(() => {
    if (props.open) {
      setName("");
      setScope("read");
      setExpiry("90");
      setError(null);
      setSecret(null);
    }
  });

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.tokens.create({
        name: name().trim(),
        scope: scope(),
        expiresInDays: expiry() === "never" ? null : Number(expiry()),
      });
      setSecret(res.token);
      props.onCreated(res.item);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={secret() ? "Token created" : "Create API token"}
      description={secret() ? undefined : "Use tokens for scripts and CI: send them as “Authorization: Bearer <token>”."}
    >
      <Show
        when={secret()}
        fallback={
          <form onSubmit={submit} class="space-y-4">
            <Field
              label="Token name"
              required
              maxLength={64}
              placeholder="e.g. CI deploys"
              value={name()}
              onInput={(e) => setName(e.currentTarget.value)}
              hint="Helps you recognise it later."
            />
            <SelectField label="Scope" options={SCOPES} value={scope()} onChange={setScope} />
            <SelectField label="Expires" options={EXPIRY} value={expiry()} onChange={setExpiry} />
            <ErrorAlert message={error()} />
            <ModalActions>
              <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
              <Button type="submit" variant="primary" loading={busy()} disabled={!name().trim()}>
                Create token
              </Button>
            </ModalActions>
          </form>
        }
      >
        {(token) => (
          <div class="space-y-4">
            <Alert kind="warning" title="Copy your token now">
              It won't be shown again. If you lose it, revoke it and create a new one.
            </Alert>
            <div class="flex items-center gap-2">
              <code
                data-testid="new-token"
                class="min-w-0 flex-1 rounded-md border border-line bg-surface-2 px-2.5 py-2 font-mono text-[13px] break-all select-all"
              >
                {token()}
              </code>
              <CopyButton text={token()} what="Token" size="md" />
            </div>
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
