import { Match, Show, Switch } from "solid-js";
import type { Domain } from "../../api";
import { Badge } from "../ui/Badge";
import { Spinner } from "../ui/Loading";
import { Tip } from "../ui/Tip";
import { expiryLabel, expiryTone, httpsStatus } from "./cert";

/**
 * HTTPS status of a domain: none / issuing / active (coloured by days left) / renewal failed /
 * expired / failed. The last error is in a tooltip; the domain page shows it in full.
 */
export function CertBadge(props: { domain: Domain; issuer?: boolean }) {
  const c = () => props.domain.certificate;
  const status = () => httpsStatus(props.domain);
  const days = () => c()?.daysLeft ?? null;
  const error = () => c()?.lastError ?? "No error message recorded.";
  return (
    <span data-testid="https-status" data-state={status()} class="inline-flex flex-col items-start gap-0.5">
      <span class="inline-flex flex-wrap items-center gap-1">
        <Switch>
          <Match when={status() === "none"}>
            <Badge>{props.domain.tls ? "HTTPS" : "HTTP only"}</Badge>
          </Match>
          <Match when={status() === "issuing"}>
            <Badge tone="accent">
              <Spinner class="size-3 text-current" /> Issuing…
            </Badge>
          </Match>
          <Match when={status() === "failed"}>
            <Tip content={<>Certificate failed: {error()}</>}>
              <Badge tone="danger" dot>Certificate failed</Badge>
            </Tip>
          </Match>
          <Match when={status() === "expired"}>
            <Badge tone="danger" dot>Expired</Badge>
          </Match>
          <Match when={true}>
            <Badge tone={expiryTone(days())} dot>
              HTTPS · {expiryLabel(days())}
            </Badge>
          </Match>
        </Switch>
        <Show when={status() === "renewal-failed" || (status() === "expired" && c()?.lastError)}>
          <Tip content={<>Last renewal failed: {error()}</>}>
            <Badge tone={days() !== null && days()! < 7 ? "danger" : "warning"}>Renewal failed</Badge>
          </Tip>
        </Show>
      </span>
      <Show when={props.issuer && c()?.issuer && status() !== "failed"}>
        <span class="text-[12px] text-muted">{c()!.issuer}</span>
      </Show>
    </span>
  );
}
