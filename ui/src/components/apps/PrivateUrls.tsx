import { createResource, createSignal, For, Show } from "solid-js";
import Link from "lucide-solid/icons/link";
import Plus from "lucide-solid/icons/plus";
import { api, privateUrlHref, type App, type PrivateUrl } from "../../api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { can } from "../../lib/session";
import { toast } from "../../lib/toast";
import { Async } from "../ui/Async";
import { Badge } from "../ui/Badge";
import { Button } from "../ui/Button";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { CopyButton } from "../ui/CopyButton";
import { EmptyState } from "../ui/EmptyState";
import { Card, tableClass, tdClass, thClass } from "../ui/Page";
import { CreatePrivateUrlDialog } from "./CreatePrivateUrlDialog";

/** Private URLs of an app: unguessable links on the server's default vhost, for sharing an app that has no domain. */
export function PrivateUrls(props: { app: App }) {
  const [urls, { refetch, mutate }] = createResource(() => props.app.id, (id) => api.privateUrls.list(id).then((r) => r.items));
  const [creating, setCreating] = createSignal(false);
  const [revoking, setRevoking] = createSignal<PrivateUrl | null>(null);
  const manage = () => can("operator");

  const createButton = () => (
    <Show when={manage()}>
      <Button size="sm" onClick={() => setCreating(true)} data-testid="private-url-create">
        <Plus class="size-4" aria-hidden="true" /> Create private URL
      </Button>
    </Show>
  );

  return (
    <Card title="Private URLs" id="private-urls" actions={createButton()} bodyClass="overflow-x-auto">
      <Async of={urls} retry={refetch} loadingLabel="Loading private URLs…">
        {(list) => (
          <Show
            when={list.length > 0}
            fallback={
              <EmptyState icon={<Link class="size-6" />} title="No private URLs — share an app that has no domain yet">
                A private URL is an unguessable link such as http://{location.hostname}/p/…/ that Nginx's default site proxies to this app,
                optionally behind a password. Revoke it when you're done sharing.
              </EmptyState>
            }
          >
            <p class="border-b border-line px-4 py-2 text-[12px] text-muted">
              These links work only where Nginx's default site is reachable at {new URL(privateUrlHref(list[0]!)).host}
              {new URL(privateUrlHref(list[0]!)).port ? "" : " (port 80)"}. Anyone with a link can open the app.
            </p>
            <table class={tableClass}>
              <thead>
                <tr>
                  <th scope="col" class={thClass}>Link</th>
                  <th scope="col" class={`${thClass} hidden sm:table-cell`}>Port</th>
                  <th scope="col" class={thClass}>Access</th>
                  <th scope="col" class={`${thClass} hidden md:table-cell`}>Created</th>
                  <th scope="col" class={thClass}><span class="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                <For each={list}>
                  {(p) => (
                    <tr data-testid="private-url-row" data-private-url-id={p.id}>
                      <td class={`${tdClass} max-w-[24rem]`}>
                        <a
                          href={privateUrlHref(p)}
                          target="_blank"
                          rel="noopener noreferrer"
                          data-testid="private-url-link"
                          class="font-mono text-[12.5px] text-accent hover:underline [overflow-wrap:anywhere]"
                        >
                          {privateUrlHref(p)}
                        </a>
                      </td>
                      <td class={`${tdClass} hidden font-mono sm:table-cell`}>{p.port}</td>
                      <td class={tdClass}>
                        {p.basicAuthUser ? <Badge tone="success">Password · {p.basicAuthUser}</Badge> : <Badge tone="warning">Anyone with the link</Badge>}
                      </td>
                      <td class={`${tdClass} hidden whitespace-nowrap text-muted md:table-cell`} title={formatDateTime(p.createdAt)}>
                        {formatRelative(p.createdAt)}
                      </td>
                      <td class={`${tdClass} whitespace-nowrap text-right`}>
                        <CopyButton text={privateUrlHref(p)} what="Private URL" testId="private-url-copy" />
                        <Show when={manage()}>
                          <Button size="sm" variant="ghost" class="ml-1 text-danger" onClick={() => setRevoking(p)} data-testid="private-url-revoke" aria-label={`Revoke private URL ${p.path}`}>
                            Revoke
                          </Button>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Async>
      <CreatePrivateUrlDialog app={props.app} open={creating()} onOpenChange={setCreating} onCreated={(p) => mutate((l) => [...(l ?? []), p])} />
      <ConfirmDialog
        open={!!revoking()}
        onOpenChange={(o) => !o && setRevoking(null)}
        title="Revoke private URL"
        confirmLabel="Revoke link"
        onConfirm={async () => {
          const p = revoking();
          if (!p) return;
          await api.privateUrls.revoke(p.id);
          mutate((l) => (l ?? []).filter((x) => x.id !== p.id));
          toast.success("Private URL revoked");
        }}
      >
        <p>
          <code class="font-mono break-all">{revoking() ? privateUrlHref(revoking()!) : ""}</code> stops working at once for everyone who has it. The app
          itself keeps running.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
