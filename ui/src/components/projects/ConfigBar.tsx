import { createSignal, For, Show } from "solid-js";
import { DropdownMenu } from "@kobalte/core/dropdown-menu";
import Download from "lucide-solid/icons/download";
import FileCode from "lucide-solid/icons/file-code";
import Upload from "lucide-solid/icons/upload";
import { api, type Project } from "../../api";
import { downloadUrl } from "../../lib/download";
import { can } from "../../lib/session";
import { toast } from "../../lib/toast";
import { Alert } from "../ui/Alert";
import { Button, buttonClass } from "../ui/Button";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { UploadConfigDialog } from "./UploadConfigDialog";

/** Where the project's settings come from, in words ("uploaded", "in app wp-prod"). */
export function configOrigin(p: Project): string {
  if (p.configSource === "upload") return "uploaded";
  const app = p.environments.find((e) => e.appId === p.configAppId)?.app?.name;
  return `in app ${app ?? `#${p.configAppId}`}`;
}

/**
 * serverkit.yaml for a project: the banner when the file wins, upload, download as a file, read it
 * from an app's folder, or go back to editing in the panel.
 */
export function ConfigBar(props: { project: Project; onChanged: () => void }) {
  const p = () => props.project;
  const [uploading, setUploading] = createSignal(false);
  const [appFile, setAppFile] = createSignal<number | null>(null);
  const [detaching, setDetaching] = createSignal(false);
  const fromFile = () => p().configSource !== "ui";
  return (
    <div class="mb-4 space-y-3">
      <Show when={fromFile()}>
        <Alert kind="info" title={`Settings come from serverkit.yaml (${configOrigin(p())}) — the file wins`}>
          <p data-testid="config-banner">
            Environments and sync rules are read from the file, so they can't be edited here.{" "}
            {p().configSource === "app-file" ? "Edit serverkit.yaml in the app's folder (or repository) instead." : "Upload a new version to change them."}
          </p>
        </Alert>
      </Show>
      <div class="flex flex-wrap items-center gap-2">
        <Show when={can("operator")}>
          <Button size="sm" onClick={() => setUploading(true)} data-testid="upload-config">
            <Upload class="size-3.5" aria-hidden="true" /> Upload serverkit.yaml
          </Button>
        </Show>
        <Button size="sm" onClick={() => downloadUrl(api.projects.configYamlUrl(p().id))} disabled={!p().environments.length} data-testid="download-config">
          <Download class="size-3.5" aria-hidden="true" /> Download as serverkit.yaml
        </Button>
        <Show when={can("operator") && p().environments.some((e) => e.app) && p().configSource !== "app-file"}>
          <DropdownMenu placement="bottom-start" gutter={4}>
            <DropdownMenu.Trigger class={buttonClass("secondary", "sm")} data-testid="use-app-config">
              <FileCode class="size-3.5" aria-hidden="true" /> Use an app's serverkit.yaml
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content class="anim-pop z-[60] min-w-48 rounded-md border border-line bg-surface p-1 shadow-pop">
                <For each={p().environments.filter((e) => e.app)}>
                  {(e) => (
                    <DropdownMenu.Item
                      class="flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-[13px] outline-none select-none data-[highlighted]:bg-accent-soft data-[highlighted]:text-accent"
                      onSelect={() => setAppFile(e.appId)}
                    >
                      {e.app!.name} <span class="text-muted">({e.name})</span>
                    </DropdownMenu.Item>
                  )}
                </For>
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu>
        </Show>
        <Show when={can("operator") && fromFile()}>
          <Button size="sm" variant="ghost" onClick={() => setDetaching(true)} data-testid="detach-config">
            Edit in the panel instead
          </Button>
        </Show>
      </div>
      <UploadConfigDialog open={uploading()} onOpenChange={setUploading} project={p()} onSaved={props.onChanged} />
      <ConfirmDialog
        open={appFile() !== null}
        onOpenChange={(o) => !o && setAppFile(null)}
        title="Read settings from the app's serverkit.yaml"
        confirmLabel="Use the file"
        onConfirm={async () => {
          await api.projects.useAppConfig(p().id, appFile()!);
          toast.success("serverkit.yaml applied", "The app's file wins from now on.");
          props.onChanged();
        }}
      >
        <p>
          The environments and sync rules are replaced by those of <span class="font-mono">serverkit.yaml</span> in the app's folder, and follow that
          file from now on: changes made here are no longer possible.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={detaching()}
        onOpenChange={setDetaching}
        title="Edit settings in the panel"
        confirmLabel="Edit in the panel"
        onConfirm={async () => {
          await api.projects.dropConfig(p().id);
          toast.success("Settings are edited in the panel now");
          props.onChanged();
        }}
      >
        <p>The environments stay as they are; serverkit.yaml no longer applies, and later changes to it are ignored.</p>
      </ConfirmDialog>
    </div>
  );
}
