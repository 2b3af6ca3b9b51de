import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, errorMessage, type AcmeChallenge, type Domain, type Job } from "../../api";
import { can } from "../../lib/session";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Modal, ModalActions } from "../ui/Modal";
import { isWildcard, needsDns01 } from "./cert";

const CHOICES: { value: AcmeChallenge; label: string; help: string }[] = [
  {
    value: "http-01",
    label: "HTTP-01",
    help: "The CA fetches a file from http://<name>/.well-known/acme-challenge/. Every name must point at this server and port 80 be open to the internet.",
  },
  {
    value: "dns-01",
    label: "DNS-01 (Cloudflare)",
    help: "A TXT record is created through the Cloudflare API. Works for wildcards and for servers the internet can't reach.",
  },
];

/** Obtain (or force-renew) an ACME certificate; the job is followed by the caller. */
export function ObtainCertificateDialog(props: {
  domain: Domain | null;
  open: boolean;
  onOpenChange: (v: boolean) => void;
  onStarted: (job: Job, domain: Domain) => void;
}) {
  const [challenge, setChallenge] = createSignal<AcmeChallenge>("http-01");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  // Settings may be admin-only: without them we just can't say whether a token is set.
  const [settings] = createResource(() => props.open || undefined, () => api.tls.settings().catch(() => null));

  const wildcard = () => !!props.domain && needsDns01(props.domain);
  const renewing = () => props.domain?.certificate?.state === "active" && props.domain.certificate.source === "acme";
  const tokenMissing = () => challenge() === "dns-01" && settings.latest?.cloudflare.tokenSet === false;
  const staging = () => /staging/i.test(settings.latest?.directoryUrl ?? "");

  createEffect(() => {
    if (!props.open) return;
    setError(null);
    const d = props.domain;
    setChallenge(d && needsDns01(d) ? "dns-01" : (d?.certificate?.challenge ?? "http-01"));
  });

  async function submit(e: Event) {
    e.preventDefault();
    const d = props.domain;
    if (!d) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api.domains.obtainCertificate(d.id, challenge());
      props.onStarted(res.job, res.domain);
      props.onOpenChange(false);
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
      size="lg"
      title={renewing() ? "Renew certificate" : "Get a certificate"}
      description={
        renewing()
          ? "Request a new certificate now, before the automatic renewal. The current one keeps serving until the new one is in place."
          : "Request a free certificate from the ACME directory (Let's Encrypt by default). HTTP then redirects to HTTPS."
      }
    >
      <form onSubmit={submit} class="space-y-4">
        <div>
          <p class="mb-1 text-[13px] font-medium">Names on the certificate</p>
          <ul class="flex flex-wrap gap-1">
            <For each={props.domain?.names ?? []}>
              {(n) => <li class="rounded border border-line bg-surface-2 px-1.5 py-0.5 font-mono text-[12px]">{n}</li>}
            </For>
          </ul>
        </div>
        <fieldset>
          <legend class="mb-1 text-[13px] font-medium">Validation method</legend>
          <div class="space-y-2">
            <For each={CHOICES}>
              {(c) => {
                const disabled = () => c.value === "http-01" && wildcard();
                return (
                  <label
                    class="flex cursor-pointer items-start gap-2.5 rounded-md border p-2.5 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60"
                    classList={{ "border-accent bg-accent-soft/50": challenge() === c.value, "border-line": challenge() !== c.value }}
                  >
                    <input
                      type="radio"
                      name="challenge"
                      value={c.value}
                      class="mt-0.5 accent-[var(--sk-primary)]"
                      data-testid={`challenge-${c.value}`}
                      checked={challenge() === c.value}
                      disabled={disabled()}
                      onChange={() => setChallenge(c.value)}
                    />
                    <span class="min-w-0 text-[13px]">
                      <span class="font-medium">{c.label}</span>
                      <span class="mt-0.5 block text-[12px] text-muted">
                        {disabled() ? `Not possible here: ${props.domain?.names.filter(isWildcard).join(", ")} is a wildcard, which needs DNS-01.` : c.help}
                      </span>
                    </span>
                  </label>
                );
              }}
            </For>
          </div>
        </fieldset>
        <Show when={tokenMissing()}>
          <Alert kind="warning" title="No Cloudflare API token is set">
            DNS-01 needs one to create the TXT records.{" "}
            <Show when={can("admin")} fallback={<>Ask an admin to add it in Settings → Certificates.</>}>
              <A href="/settings#certificates" class="font-medium underline" onClick={() => props.onOpenChange(false)}>
                Add it in Settings → Certificates
              </A>
              .
            </Show>
          </Alert>
        </Show>
        <Show when={challenge() === "dns-01" && settings.latest === null}>
          <p class="text-[12px] text-muted">DNS-01 uses the Cloudflare API token set by an admin in Settings → Certificates.</p>
        </Show>
        <Show when={staging()}>
          <Alert kind="info">The ACME directory is a staging one: browsers won't trust this certificate.</Alert>
        </Show>
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()} disabled={tokenMissing()} data-testid="obtain-certificate-submit">
            {renewing() ? "Renew now" : "Get certificate"}
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
