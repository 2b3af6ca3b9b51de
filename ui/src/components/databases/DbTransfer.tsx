import { createSignal, Show } from "solid-js";
import Download from "lucide-solid/icons/download";
import Upload from "lucide-solid/icons/upload";
import { currentCsrfToken } from "../../api/client";
import { formatBytes } from "../../lib/format";
import { toast } from "../../lib/toast";
import { Button } from "../ui/Button";
import { ProgressBar } from "../ui/ProgressBar";

const base = (serverId: number, name: string) => `/api/v1/database-servers/${serverId}/databases/${encodeURIComponent(name)}`;

/**
 * Download a dump (streamed by the server) and import one. The import is sent as the raw body
 * with XMLHttpRequest, the one browser API that reports upload progress; the server loads it
 * into a staging database and swaps it in only when the whole file went in.
 */
export function DbTransfer(props: { serverId: number; name: string; canImport: boolean; onImported: () => void }) {
  const [progress, setProgress] = createSignal<number | null>(null);
  let input!: HTMLInputElement;

  function upload(file: File) {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${base(props.serverId, props.name)}/import?filename=${encodeURIComponent(file.name)}`);
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onloadend = () => {
      setProgress(null);
      input.value = "";
      let body: { error?: { message: string }; imported?: { bytes: number } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: network error or proxy page
      }
      if (xhr.status === 200) {
        toast.success(`Imported into ${props.name}`, `${formatBytes(body.imported?.bytes ?? file.size)} loaded; the previous content was replaced.`);
        props.onImported();
      } else toast.error(`Import into ${props.name} failed`, body.error?.message ?? `The upload did not complete (HTTP ${xhr.status || "error"}). The database is unchanged.`);
    };
    setProgress(0);
    xhr.send(file);
  }

  return (
    <span class="inline-flex items-center gap-1">
      <a
        href={`${base(props.serverId, props.name)}/dump`}
        download=""
        class="inline-flex items-center gap-1 rounded-md px-2 py-1 text-[13px] text-muted hover:bg-surface-2 hover:text-fg"
        aria-label={`Download a dump of ${props.name}`}
        data-testid="download-dump"
      >
        <Download class="size-4" aria-hidden="true" /> <span class="hidden lg:inline">Dump</span>
      </a>
      <Show when={props.canImport}>
        <input ref={input} type="file" accept=".sql,.gz,.dump,.pgdump" class="hidden" data-testid="import-dump-file" onChange={(e) => e.currentTarget.files?.[0] && upload(e.currentTarget.files[0])} />
        <Show
          when={progress() === null}
          fallback={
            <span class="w-24">
              <ProgressBar value={progress()} label={`Uploading into ${props.name}`} size="sm" />
            </span>
          }
        >
          <Button size="sm" variant="ghost" onClick={() => input.click()} aria-label={`Import a dump into ${props.name}`} data-testid="import-dump">
            <Upload class="size-4" aria-hidden="true" /> <span class="hidden lg:inline">Import</span>
          </Button>
        </Show>
      </Show>
    </span>
  );
}
