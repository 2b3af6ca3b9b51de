import { For, Show, type JSX } from "solid-js";
import { A } from "@solidjs/router";
import ExternalLink from "lucide-solid/icons/external-link";
import type { Domain } from "../../api";
import { Card } from "../ui/Page";
import { DnsStatus } from "./DnsStatus";
import { dnsState } from "./dnsChecks";
import { appHref } from "./DomainsTable";
import { siteUrl } from "./cert";

function Row(props: { label: string; children: JSX.Element }) {
  return (
    <div class="grid grid-cols-[7rem_1fr] gap-2 py-1.5 text-[13px]">
      <dt class="text-muted">{props.label}</dt>
      <dd class="min-w-0 [overflow-wrap:anywhere]">{props.children}</dd>
    </div>
  );
}

/** Where the domain points: app, upstream port, names nginx answers for, DNS. */
export function DomainSummary(props: { domain: Domain }) {
  const report = () => {
    const s = dnsState(props.domain.id);
    return s && !s.loading ? s.report : undefined;
  };
  return (
    <Card title="Routing" id="domain-routing">
      <dl class="divide-y divide-line">
        <Row label="App">
          <A href={appHref(props.domain)} class="text-accent hover:underline" data-testid="domain-app-link">
            {props.domain.appName ?? `#${props.domain.appId}`}
          </A>
          <span class="text-muted"> · port </span>
          <span class="font-mono">{props.domain.port}</span>
        </Row>
        <Row label="Site">
          <a href={siteUrl(props.domain)} target="_blank" rel="noopener noreferrer" class="inline-flex items-center gap-1 font-mono text-accent hover:underline">
            {siteUrl(props.domain)} <ExternalLink class="size-3" aria-hidden="true" />
          </a>
        </Row>
        <Row label="Names">
          <span class="font-mono text-[12px]">{props.domain.names.join(", ")}</span>
        </Row>
        <Row label="DNS">
          <DnsStatus domain={props.domain} />
          <Show when={report()?.warnings.length}>
            <ul class="mt-1 list-disc space-y-0.5 pl-4 text-[12px] text-warning">
              <For each={report()!.warnings}>{(w) => <li>{w}</li>}</For>
            </ul>
          </Show>
        </Row>
      </dl>
    </Card>
  );
}
