import { For, Match, Switch } from "solid-js";
import RotateCw from "lucide-solid/icons/rotate-cw";
import SearchCheck from "lucide-solid/icons/search-check";
import type { Domain } from "../../api";
import { Badge } from "../ui/Badge";
import { Button, IconButton } from "../ui/Button";
import { Spinner } from "../ui/Loading";
import { Tip } from "../ui/Tip";
import { checkDns, dnsState } from "./dnsChecks";

/** DNS column of the Domains list: a "Check" button until checked, then the verdict (warnings in a tooltip). */
export function DnsStatus(props: { domain: Domain }) {
  const s = () => dnsState(props.domain.id);
  const done = () => {
    const x = s();
    return x && !x.loading ? x : undefined;
  };
  const again = () => (
    <IconButton label={`Check DNS for ${props.domain.hostname} again`} class="size-6" onClick={() => void checkDns(props.domain.id)}>
      <RotateCw class="size-3.5" aria-hidden="true" />
    </IconButton>
  );
  return (
    <span data-testid="dns-status" data-state={s()?.loading ? "checking" : done()?.error ? "error" : done()?.report ? (done()!.report!.warnings.length ? "warning" : "ok") : "unchecked"} class="inline-flex items-center gap-1">
      <Switch
        fallback={
          <Button size="sm" variant="ghost" aria-label={`Check DNS for ${props.domain.hostname}`} onClick={() => void checkDns(props.domain.id)}>
            <SearchCheck class="size-4" aria-hidden="true" /> Check
          </Button>
        }
      >
        <Match when={s()?.loading}>
          <span class="inline-flex items-center gap-1.5 text-[12px] text-muted" role="status">
            <Spinner class="size-3.5" /> Checking…
          </span>
        </Match>
        <Match when={done()?.error}>
          <Tip content={done()!.error}>
            <Badge tone="danger">Check failed</Badge>
          </Tip>
          {again()}
        </Match>
        <Match when={done()?.report}>
          {(r) => (
            <>
              <Switch>
                <Match when={r().warnings.length === 0}>
                  <Tip content={<>Points at this server ({r().serverAddresses.join(", ") || "address unknown"})</>}>
                    <Badge tone="success" dot>Points here</Badge>
                  </Tip>
                </Match>
                <Match when={true}>
                  <Tip content={<ul class="space-y-0.5"><For each={r().warnings}>{(w) => <li>{w}</li>}</For></ul>}>
                    <Badge tone="warning" dot>
                      {r().warnings.length} warning{r().warnings.length === 1 ? "" : "s"}
                    </Badge>
                  </Tip>
                </Match>
              </Switch>
              {again()}
            </>
          )}
        </Match>
      </Switch>
    </span>
  );
}
