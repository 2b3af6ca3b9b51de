import { createEffect, createSignal, on, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { api, errorMessage, type BackupPlan } from "../../api";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";
import { Checkbox } from "../ui/Checkbox";
import { checkPlan, clearErrors, emptyPlanForm, mapPlanError, patchBody, planBody, planToForm, type PlanErrors, type PlanField, type PlanForm } from "./planForm";
import { PlanHookFields } from "./PlanHookFields";
import { PlanStorageFields } from "./PlanStorageFields";
import { PlanWhatFields } from "./PlanWhatFields";
import { PlanWhenFields } from "./PlanWhenFields";

/**
 * New backup plan (admins): what, where (tested by the API before saving), when, how many to keep,
 * hooks. Given `plan`, it edits that plan instead: what it backs up is fixed, the storage is kept
 * unless "Replace the storage" is ticked (its keys are never sent back to the browser).
 */
export function NewPlanDialog(props: {
  open: boolean;
  onOpenChange: (v: boolean) => void;
  onCreated: (plan: BackupPlan) => void;
  /** Edit this plan instead of creating one. */
  plan?: BackupPlan;
  /** Preselect this app (from the app's page). */
  appId?: number | string;
  /** Server whose apps are offered (default: the one picked in the top bar). */
  serverId?: string;
}) {
  const [form, setForm] = createStore<PlanForm>(emptyPlanForm());
  const [errors, setErrors] = createSignal<PlanErrors>({});
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  createEffect(
    on(
      () => props.open,
      (open) => {
        if (!open) return;
        setForm(props.plan ? planToForm(props.plan) : emptyPlanForm(props.appId !== undefined ? String(props.appId) : ""));
        setErrors({});
        setError(null);
      },
    ),
  );
  // A changed field loses its error; any storage change drops the storage test's verdict.
  let prev: PlanForm = { ...form };
  createEffect(
    on(
      () => ({ ...form }),
      (cur) => {
        const changed = (Object.keys(cur) as PlanField[]).filter((k) => cur[k] !== prev[k]);
        prev = cur;
        if (changed.length) setErrors((e) => clearErrors(e, changed));
      },
      { defer: true },
    ),
  );

  async function submit(ev: Event) {
    ev.preventDefault();
    const found = checkPlan(form);
    setError(null);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const editing = props.plan;
      const { plan } = editing ? await api.backups.updatePlan(editing.id, patchBody(form)) : await api.backups.createPlan(planBody(form));
      if (editing) toast.success(`Plan ${plan.name} saved`, form.changeStorage ? `Backups now go to ${plan.storage.label}; the storage answered the test.` : undefined);
      else toast.success(`Plan ${plan.name} created`, `Backups go to ${plan.storage.label}; the storage answered the test.`);
      props.onCreated(plan);
      props.onOpenChange(false);
    } catch (x) {
      setError(mapPlanError(x, form, setErrors) ?? (Object.keys(errors()).length ? null : errorMessage(x)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={props.open}
      onOpenChange={props.onOpenChange}
      size="lg"
      title={props.plan ? `Edit plan ${props.plan.name}` : "New backup plan"}
      description="Backups are encrypted and checksummed on the server before they are stored. The storage is tested before the plan is saved."
    >
      <form onSubmit={submit} class="space-y-4" novalidate>
        <Field
          label="Name"
          placeholder="nightly"
          autocomplete="off"
          value={form.name}
          onInput={(e) => setForm("name", e.currentTarget.value)}
          error={errors().name ?? null}
          data-testid="plan-name"
          autofocus
        />
        <Show when={!props.plan}>
          <PlanWhatFields form={form} set={setForm} errors={errors()} open={props.open} serverId={props.serverId} />
        </Show>
        <Show when={props.plan}>
          {(p) => (
            <Checkbox
              label="Replace the storage"
              checked={form.changeStorage}
              onChange={(v) => setForm("changeStorage", v)}
              description={`Backups go to ${p().storage.label}. New settings are tested before they are saved; backups already stored stay where they are.`}
            />
          )}
        </Show>
        <Show when={form.changeStorage}>
          <PlanStorageFields form={form} set={setForm} errors={errors()} />
        </Show>
        <PlanWhenFields form={form} set={setForm} errors={errors()} />
        <PlanHookFields form={form} set={setForm} errors={errors()} />
        <ErrorAlert message={error()} />
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="new-backup-plan-submit">
            {props.plan ? (busy() ? "Saving…" : form.changeStorage ? "Test storage and save" : "Save") : busy() ? "Testing storage…" : "Test storage and create"}
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
