import { createEffect, createSignal, on, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { api, errorMessage, isApiError, type Environment, type Project } from "../../api";
import { toast } from "../../lib/toast";
import { cronInWords, looksLikeCron } from "../backups/schedule";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Checkbox } from "../ui/Checkbox";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";
import { SelectField } from "../ui/SelectField";
import { AppPicker } from "./AppPicker";
import { ChipsInput } from "./ChipsInput";
import { checkEnv, envBody, envToForm, fieldOfError, tablePatternError, type EnvErrors, type EnvForm } from "./envForm";
import { PairsEditor } from "./PairsEditor";

/** Add an environment to a project, or edit one (`env`): its app, domain and the rules of syncs into it. */
export function EnvironmentDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  project: Project;
  env: Environment | null;
  onSaved: () => void;
}) {
  const [form, setForm] = createStore<EnvForm>(envToForm(null));
  const [errors, setErrors] = createSignal<EnvErrors>({});
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const others = () => props.project.environments.filter((e) => e.id !== props.env?.id);

  createEffect(
    on(
      () => props.open,
      (open) => {
        if (!open) return;
        // A new environment is usually a copy of the first one (prod): propose it as the source.
        setForm(envToForm(props.env, others()[0]?.name ?? ""));
        setErrors({});
        setError(null);
      },
    ),
  );

  const set = <K extends keyof EnvForm>(k: K, v: EnvForm[K]) => {
    setForm(k, v as never);
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const words = () => (looksLikeCron(form.schedule) ? cronInWords(form.schedule) : null);

  async function submit(ev: Event) {
    ev.preventDefault();
    const found = checkEnv(form, others().map((e) => e.name));
    setErrors(found);
    setError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const body = envBody(form);
      if (props.env) await api.projects.updateEnvironment(props.env.id, body);
      else await api.projects.addEnvironment(props.project.id, body);
      toast.success(props.env ? `Environment ${body.name} saved` : `Environment ${body.name} added`);
      props.onSaved();
      props.onOpenChange(false);
    } catch (x) {
      const field = isApiError(x) ? fieldOfError(x.code, x.details) : undefined;
      if (field) setErrors({ [field]: errorMessage(x) });
      else setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={props.open}
      onOpenChange={props.onOpenChange}
      size="lg"
      title={props.env ? `Edit environment ${props.env.name}` : "Add environment"}
      description="An environment is one app of the project (prod, staging, dev), on any server."
    >
      <form onSubmit={submit} class="space-y-4" novalidate data-testid="environment-form">
        <div class="grid gap-3 sm:grid-cols-2">
          <Field label="Name" placeholder="dev" autocomplete="off" spellcheck={false} value={form.name} onInput={(e) => set("name", e.currentTarget.value)} error={errors().name ?? null} data-testid="env-name" autofocus />
          <Field label="Domain" placeholder="dev.example.com" autocomplete="off" spellcheck={false} value={form.domain} onInput={(e) => set("domain", e.currentTarget.value)} error={errors().domain ?? null} hint="Where this environment answers; syncs rewrite the source's URLs to it." data-testid="env-domain" />
        </div>
        <AppPicker value={form.appId} onChange={(v) => set("appId", v)} error={errors().appId} />
        <div class="rounded-md border border-line p-3">
          <Checkbox
            label="Refresh its database from another environment"
            description="Syncs copy the source's database into this one, transformed by the rules below; the source is only read."
            checked={form.synced}
            disabled={!others().length}
            onChange={(v) => set("synced", v)}
          />
          <Show when={!others().length}>
            <p class="mt-1 text-[12px] text-muted">Add the environment its data comes from first (usually prod).</p>
          </Show>
          <Show when={form.synced && others().length}>
            <div class="mt-3 space-y-3">
              <div class="grid gap-3 sm:grid-cols-2">
                <div>
                  <SelectField label="Source" testId="env-source" options={others().map((e) => ({ value: e.name, label: e.name }))} value={form.source} onChange={(v) => set("source", v)} />
                  <Show when={errors().source}><p class="mt-1 text-[12px] text-danger">{errors().source}</p></Show>
                </div>
                <Field
                  label="Schedule (cron)"
                  placeholder="0 3 * * 0"
                  autocomplete="off"
                  spellcheck={false}
                  value={form.schedule}
                  onInput={(e) => set("schedule", e.currentTarget.value)}
                  error={errors().schedule ?? null}
                  hint={form.schedule.trim() ? (words() ? `Syncs ${words()} (server time).` : "minute hour day-of-month month day-of-week, server time.") : "Empty: only when you press Sync now."}
                  data-testid="env-schedule"
                />
              </div>
              <PairsEditor pairs={form.pairs} onChange={(p) => set("pairs", p)} error={errors().pairs} />
              <Checkbox
                label="Anonymize users"
                description="Emails, names, logins and password hashes become deterministic fakes; sessions and personal meta are removed."
                checked={form.anonymizeUsers}
                onChange={(v) => set("anonymizeUsers", v)}
              />
              <Show when={form.anonymizeUsers}>
                <ChipsInput label="Keep these users" placeholder="admin" hint="Logins or emails left as they are (so you can still sign in). Enter adds one." values={form.keepUsers} onChange={(v) => set("keepUsers", v)} error={errors().keepUsers} testId="env-keep-users" />
              </Show>
              <ChipsInput label="Empty these tables" placeholder="wp_statistics_*" hint="Copied without their rows after the import (logs, caches, statistics). * matches anything." values={form.truncateTables} onChange={(v) => set("truncateTables", v)} check={tablePatternError} error={errors().truncateTables} testId="env-truncate" />
              <ChipsInput label="Exclude these tables" placeholder="wp_actionscheduler_*" hint="Their structure is copied, never their rows: the source's data stays out entirely." values={form.excludeTables} onChange={(v) => set("excludeTables", v)} check={tablePatternError} error={errors().excludeTables} testId="env-exclude" />
            </div>
          </Show>
        </div>
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="save-environment">
            {props.env ? "Save" : "Add environment"}
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
