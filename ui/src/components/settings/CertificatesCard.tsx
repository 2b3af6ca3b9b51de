import { createEffect, createResource, createSignal, on, Show } from "solid-js";
import { api, errorMessage, type TlsSettings, type TlsSettingsChange } from "../../api";
import { toast } from "../../lib/toast";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Async } from "../ui/Async";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Card } from "../ui/Page";
import { SelectField } from "../ui/SelectField";
import { CloudflareTokenField, type TokenMode } from "./CloudflareTokenField";

const CUSTOM = "custom";

/** Admins: ACME directory, contact email and the Cloudflare credentials used for DNS-01. */
export function CertificatesCard() {
  const [settings, { refetch, mutate }] = createResource(() => api.tls.settings());
  const [preset, setPreset] = createSignal(CUSTOM);
  const [customUrl, setCustomUrl] = createSignal("");
  const [email, setEmail] = createSignal("");
  const [apiBase, setApiBase] = createSignal("");
  const [tokenMode, setTokenMode] = createSignal<TokenMode>("keep");
  const [token, setToken] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const load = (s: TlsSettings) => {
    const p = s.presets.find((x) => x.url === s.directoryUrl);
    setPreset(p ? p.id : CUSTOM);
    setCustomUrl(p ? "" : s.directoryUrl);
    setEmail(s.email ?? "");
    setApiBase(s.cloudflare.apiBase);
    setTokenMode(s.cloudflare.tokenSet ? "keep" : "replace");
    setToken("");
  };
  createEffect(on(() => (settings.state === "ready" ? settings() : undefined), (s) => s && load(s)));

  // /settings#certificates (linked from the certificate dialog): bring the card into view once loaded.
  createEffect(() => {
    if (settings.state === "ready" && location.hash === "#certificates") {
      queueMicrotask(() => document.getElementById("certificates")?.scrollIntoView({ block: "start" }));
    }
  });

  const directoryUrl = (s: TlsSettings) => (preset() === CUSTOM ? customUrl().trim() : (s.presets.find((p) => p.id === preset())?.url ?? s.directoryUrl));
  const urlError = () => (preset() === CUSTOM && !/^https?:\/\/\S+$/.test(customUrl().trim()) ? "Enter the directory URL, e.g. https://acme.example.com/directory." : null);

  async function submit(e: Event, s: TlsSettings) {
    e.preventDefault();
    if (urlError()) return setError(urlError());
    const cloudflare: NonNullable<TlsSettingsChange["cloudflare"]> = { apiBase: apiBase().trim() };
    if (tokenMode() === "clear") cloudflare.token = null;
    else if (tokenMode() === "replace" && token().trim()) cloudflare.token = token().trim();
    setBusy(true);
    setError(null);
    try {
      const next = await api.tls.saveSettings({ directoryUrl: directoryUrl(s), email: email().trim() || null, cloudflare });
      mutate(next);
      toast.success("Certificate settings saved");
    } catch (x) {
      setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div id="certificates" class="scroll-mt-20">
      <Card title="Certificates" id="certificates-card">
        <Async of={settings} retry={refetch} loadingLabel="Loading certificate settings…">
          {(s) => (
            <form onSubmit={(e) => void submit(e, s)} class="space-y-4" novalidate data-testid="certificates-settings">
              <p class="text-[13px] text-muted">Where HTTPS certificates come from (ACME), and the credentials for DNS-01 validation.</p>
              <div class="grid gap-3 sm:grid-cols-2">
                <SelectField
                  label="ACME directory"
                  options={[...s.presets.map((p) => ({ value: p.id, label: p.label })), { value: CUSTOM, label: "Custom directory URL…" }]}
                  value={preset()}
                  onChange={setPreset}
                />
                <Field
                  label="Contact email"
                  type="email"
                  autocomplete="email"
                  placeholder="admin@example.com"
                  hint="Optional. The CA may send expiry and account notices here."
                  value={email()}
                  onInput={(e) => setEmail(e.currentTarget.value)}
                />
              </div>
              <Show when={preset() === CUSTOM}>
                <Field
                  label="Directory URL"
                  type="url"
                  placeholder="https://acme.example.com/directory"
                  value={customUrl()}
                  onInput={(e) => setCustomUrl(e.currentTarget.value)}
                  error={customUrl() ? urlError() : null}
                  data-testid="acme-directory-url"
                />
              </Show>
              <Show when={/staging/i.test(directoryUrl(s))}>
                <Alert kind="warning">Staging certificates aren't trusted by browsers: use it to test, then switch to production.</Alert>
              </Show>
              <fieldset class="space-y-3 rounded-md border border-line p-3">
                <legend class="px-1 text-[13px] font-semibold">Cloudflare (DNS-01)</legend>
                <Field
                  label="API base URL"
                  type="url"
                  hint="Leave the default unless you go through a proxy."
                  value={apiBase()}
                  onInput={(e) => setApiBase(e.currentTarget.value)}
                />
                <CloudflareTokenField tokenSet={s.cloudflare.tokenSet} mode={tokenMode()} onMode={setTokenMode} value={token()} onInput={setToken} />
              </fieldset>
              <ErrorAlert message={error()} />
              <div class="flex justify-end gap-2">
                <Button onClick={() => (load(s), setError(null))} disabled={busy()}>
                  Reset
                </Button>
                <Button type="submit" variant="primary" loading={busy()} data-testid="certificates-save">
                  Save certificate settings
                </Button>
              </div>
            </form>
          )}
        </Async>
      </Card>
    </div>
  );
}
