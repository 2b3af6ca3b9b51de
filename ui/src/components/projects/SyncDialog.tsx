import { createEffect, createSignal, on, Show } from "solid-js";
import { api, errorMessage, type Environment, type Project, type SyncRun } from "../../api";
import { ErrorAlert, Alert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";
import { SelectField } from "../ui/SelectField";

/** What a sync into `to` will do, in words, from its rules. */
function rulesText(to: Environment): string[] {
  const s = to.sync;
  if (!s) return ["No transform rules: the copy is taken as it is (plus the domain rewrite when both environments have one)."];
  const out: string[] = [];
  if (s.searchReplace.length) out.push(`${s.searchReplace.length} search/replace pair${s.searchReplace.length === 1 ? "" : "s"}`);
  if (s.anonymizeUsers) out.push(`users anonymized${s.keepUsers.length ? ` (except ${s.keepUsers.join(", ")})` : ""}`);
  if (s.truncateTables.length) out.push(`emptied: ${s.truncateTables.join(", ")}`);
  if (s.excludeTables.length) out.push(`rows not copied: ${s.excludeTables.join(", ")}`);
  return out.length ? [`Then: ${out.join("; ")}.`] : [];
}

/**
 * Start a sync (or dry run) into `target`. From its configured source it just asks; any other
 * direction (into prod, say) is unusual enough that the target's name must be typed.
 */
export function SyncDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  project: Project;
  target: Environment | null;
  dryRun: boolean;
  onStarted: (run: SyncRun) => void;
}) {
  const [from, setFrom] = createSignal("");
  const [typed, setTyped] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const sources = () => props.project.environments.filter((e) => e.id !== props.target?.id);
  const source = () => sources().find((e) => String(e.id) === from());
  createEffect(
    on(
      () => props.open,
      (open) => {
        if (!open) return;
        const configured = sources().find((e) => e.name === props.target?.sync?.source) ?? sources()[0];
        setFrom(configured ? String(configured.id) : "");
        setTyped("");
        setError(null);
      },
    ),
  );
  const unusual = () => !!props.target && source()?.name !== props.target.sync?.source;
  // A dry run writes nothing anywhere: no typing needed, whatever the direction.
  const mustType = () => unusual() && !props.dryRun;
  const ready = () => !!source() && (!mustType() || typed().trim() === props.target?.name);

  async function submit(ev: Event) {
    ev.preventDefault();
    const to = props.target;
    const src = source();
    if (!to || !src || !ready() || busy()) return;
    setBusy(true);
    setError(null);
    try {
      const { run } = await api.projects.sync(props.project.id, {
        from: src.id,
        to: to.id,
        dryRun: props.dryRun,
        confirm: unusual() ? to.name : undefined,
      });
      props.onStarted(run);
      props.onOpenChange(false);
    } catch (x) {
      setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} title={props.dryRun ? `Dry run into ${props.target?.name ?? ""}` : `Sync into ${props.target?.name ?? ""}`}>
      <form onSubmit={submit} class="space-y-4" data-testid="sync-dialog">
        <SelectField label="From" testId="sync-from" options={sources().map((e) => ({ value: String(e.id), label: e.name === props.target?.sync?.source ? `${e.name} (configured source)` : e.name }))} value={from()} onChange={setFrom} />
        <Show when={props.target}>
          {(to) => (
            <div class="space-y-2 text-[13px]">
              <Show
                when={!props.dryRun}
                fallback={
                  <p>
                    Reads <strong>{source()?.name}</strong>'s database and reports what a sync would change: rows per table and column, with samples.
                    Nothing is written anywhere.
                  </p>
                }
              >
                <p>
                  The database of <strong>{to().name}</strong>
                  <Show when={to().database}>{(db) => <> (<span class="font-mono">{db().name}</span>)</>}</Show> is replaced by a copy of{" "}
                  <strong>{source()?.name}</strong>'s, made in a staging database first; {source()?.name} is only read.
                </p>
                <p class="text-muted">{rulesText(to()).join(" ")}</p>
                <p class="text-muted">
                  The current database of {to().name} is kept until the next sync succeeds, so this one can be reverted. If any step fails,
                  {" "}{to().name} stays as it is.
                </p>
              </Show>
              <Show when={unusual()}>
                <Alert kind="warning" title="Not the configured direction">
                  {to().sync
                    ? <>{to().name} is set to be refreshed from {to().sync!.source}, not {source()?.name}.</>
                    : <>{to().name} has no sync rules: it is not meant to be overwritten.</>}
                  <Show when={!props.dryRun}> Type its name to confirm you want to replace its data.</Show>
                </Alert>
              </Show>
              <Show when={mustType()}>
                <Field label={`Type ${to().name} to confirm`} value={typed()} onInput={(e) => setTyped(e.currentTarget.value)} autocomplete="off" spellcheck={false} data-testid="sync-confirm" />
              </Show>
            </div>
          )}
        </Show>
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant={props.dryRun ? "primary" : "danger"} disabled={!ready()} loading={busy()} data-testid="start-sync">
            {props.dryRun ? "Start dry run" : `Replace ${props.target?.name ?? ""}'s data`}
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
