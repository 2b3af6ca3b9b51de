import { createEffect, createResource, createSignal, on, Show } from "solid-js";
import { api, errorMessage, type AppId, type Job, type SearchReplaceReport } from "../../api";
import { SearchReplaceView } from "../projects/SyncReportView";
import { InlineJobPanel } from "../jobs/InlineJobPanel";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";

type SiteUrlResult = { from: string; to: string; dryRun: boolean; searchReplace: SearchReplaceReport };
const resultOf = (j: Job): SiteUrlResult | null => {
  const r = (j as Job & { result?: Partial<SiteUrlResult> | null }).result;
  return r && r.searchReplace ? (r as SiteUrlResult) : null;
};

/** The job's search-replace report (tables, columns, samples). The live update may not carry the result: the job itself does. */
function SiteUrlReport(props: { job: Job; dryRun: boolean }) {
  const [result] = createResource(
    () => props.job,
    (j) => resultOf(j) ?? api.jobs.get(j.id).then((x) => resultOf(x.job), () => null),
  );
  return (
    <div class="space-y-2">
      <Alert kind="info" title={props.dryRun ? "Dry run done: nothing was written" : "Site URL changed"}>
        {props.dryRun ? "If it looks right, change the site URL for real." : "siteurl and home point at the new address."}
      </Alert>
      <Show when={result()}>{(r) => <SearchReplaceView report={r().searchReplace} />}</Show>
    </div>
  );
}

/**
 * Move a WordPress site to another URL: a search-replace of the old URL over its database, then
 * siteurl and home. A dry run comes first; the real change is offered once it succeeded for that URL.
 */
export function SiteUrlDialog(props: { open: boolean; onOpenChange: (open: boolean) => void; appId: AppId; current: string; onDone: () => void }) {
  const [url, setUrl] = createSignal("");
  const [job, setJob] = createSignal<{ id: string; dryRun: boolean; url: string } | null>(null);
  const [checked, setChecked] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal<"dry" | "apply" | null>(null);
  createEffect(on(() => props.open, (open) => {
    if (!open) return;
    setUrl(props.current);
    setJob(null);
    setChecked(null);
    setError(null);
  }));
  const valid = () => /^https?:\/\/[^\s/]+/.test(url().trim());
  const target = () => url().trim().replace(/\/+$/, "");

  async function start(dryRun: boolean) {
    if (!valid() || busy()) return;
    setBusy(dryRun ? "dry" : "apply");
    setError(null);
    try {
      const { job: j } = await api.wordpress.siteUrl(props.appId, target(), dryRun);
      setJob({ id: j.id, dryRun, url: target() });
    } catch (x) {
      setError(errorMessage(x));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} size="lg" title="Change site URL">
      <div class="space-y-3">
        <p class="text-[13px]">
          Every mention of <span class="font-mono">{props.current}</span> in the site's database is rewritten (serialized and JSON values included),
          then the siteurl and home options. Try it as a dry run first: it reports what would change and writes nothing.
        </p>
        <Field
          label="New URL"
          placeholder="https://www.example.com"
          autocomplete="off"
          spellcheck={false}
          value={url()}
          onInput={(e) => { setUrl(e.currentTarget.value); setChecked(null); }}
          error={url().trim() && !valid() ? "A full URL: https://host (no path needed)." : null}
          data-testid="site-url"
        />
        <Show when={job()}>
          {(j) => (
            <InlineJobPanel
              jobId={j().id}
              title={<>{j().dryRun ? "Dry run" : "Change"} to <span class="font-mono">{j().url}</span></>}
              ariaLabel="Site URL change"
              testId="site-url-job"
              progressLabel="Site URL change progress"
              firstStep="Searching…"
              failedTitle={j().dryRun ? "The dry run failed" : "The site URL was not changed"}
              succeeded={(done) => <SiteUrlReport job={done} dryRun={j().dryRun} />}
              onFinished={(done) => {
                if (done.status !== "succeeded") return;
                if (j().dryRun) setChecked(j().url);
                else props.onDone();
              }}
              onDismiss={() => setJob(null)}
            />
          )}
        </Show>
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Close</Button>
          <Button onClick={() => void start(true)} disabled={!valid() || target() === props.current} loading={busy() === "dry"} data-testid="site-url-dry-run">
            Dry run
          </Button>
          <Button variant="danger" onClick={() => void start(false)} disabled={checked() !== target() || (job() !== null && !job()!.dryRun)} loading={busy() === "apply"} data-testid="site-url-apply">
            Change site URL
          </Button>
        </ModalActions>
      </div>
    </Modal>
  );
}
