import { Match, Switch } from "solid-js";
import { Badge } from "../ui/Badge";
import { Button } from "../ui/Button";
import { SecretInput } from "../ui/SecretInput";

export type TokenMode = "keep" | "replace" | "clear";

/** Write-only Cloudflare token: says whether one is set; replace or clear it (applied on save). */
export function CloudflareTokenField(props: {
  tokenSet: boolean;
  mode: TokenMode;
  onMode: (m: TokenMode) => void;
  value: string;
  onInput: (v: string) => void;
}) {
  const hint = "Needs the Zone → DNS → Edit permission on the zones of your domains. Write-only: it is never shown again.";
  return (
    <Switch>
      <Match when={props.tokenSet && props.mode === "keep"}>
        <div>
          <p class="mb-1 text-[13px] font-medium">API token</p>
          <div class="flex flex-wrap items-center gap-2">
            <Badge tone="success" dot>
              <span data-testid="cloudflare-token-set">Token set</span>
            </Badge>
            <Button size="sm" onClick={() => props.onMode("replace")} data-testid="cloudflare-token-replace">
              Replace
            </Button>
            <Button size="sm" variant="ghost" class="text-danger" onClick={() => props.onMode("clear")} data-testid="cloudflare-token-clear">
              Clear
            </Button>
          </div>
        </div>
      </Match>
      <Match when={props.mode === "clear"}>
        <div>
          <p class="mb-1 text-[13px] font-medium">API token</p>
          <p class="flex flex-wrap items-center gap-2 text-[13px] text-warning">
            The token is removed when you save; DNS-01 certificates can't be obtained or renewed without one.
            <Button size="sm" onClick={() => props.onMode("keep")}>
              Keep it
            </Button>
          </p>
        </div>
      </Match>
      <Match when={true}>
        <div class="space-y-1">
          <SecretInput
            label={props.tokenSet ? "New API token" : "API token"}
            placeholder={props.tokenSet ? "Paste the new token" : "Not set"}
            hint={hint}
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
            data-testid="cloudflare-token-input"
          />
          {props.tokenSet && (
            <Button size="sm" variant="ghost" onClick={() => (props.onInput(""), props.onMode("keep"))}>
              Keep the current token
            </Button>
          )}
        </div>
      </Match>
    </Switch>
  );
}
