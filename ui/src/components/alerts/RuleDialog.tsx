import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import { api, errorMessage } from "../../api";
import type { AlertEventName, AlertOperator, AlertRule, AlertScope, NewAlertRule, Severity } from "../../api/alerts";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { Modal, ModalActions } from "../ui/Modal";
import { SelectField } from "../ui/SelectField";
import { Segmented } from "../backups/Segmented";
import { EVENT_LABELS, SCOPE_LABELS } from "./format";

const SCOPE_HINT: Record<AlertScope, string> = {
  all: "",
  server: "Server id (\"local\" for this one). Empty: every server.",
  app: "App id (the number in its URL). Empty: every app.",
  container: "Container name. Empty: every container.",
};

/** Create or edit a rule. What a rule watches (metric or event) is fixed once created. */
export function RuleDialog(props: { open: boolean; onOpenChange: (o: boolean) => void; rule?: AlertRule | null; onSaved: () => void }) {
  const [catalog] = createResource(() => props.open, () => api.alerts.catalog());
  const [channels] = createResource(() => props.open, () => api.alerts.channels().then((r) => r.items));
  const [kind, setKind] = createSignal<"metric" | "event">("metric");
  const [name, setName] = createSignal("");
  const [metric, setMetric] = createSignal("cpu_percent");
  const [event, setEvent] = createSignal<AlertEventName>("container_restarting");
  const [scope, setScope] = createSignal<AlertScope>("all");
  const [scopeId, setScopeId] = createSignal("");
  const [operator, setOperator] = createSignal<AlertOperator>(">");
  const [threshold, setThreshold] = createSignal("90");
  const [duration, setDuration] = createSignal("300");
  const [severity, setSeverity] = createSignal<Severity>("warning");
  const [cooldown, setCooldown] = createSignal("600");
  const [picked, setPicked] = createSignal<number[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const editing = () => Boolean(props.rule);

  createEffect(() => {
    if (!props.open) return;
    const r = props.rule;
    setError(null);
    setKind(r?.kind ?? "metric");
    setName(r?.name ?? "");
    setMetric(r?.metric ?? "cpu_percent");
    setEvent(r?.event ?? "container_restarting");
    setScope(r?.scope ?? "all");
    setScopeId(r?.scopeId ?? "");
    setOperator(r?.operator ?? ">");
    setThreshold(String(r?.threshold ?? 90));
    setDuration(String(r?.durationSec ?? 300));
    setSeverity(r?.severity ?? "warning");
    setCooldown(String(r?.cooldownSec ?? 600));
    setPicked(r?.channels ?? []);
  });

  const eventDefaults = () => catalog()?.events.find((e) => e.event === event());
  // A new event rule starts from that event's sensible threshold and window.
  const chooseEvent = (e: AlertEventName) => {
    setEvent(e);
    const d = catalog()?.events.find((x) => x.event === e);
    if (d) {
      setThreshold(String(d.threshold));
      setDuration(String(d.durationSec));
      if (!d.scopes.includes(scope())) setScope(d.scopes[0]!);
    }
  };
  const chooseKind = (k: "metric" | "event") => {
    setKind(k);
    if (k === "event") chooseEvent(event());
    else {
      setThreshold("90");
      setDuration("300");
      setScope("all");
    }
  };
  const scopes = (): AlertScope[] => (kind() === "event" ? (eventDefaults()?.scopes ?? ["all"]) : ["all", "server", "app", "container"]);
  const thresholdLabel = () =>
    kind() === "metric" ? "Threshold" : ({ container_restarting: "Exits", disk_full: "Percent used", cert_expiring: "Days left below" } as Record<string, string>)[event()] ?? null;
  const durationLabel = () => (kind() === "event" && event() === "container_restarting" ? "Counted over (seconds)" : "For at least (seconds)");

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const common = {
      name: name().trim(),
      scope: scope(),
      scopeId: scope() === "all" || !scopeId().trim() ? null : scopeId().trim(),
      operator: operator(),
      threshold: Number(threshold()),
      durationSec: Number(duration()),
      severity: severity(),
      channels: picked(),
      cooldownSec: Number(cooldown()),
    };
    try {
      if (props.rule) await api.alerts.updateRule(props.rule.id, common);
      else await api.alerts.createRule((kind() === "metric" ? { kind: "metric", metric: metric(), ...common } : { kind: "event", event: event(), ...common }) as NewAlertRule);
      toast.success(props.rule ? "Rule saved" : "Rule created", common.name);
      props.onSaved();
      props.onOpenChange(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} onOpenChange={props.onOpenChange} title={editing() ? "Edit alert rule" : "New alert rule"} size="lg">
      <form onSubmit={submit} class="space-y-3" data-testid="rule-form">
        <Field label="Name" value={name()} onInput={(e) => setName(e.currentTarget.value)} required maxLength={100} placeholder="CPU high" />
        <Show when={!editing()}>
          <Segmented label="Watch" value={kind()} onChange={chooseKind} options={[{ value: "metric", label: "A metric" }, { value: "event", label: "An event" }]} />
        </Show>
        <div class="grid gap-3 sm:grid-cols-2">
          <Show
            when={kind() === "metric"}
            fallback={<SelectField label="Event" value={event()} onChange={chooseEvent} disabled={editing()} options={(catalog()?.events ?? []).map((e) => ({ value: e.event, label: EVENT_LABELS[e.event] }))} />}
          >
            <SelectField label="Metric" value={metric()} onChange={setMetric} disabled={editing()} options={(catalog()?.metrics ?? [metric()]).map((m) => ({ value: m, label: m }))} />
          </Show>
          <SelectField label="Severity" value={severity()} onChange={setSeverity} options={[{ value: "info", label: "Info" }, { value: "warning", label: "Warning" }, { value: "critical", label: "Critical" }]} />
          <SelectField label="Scope" value={scope()} onChange={setScope} options={scopes().map((s) => ({ value: s, label: SCOPE_LABELS[s] }))} />
          <Show when={scope() !== "all"}>
            <Field label="Which one" value={scopeId()} onInput={(e) => setScopeId(e.currentTarget.value)} hint={SCOPE_HINT[scope()]} placeholder="(every one)" />
          </Show>
        </div>
        <div class="grid gap-3 sm:grid-cols-3">
          <Show when={kind() === "metric"}>
            <SelectField label="Operator" value={operator()} onChange={setOperator} options={([">", ">=", "<", "<="] as const).map((o) => ({ value: o, label: o }))} />
          </Show>
          <Show when={thresholdLabel()}>
            {(label) => <Field label={label()} type="number" step="any" value={threshold()} onInput={(e) => setThreshold(e.currentTarget.value)} required />}
          </Show>
          <Field label={durationLabel()} type="number" min="0" max="604800" value={duration()} onInput={(e) => setDuration(e.currentTarget.value)} required />
        </div>
        <Field label="Cooldown (seconds)" type="number" min="0" max="604800" value={cooldown()} onInput={(e) => setCooldown(e.currentTarget.value)} hint="A new firing this soon after the last notification is recorded but not sent." />
        <fieldset>
          <legend class="mb-1 block text-[13px] font-medium">Notify</legend>
          <Show when={(channels() ?? []).length > 0} fallback={<p class="text-[12px] text-muted">No channels yet: alerts are recorded on this page only. Add one under Channels.</p>}>
            <div class="flex flex-wrap gap-x-4 gap-y-1">
              <For each={channels()}>
                {(c) => (
                  <label class="inline-flex items-center gap-1.5 text-[13px]">
                    <input type="checkbox" checked={picked().includes(c.id)} onChange={(e) => setPicked((p) => (e.currentTarget.checked ? [...p, c.id] : p.filter((x) => x !== c.id)))} />
                    {c.name} <span class="text-muted">({c.kind})</span>
                  </label>
                )}
              </For>
            </div>
          </Show>
        </fieldset>
        <Show when={error()}>{(m) => <ErrorAlert message={m()} />}</Show>
        <ModalActions>
          <Button onClick={() => props.onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="save-rule">
            {editing() ? "Save" : "Create rule"}
          </Button>
        </ModalActions>
      </form>
    </Modal>
  );
}
