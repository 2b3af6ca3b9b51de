import { createSignal, For, Match, Show, Switch, type JSX } from "solid-js";
import ShieldCheck from "lucide-solid/icons/shield-check";
import ShieldOff from "lucide-solid/icons/shield-off";
import Upload from "lucide-solid/icons/upload";
import type { Domain } from "../../api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useNow } from "../../lib/now";
import { can } from "../../lib/session";
import { Alert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Card } from "../ui/Page";
import { CertBadge } from "./CertBadge";
import { CertificateJob } from "./CertificateJob";
import { httpsStatus, isWildcard, needsDns01, sourceLabel } from "./cert";
import type { createDomainActions } from "./domainActions";
import { ValidityBar } from "./ValidityBar";

function Meta(props: { label: string; children: JSX.Element; class?: string }) {
  return (
    <div class={props.class}>
      <dt class="text-[12px] text-muted">{props.label}</dt>
      <dd class="mt-0.5 text-[13px] [overflow-wrap:anywhere]">{props.children}</dd>
    </div>
  );
}

/** The domain's certificate: details, validity, errors, the running job, and what can be done. */
export function CertificateCard(props: { domain: Domain; actions: ReturnType<typeof createDomainActions>; onReload: () => void }) {
  const now = useNow(60_000);
  const c = () => props.domain.certificate;
  const status = () => httpsStatus(props.domain);
  const issuing = () => status() === "issuing";
  const [jobRunning, setJobRunning] = createSignal(false);
  const busy = () => issuing() || jobRunning();

  return (
    <Card title="Certificate" id="certificate" actions={<CertBadge domain={props.domain} />}>
      <div class="space-y-4">
        <Switch>
          <Match when={!c()}>
            <p class="text-[13px] text-muted">
              {props.domain.tls ? "HTTPS is on but no certificate details are recorded." : `${props.domain.hostname} is served over plain HTTP.`}{" "}
              Get a free certificate from Let's Encrypt, or upload your own.
              <Show when={needsDns01(props.domain)}> Its wildcard name needs DNS-01 validation.</Show>
            </p>
          </Match>
          <Match when={status() === "failed"}>
            <Alert kind="error" title="The certificate couldn't be obtained">
              <span data-testid="certificate-error">{c()!.lastError ?? "No error message was recorded; open the job log."}</span>
            </Alert>
          </Match>
          <Match when={issuing()}>
            <p class="text-[13px] text-muted">Requesting a certificate{c()!.challenge ? ` over ${c()!.challenge!.toUpperCase()}` : ""}…</p>
          </Match>
        </Switch>

        <Show when={c() && (status() === "active" || status() === "renewal-failed" || status() === "expired")}>
          <Show when={c()!.lastError}>
            <Alert kind="warning" title="The last renewal failed">
              <span data-testid="certificate-error">{c()!.lastError}</span>
              <p class="mt-1 text-[12px]">
                The current certificate keeps serving until {formatDateTime(c()!.notAfter)}.
                {c()!.nextAttemptAt ? ` Next attempt ${formatRelative(c()!.nextAttemptAt, now())}.` : ""}
              </p>
            </Alert>
          </Show>
          <ValidityBar certificate={c()!} now={now()} />
          <dl class="grid grid-cols-1 gap-x-4 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
            <Meta label="Issuer">{c()!.issuer ?? "—"}</Meta>
            <Meta label="Source">{sourceLabel(props.domain)}</Meta>
            <Meta label="Serial"><span class="font-mono text-[12px]">{c()!.serial ?? "—"}</span></Meta>
            <Meta label={c()!.source === "upload" ? "Installed" : "Last renewal"}>{c()!.lastRenewalAt ? <span title={formatDateTime(c()!.lastRenewalAt)}>{formatRelative(c()!.lastRenewalAt, now())}</span> : "—"}</Meta>
            <Meta label={c()!.nextAttemptAt ? "Next renewal attempt" : "Renews"}>
              {c()!.source === "upload" ? "Not renewed automatically" : c()!.renewsAt ? <span title={formatDateTime(c()!.renewsAt)}>{formatRelative(c()!.renewsAt, now())}</span> : "—"}
            </Meta>
            <Meta label="Names" class="sm:col-span-2 lg:col-span-3">
              <ul class="flex flex-wrap gap-1">
                <For each={c()!.names}>
                  {(n) => (
                    <li class="rounded border border-line bg-surface-2 px-1.5 py-0.5 font-mono text-[12px]" classList={{ "text-accent": isWildcard(n) }}>
                      {n}
                    </li>
                  )}
                </For>
              </ul>
            </Meta>
          </dl>
        </Show>

        <Show when={c()?.jobId}>
          {(id) => <CertificateJob jobId={id()} expectActive={issuing()} onFinished={props.onReload} onActiveChange={setJobRunning} />}
        </Show>

        <Show when={can("operator")}>
          <div class="flex flex-wrap gap-2 border-t border-line pt-4">
            <Button variant="primary" disabled={busy()} onClick={() => props.actions.askObtain(props.domain)} data-testid="obtain-certificate-button">
              <ShieldCheck class="size-4" aria-hidden="true" /> {props.actions.obtainLabel(props.domain)}
            </Button>
            <Button disabled={busy()} onClick={() => props.actions.askUpload(props.domain)} data-testid="upload-certificate-button">
              <Upload class="size-4" aria-hidden="true" /> Upload certificate
            </Button>
            <Show when={c() || props.domain.tls}>
              <Button variant="ghost" class="text-danger" disabled={busy()} onClick={() => props.actions.askRemoveCertificate(props.domain)} data-testid="remove-certificate-button">
                <ShieldOff class="size-4" aria-hidden="true" /> Remove certificate
              </Button>
            </Show>
          </div>
        </Show>
      </div>
    </Card>
  );
}
