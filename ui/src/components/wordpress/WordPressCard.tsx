import { createMemo, createResource, createSignal, For, Show } from "solid-js";
import KeyRound from "lucide-solid/icons/key-round";
import Globe from "lucide-solid/icons/globe";
import ShieldCheck from "lucide-solid/icons/shield-check";
import { api, errorMessage, isApiError, type App, type ContainerSummary, type WordPressInfo } from "../../api";
import { can } from "../../lib/session";
import { toast } from "../../lib/toast";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Badge } from "../ui/Badge";
import { Button } from "../ui/Button";
import { Card } from "../ui/Page";
import { Switch } from "../ui/Switch";
import { AdminPasswordDialog } from "./AdminPasswordDialog";
import { ExtensionsTable } from "./ExtensionsTable";
import { PermissionsCheck } from "./PermissionsCheck";
import { SiteUrlDialog } from "./SiteUrlDialog";

/**
 * Asked only of apps that look like WordPress (its template, or a wordpress image): every other
 * app would get a 400 not_wordpress, which browsers log as an error on each visit.
 */
export const looksLikeWordPress = (app: App, containers: ContainerSummary[]): boolean =>
  /wordpress/i.test(app.templateId ?? "") || containers.some((c) => /wordpress/i.test(c.image));

/**
 * The app's WordPress facts, or null when it isn't WordPress. A site still starting (its database
 * not answering yet) is asked again a few times rather than hidden for good.
 */
async function wordpressInfo(id: App["id"]): Promise<WordPressInfo | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await api.wordpress.get(id)).wordpress;
    } catch (e) {
      if ((isApiError(e) && e.code === "not_wordpress") || attempt >= 4) return null;
      await new Promise((r) => setTimeout(r, 3000));
    }
  }
}

/**
 * WordPress tools on an app's page: shown only when the app answers as WordPress (any error,
 * not_wordpress included, hides the card).
 */
export function WordPressCard(props: { app: App; containers: ContainerSummary[] }) {
  // A memo, so the app page's live refreshes (new container lists) don't ask again each time.
  const key = createMemo(() => looksLikeWordPress(props.app, props.containers) && props.app.id);
  const [wp, { refetch, mutate }] = createResource(
    key,
    (id) => wordpressInfo(id),
  );
  const [toggling, setToggling] = createSignal(false);
  const [hardening, setHardening] = createSignal(false);
  const [hardened, setHardened] = createSignal<string[] | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [password, setPassword] = createSignal(false);
  const [siteUrl, setSiteUrl] = createSignal(false);

  async function maintenance(enabled: boolean) {
    setToggling(true);
    setError(null);
    try {
      const r = await api.wordpress.maintenance(props.app.id, enabled);
      const cur = wp();
      if (cur) mutate({ ...cur, maintenance: r.maintenance });
      toast.success(r.maintenance ? "Maintenance mode on" : "Maintenance mode off", r.maintenance ? "Visitors see WordPress's maintenance notice." : undefined);
    } catch (x) {
      setError(errorMessage(x));
    } finally {
      setToggling(false);
    }
  }

  async function harden() {
    setHardening(true);
    setError(null);
    try {
      setHardened((await api.wordpress.harden(props.app.id)).changed);
      void refetch();
    } catch (x) {
      setError(errorMessage(x));
    } finally {
      setHardening(false);
    }
  }

  return (
    <Show when={wp()}>
      {(w) => (
        <Card title="WordPress" id="wordpress" class="mt-4" actions={<Badge tone="accent">{w().version ? `WordPress ${w().version}` : "WordPress"}</Badge>}>
          <div class="space-y-4" data-testid="wordpress-card">
            <dl class="grid grid-cols-[7rem_minmax(0,1fr)] gap-y-1.5 text-[13px]">
              <dt class="text-muted">Site URL</dt>
              <dd class="font-mono [overflow-wrap:anywhere]">{w().siteUrl ?? "—"}</dd>
              <Show when={w().home !== w().siteUrl}>
                <dt class="text-muted">Home</dt>
                <dd class="font-mono [overflow-wrap:anywhere]">{w().home ?? "—"}</dd>
              </Show>
              <dt class="text-muted">Table prefix</dt>
              <dd class="font-mono">{w().tablePrefix}</dd>
              <dt class="text-muted">Hardening</dt>
              <dd class="flex flex-wrap gap-1.5">
                <Badge tone={w().hardening.fileEditDisallowed ? "success" : "warning"}>{w().hardening.fileEditDisallowed ? "File editor off" : "File editor on"}</Badge>
                <Badge tone={w().hardening.debug ? "warning" : "success"}>{w().hardening.debug ? "Debug on" : "Debug off"}</Badge>
                <Badge tone={w().hardening.saltsSet ? "success" : "danger"}>{w().hardening.saltsSet ? "Salts set" : "Default salts"}</Badge>
              </dd>
            </dl>
            <Show when={can("operator")}>
              <div class="space-y-3 border-t border-line pt-3">
                <Switch label="Maintenance mode" description="Visitors get WordPress's “briefly unavailable” page; signed-in admins too." checked={w().maintenance} disabled={toggling()} onChange={(v) => void maintenance(v)} />
                <div class="flex flex-wrap gap-2">
                  <Button size="sm" onClick={() => void harden()} loading={hardening()} data-testid="wordpress-harden">
                    <ShieldCheck class="size-3.5" aria-hidden="true" /> Harden wp-config.php
                  </Button>
                  <Button size="sm" onClick={() => setPassword(true)}>
                    <KeyRound class="size-3.5" aria-hidden="true" /> Reset admin password
                  </Button>
                  <Button size="sm" onClick={() => setSiteUrl(true)}>
                    <Globe class="size-3.5" aria-hidden="true" /> Change site URL
                  </Button>
                </div>
                <Show when={hardened()}>
                  {(c) => (
                    <Alert kind="info" title={c().length ? "wp-config.php hardened" : "Already hardened: nothing to change"}>
                      <Show when={c().length}>
                        <ul class="list-disc pl-4" data-testid="harden-changes"><For each={c()}>{(x) => <li>{x}</li>}</For></ul>
                      </Show>
                    </Alert>
                  )}
                </Show>
                <ErrorAlert message={error()} />
                <PermissionsCheck appId={props.app.id} />
              </div>
            </Show>
            <div>
              <h3 class="mb-2 text-[13px] font-semibold">Plugins and themes</h3>
              <ExtensionsTable plugins={w().plugins} themes={w().themes} />
            </div>
          </div>
          <AdminPasswordDialog open={password()} onOpenChange={setPassword} appId={props.app.id} />
          <SiteUrlDialog open={siteUrl()} onOpenChange={setSiteUrl} appId={props.app.id} current={w().home ?? w().siteUrl ?? ""} onDone={() => void refetch()} />
        </Card>
      )}
    </Show>
  );
}
