import { createResource, createSignal, For, Show } from "solid-js";
import { useNavigate } from "@solidjs/router";
import Trash2 from "lucide-solid/icons/trash";
import { api, type App } from "../../api";
import { can } from "../../lib/session";
import { Button } from "../ui/Button";
import { Checkbox } from "../ui/Checkbox";
import { ConfirmDialog } from "../ui/ConfirmDialog";

/** Danger zone: remove the app (type its name), optionally with its volumes — named, so the user knows what goes. */
export function AppRemove(props: { app: App }) {
  const navigate = useNavigate();
  const [open, setOpen] = createSignal(false);
  const [withVolumes, setWithVolumes] = createSignal(false);
  const [volumes] = createResource(
    () => props.app.serverId,
    (s) =>
      api.docker
        .volumes(s)
        .then((r) => r.items.filter((v) => v.labels?.["com.docker.compose.project"] === props.app.name).map((v) => v.name))
        .catch(() => null),
  );

  return (
    <section aria-labelledby="danger-title" class="rounded-lg border border-danger/50 bg-surface">
      <div class="border-b border-danger/30 px-4 py-2.5">
        <h2 id="danger-title" class="text-[14px] font-semibold text-danger">Danger zone</h2>
      </div>
      <div class="flex flex-wrap items-center justify-between gap-4 p-4">
        <div class="max-w-xl text-[13px]">
          <p class="font-medium">Remove this app</p>
          <p class="mt-0.5 text-muted">
            Stops and deletes its containers, network and files (compose file, .env). Volumes — the app's data — are kept unless you choose
            otherwise.
          </p>
        </div>
        <Show when={can("operator")} fallback={<p class="text-[13px] text-muted">Operators and above can remove apps.</p>}>
          <Button variant="danger" onClick={() => (setWithVolumes(false), setOpen(true))}>
            <Trash2 class="size-4" aria-hidden="true" /> Remove app
          </Button>
        </Show>
      </div>
      <ConfirmDialog
        open={open()}
        onOpenChange={setOpen}
        title={`Remove ${props.app.name}`}
        confirmLabel="Remove app"
        typeToConfirm={props.app.name}
        onConfirm={async () => {
          const res = await api.apps.remove(props.app.id, props.app.name, withVolumes());
          navigate(`/apps?job=${encodeURIComponent(res.job.id)}`);
        }}
      >
        <div class="space-y-3">
          <p>
            The containers, network and files of <strong>{props.app.name}</strong> are deleted
            {props.app.urls.length ? <>, and {props.app.urls.join(", ")} stops answering</> : null}.
          </p>
          <Checkbox
            label="Also delete volumes (data)"
            tone="danger"
            checked={withVolumes()}
            onChange={setWithVolumes}
            description={
              <Show
                when={volumes.latest?.length}
                fallback={volumes.latest === null ? "Every volume of this app — databases, uploads, settings — is deleted for good." : "This app has no volumes."}
              >
                Deleted for good, with everything stored in them (databases, uploads, settings):{" "}
                <For each={volumes.latest ?? []}>
                  {(v, i) => (
                    <>
                      <code class="font-mono">{v}</code>
                      {i() < (volumes.latest?.length ?? 0) - 1 ? ", " : ""}
                    </>
                  )}
                </For>
              </Show>
            }
          />
          <Show when={withVolumes()}>
            <p class="font-medium text-danger">This can't be undone. Make a backup first if you may need the data.</p>
          </Show>
        </div>
      </ConfirmDialog>
    </section>
  );
}
