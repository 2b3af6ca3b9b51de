import { createSignal, For, Show } from "solid-js";
import Send from "lucide-solid/icons/send";
import Plus from "lucide-solid/icons/plus";
import { api, errorMessage } from "../../api";
import type { NotificationChannel } from "../../api/alerts";
import { formatRelative } from "../../lib/format";
import { can } from "../../lib/session";
import { toast } from "../../lib/toast";
import { ActionMenu } from "../ui/ActionMenu";
import { Badge } from "../ui/Badge";
import { Button } from "../ui/Button";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState } from "../ui/EmptyState";
import { Card } from "../ui/Page";
import { ChannelDialog, KIND_LABELS } from "./ChannelDialog";

/** Where alerts go. Admins add, edit, test and remove channels; everyone else sees names only. */
export function ChannelsCard(props: { channels: NotificationChannel[]; onChanged: () => void; now: number }) {
  const [editing, setEditing] = createSignal<NotificationChannel | null | undefined>(undefined);
  const [removing, setRemoving] = createSignal<NotificationChannel | null>(null);
  const [testing, setTesting] = createSignal<number | null>(null);
  const admin = () => can("admin");

  async function sendTest(c: NotificationChannel) {
    setTesting(c.id);
    try {
      await api.alerts.testChannel(c.id);
      toast.success("Test sent", `Check ${c.target}.`);
    } catch (err) {
      toast.error(`Test to ${c.name} failed`, errorMessage(err));
    } finally {
      setTesting(null);
      props.onChanged();
    }
  }

  const AddButton = () => (
    <Show when={admin()}>
      <Button size="sm" variant="primary" onClick={() => setEditing(null)} data-testid="add-channel">
        <Plus class="size-4" aria-hidden="true" /> Add channel
      </Button>
    </Show>
  );

  return (
    <Card title="Notification channels" actions={<Show when={props.channels.length > 0}><AddButton /></Show>} bodyClass="">
      <Show
        when={props.channels.length > 0}
        fallback={
          <EmptyState icon={<Send class="size-6" />} title="No channels yet" action={<AddButton />}>
            A channel is where alerts are sent: an email address through your SMTP server, a Discord or Slack channel, a Telegram chat, or your own
            webhook. Secrets are stored encrypted and never shown again.
          </EmptyState>
        }
      >
        <ul class="divide-y divide-line" data-testid="channels">
          <For each={props.channels}>
            {(c) => (
              <li class="flex flex-wrap items-center gap-3 px-4 py-2.5" data-testid={`channel-${c.id}`}>
                <div class="min-w-0 flex-1">
                  <div class="flex flex-wrap items-center gap-2">
                    <span class="font-medium">{c.name}</span>
                    <Badge>{KIND_LABELS[c.kind]}</Badge>
                    <Show when={!c.enabled}><Badge tone="warning">Disabled</Badge></Show>
                  </div>
                  <p class="text-[12px] text-muted [overflow-wrap:anywhere]">{c.target}</p>
                  <Show
                    when={c.lastError}
                    fallback={<Show when={c.lastSentAt}><p class="text-[12px] text-success">Last delivered {formatRelative(c.lastSentAt, props.now)}</p></Show>}
                  >
                    <p class="text-[12px] text-danger [overflow-wrap:anywhere]">Failed {formatRelative(c.lastErrorAt, props.now)}: {c.lastError}</p>
                  </Show>
                </div>
                <Show when={admin()}>
                  <Button size="sm" loading={testing() === c.id} onClick={() => void sendTest(c)} data-testid={`test-channel-${c.id}`}>
                    <Send class="size-3.5" aria-hidden="true" /> Send test
                  </Button>
                  <ActionMenu
                    label={`Actions for ${c.name}`}
                    actions={[
                      { label: "Edit", onSelect: () => setEditing(c) },
                      {
                        label: c.enabled ? "Disable" : "Enable",
                        onSelect: () => void api.alerts.updateChannel(c.id, { enabled: !c.enabled }).then(props.onChanged, (err) => toast.error("Change failed", errorMessage(err))),
                      },
                      { label: "Delete…", danger: true, separated: true, onSelect: () => setRemoving(c) },
                    ]}
                  />
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ChannelDialog open={editing() !== undefined} onOpenChange={(o) => !o && setEditing(undefined)} channel={editing()} onSaved={props.onChanged} />
      <ConfirmDialog
        open={removing() !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title="Delete channel"
        typeToConfirm={removing()?.name}
        confirmLabel="Delete channel"
        onConfirm={async () => {
          await api.alerts.removeChannel(removing()!.id);
          toast.success("Channel deleted");
          props.onChanged();
        }}
      >
        Alerts will no longer be sent to "{removing()?.name}" ({removing()?.target}). Rules that use it keep their other channels.
      </ConfirmDialog>
    </Card>
  );
}
