import { createSignal, For, Show } from "solid-js";
import { api, errorMessage } from "../../api";
import type { AlertRule, NotificationChannel } from "../../api/alerts";
import { can } from "../../lib/session";
import { toast } from "../../lib/toast";
import { ActionMenu } from "../ui/ActionMenu";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { RuleStateBadge, SeverityBadge } from "./badges";
import { conditionOf, durationLabel, scopeOf } from "./format";

/** Rules with their condition, scope, channels and state; the row menu edits, mutes and deletes. */
export function RulesTable(props: { rules: AlertRule[]; channels: NotificationChannel[]; onEdit: (r: AlertRule) => void; onChanged: () => void }) {
  const [removing, setRemoving] = createSignal<AlertRule | null>(null);
  const channelNames = (ids: number[]) => ids.map((id) => props.channels.find((c) => c.id === id)?.name ?? `#${id}`).join(", ") || "—";

  async function act(label: string, fn: () => Promise<unknown>) {
    try {
      await fn();
      toast.success(label);
      props.onChanged();
    } catch (err) {
      toast.error(`${label} failed`, errorMessage(err));
    }
  }

  return (
    <div class="overflow-x-auto">
      <table class={tableClass} data-testid="alert-rules">
        <thead>
          <tr>
            <th class={thClass}>Rule</th>
            <th class={thClass}>Condition</th>
            <th class={thClass}>Scope</th>
            <th class={thClass}>Severity</th>
            <th class={thClass}>Notify</th>
            <th class={thClass}>State</th>
            <th class={thClass}><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rules}>
            {(r) => (
              <tr data-testid={`rule-${r.id}`}>
                <td class={`${tdClass} font-medium`}>{r.name}</td>
                <td class={tdClass}>{conditionOf(r)}</td>
                <td class={tdClass}>{scopeOf(r)}</td>
                <td class={tdClass}><SeverityBadge severity={r.severity} /></td>
                <td class={tdClass}>
                  {channelNames(r.channels)}
                  <Show when={r.cooldownSec > 0}>
                    <span class="block text-[12px] text-muted">cooldown {durationLabel(r.cooldownSec)}</span>
                  </Show>
                </td>
                <td class={tdClass}><RuleStateBadge rule={r} /></td>
                <td class={`${tdClass} text-right`}>
                  <Show when={can("operator")}>
                    <ActionMenu
                      label={`Actions for ${r.name}`}
                      testId={`rule-menu-${r.id}`}
                      actions={[
                        { label: "Edit", onSelect: () => props.onEdit(r) },
                        ...(r.muted
                          ? [{ label: "Unmute", onSelect: () => void act("Rule unmuted", () => api.alerts.unmute(r.id)) }]
                          : [
                              { label: "Mute for 1 hour", onSelect: () => void act("Rule muted for 1 hour", () => api.alerts.mute(r.id, 60)) },
                              { label: "Mute until unmuted", onSelect: () => void act("Rule muted", () => api.alerts.mute(r.id, null)) },
                            ]),
                        { label: r.enabled ? "Disable" : "Enable", onSelect: () => void act(r.enabled ? "Rule disabled" : "Rule enabled", () => api.alerts.updateRule(r.id, { enabled: !r.enabled })) },
                        { label: "Delete…", danger: true, separated: true, onSelect: () => setRemoving(r) },
                      ]}
                    />
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <ConfirmDialog
        open={removing() !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title="Delete alert rule"
        typeToConfirm={removing()?.name}
        confirmLabel="Delete rule"
        onConfirm={async () => {
          await api.alerts.removeRule(removing()!.id);
          toast.success("Rule deleted");
          props.onChanged();
        }}
      >
        The rule "{removing()?.name}" stops watching; alerts it has open are closed without a notification. Its history stays.
      </ConfirmDialog>
    </div>
  );
}
