import { createEffect, createSignal, Show } from "solid-js";
import { api, errorMessage, privateUrlHref, type App, type PrivateUrl } from "../../api";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Checkbox } from "../ui/Checkbox";
import { CopyButton } from "../ui/CopyButton";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";
import { SecretInput } from "../ui/SecretInput";
import { SelectField } from "../ui/SelectField";

const AUTO = "auto";

/** Create a private URL for an app: optional upstream port and basic auth; then show the link to copy. */
export function CreatePrivateUrlDialog(props: { app: App; open: boolean; onOpenChange: (v: boolean) => void; onCreated: (p: PrivateUrl) => void }) {
  const [port, setPort] = createSignal(AUTO);
  const [auth, setAuth] = createSignal(false);
  const [user, setUser] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [created, setCreated] = createSignal<PrivateUrl | null>(null);

  createEffect(() => {
    if (props.open) {
      setPort(AUTO);
      setAuth(false);
      setUser("");
      setPassword("");
      setError(null);
      setCreated(null);
      setTried(false);
    }
  });

  const portOptions = () => [
    { value: AUTO, label: "Automatic (first published port)" },
    ...[...new Map(props.app.ports.map((p) => [p.hostPort, p])).values()].map((p) => ({
      value: String(p.hostPort),
      label: `${p.hostPort}${p.service ? ` — ${p.service}` : ""}`,
    })),
  ];
  const [tried, setTried] = createSignal(false);
  const userError = () => (auth() && !/^[A-Za-z0-9._-]{1,64}$/.test(user().trim()) ? "Letters, digits, '.', '_' and '-' only (no spaces or ':')." : null);
  const passwordError = () => (auth() && (password().length < 8 || password().length > 128) ? "8 to 128 characters." : null);

  async function submit(e: Event) {
    e.preventDefault();
    setTried(true);
    if (userError() || passwordError()) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api.privateUrls.create({
        appId: Number(props.app.id),
        port: port() === AUTO ? undefined : Number(port()),
        basicAuth: auth() ? { username: user().trim(), password: password() } : undefined,
      });
      setCreated(res.privateUrl);
      props.onCreated(res.privateUrl);
    } catch (x) {
      setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={created() ? "Private URL created" : "Create private URL"}
      description={created() ? undefined : `An unguessable link to ${props.app.name}, served by this server's default Nginx site.`}
    >
      <Show
        when={created()}
        fallback={
          <form onSubmit={submit} class="space-y-4" novalidate>
            <SelectField label="Upstream port" options={portOptions()} value={port()} onChange={setPort} />
            <Checkbox
              label="Protect with a username and password"
              description="Basic auth: the browser asks for them before showing the app."
              checked={auth()}
              onChange={setAuth}
            />
            <Show when={auth()}>
              <div class="grid gap-3 sm:grid-cols-2">
                <Field
                  label="Username"
                  autocomplete="off"
                  autocapitalize="none"
                  spellcheck={false}
                  value={user()}
                  onInput={(e) => setUser(e.currentTarget.value)}
                  error={tried() ? userError() : null}
                />
                <SecretInput
                  label="Password"
                  hint="At least 8 characters."
                  value={password()}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                  error={tried() ? passwordError() : null}
                />
              </div>
            </Show>
            <ErrorAlert message={error()} />
            <ModalActions>
              <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
              <Button type="submit" variant="primary" loading={busy()} data-testid="private-url-create-submit">
                Create private URL
              </Button>
            </ModalActions>
          </form>
        }
      >
        {(p) => (
          <div class="space-y-4">
            <div class="flex items-center gap-2">
              <code data-testid="new-private-url" class="min-w-0 flex-1 rounded-md border border-line bg-surface-2 px-2.5 py-2 font-mono text-[13px] break-all select-all">
                {privateUrlHref(p())}
              </code>
              <CopyButton text={privateUrlHref(p())} what="Private URL" size="md" />
            </div>
            <Alert kind="info">
              Anyone with this link{p().basicAuthUser ? " and the password" : ""} can open the app. It works only where Nginx's default site is
              reachable at {new URL(privateUrlHref(p())).host}
              {new URL(privateUrlHref(p())).port ? "" : " (port 80)"}.
            </Alert>
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
