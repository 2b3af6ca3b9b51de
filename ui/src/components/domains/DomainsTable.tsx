import { For, Show } from "solid-js";
import { A } from "@solidjs/router";
import type { Domain } from "../../api";
import { formatDateTime, formatRelative } from "../../lib/format";
import type { Sorter } from "../../lib/sort";
import { ActionMenu, type MenuAction } from "../ui/ActionMenu";
import { SortHeader } from "../ui/SortHeader";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { CertBadge } from "./CertBadge";
import { DnsStatus } from "./DnsStatus";
import { dnsState } from "./dnsChecks";

export type DomainSortKey = "hostname" | "app" | "https" | "renewed";

export const domainHref = (d: Pick<Domain, "id">) => `/domains/${encodeURIComponent(d.id)}`;
export const appHref = (d: Pick<Domain, "appId">) => `/apps/${encodeURIComponent(d.appId)}`;

/** Every domain: hostname and aliases, app, DNS (on demand), HTTPS, last renewal, actions. */
export function DomainsTable(props: { domains: Domain[]; sort: Sorter<DomainSortKey>; menu: (d: Domain) => MenuAction[]; now: number }) {
  return (
    <table class={tableClass}>
      <thead>
        <tr>
          <SortHeader label="Hostname" k="hostname" sort={props.sort} />
          <SortHeader label="App" k="app" sort={props.sort} class="hidden md:table-cell" />
          <th scope="col" class={`${thClass} hidden sm:table-cell`}>DNS</th>
          <SortHeader label="HTTPS" k="https" sort={props.sort} />
          <SortHeader label="Last renewal" k="renewed" sort={props.sort} class="hidden lg:table-cell" />
          <th scope="col" class={thClass}><span class="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        <For each={props.domains}>
          {(d) => (
            <tr class="hover:bg-surface-2/60" data-testid="domain-row" data-domain-id={d.id} data-hostname={d.hostname}>
              <td class={`${tdClass} max-w-[22rem]`}>
                <A href={domainHref(d)} class="font-mono font-medium text-accent hover:underline [overflow-wrap:anywhere]" data-testid="domain-link">
                  {d.hostname}
                </A>
                <Show when={d.aliases.length > 0}>
                  <span class="block font-mono text-[12px] text-muted [overflow-wrap:anywhere]">+ {d.aliases.join(", ")}</span>
                </Show>
                <A href={appHref(d)} class="block text-[12px] text-muted hover:text-accent hover:underline md:hidden">
                  App: {d.appName ?? `#${d.appId}`}
                </A>
                {/* Phones have no DNS column: a check run from the row menu shows up here. */}
                <Show when={dnsState(d.id)}>
                  <div class="mt-1 sm:hidden">
                    <DnsStatus domain={d} />
                  </div>
                </Show>
              </td>
              <td class={`${tdClass} hidden md:table-cell`}>
                <A href={appHref(d)} class="text-accent hover:underline">{d.appName ?? `#${d.appId}`}</A>
              </td>
              <td class={`${tdClass} hidden whitespace-nowrap sm:table-cell`}>
                <DnsStatus domain={d} />
              </td>
              <td class={tdClass}>
                <CertBadge domain={d} issuer />
              </td>
              <td class={`${tdClass} hidden whitespace-nowrap text-muted lg:table-cell`} title={formatDateTime(d.certificate?.lastRenewalAt)}>
                {d.certificate?.lastRenewalAt ? formatRelative(d.certificate.lastRenewalAt, props.now) : "—"}
              </td>
              <td class={`${tdClass} w-10 text-right`}>
                <ActionMenu label={`Actions for ${d.hostname}`} actions={props.menu(d)} testId="domain-actions" />
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
