import { Show, type JSX } from "solid-js";
import type { BackupPlan } from "../../api";
import { formatDateTime } from "../../lib/format";
import { Card } from "../ui/Page";
import { StorageLabel } from "./badges";
import { retentionLong, scheduleText } from "./schedule";
import { PlanWhat, type PlanTargets } from "./targets";

function Fact(props: { label: string; children: JSX.Element; class?: string }) {
  return (
    <div class={`min-w-0 ${props.class ?? ""}`}>
      <dt class="text-[12px] text-muted">{props.label}</dt>
      <dd class="mt-0.5 text-[13px]">{props.children}</dd>
    </div>
  );
}

const Cron = (p: { cron: string | null }) => (
  <>
    <span classList={{ "font-mono text-[12px]": !!p.cron && scheduleText(p.cron) === p.cron }}>{scheduleText(p.cron)}</span>
    <Show when={p.cron && scheduleText(p.cron) !== p.cron}>
      <span class="ml-1.5 font-mono text-[12px] text-muted">{p.cron}</span>
    </Show>
  </>
);

/** What, where, when, retention and the other settings of a plan. */
export function PlanFacts(props: { plan: BackupPlan; targets: PlanTargets }) {
  const p = () => props.plan;
  return (
    <Card title="Plan" id="plan-facts">
      <dl class="grid gap-x-6 gap-y-3 sm:grid-cols-2 xl:grid-cols-3">
        <Fact label="What"><PlanWhat plan={p()} targets={props.targets} class="max-w-full" /></Fact>
        <Fact label={p().storage.kind === "s3" ? "Where (S3)" : "Where (folder on the server)"}><StorageLabel storage={p().storage} class="max-w-full" /></Fact>
        <Fact label="Schedule (server time)"><Cron cron={p().schedule} /></Fact>
        <Fact label="Retention">Keeps {retentionLong(p().retention)}</Fact>
        <Fact label="Restore drills">
          <Show when={p().drillSchedule} fallback={<span class="text-muted">None</span>}>
            <Cron cron={p().drillSchedule} />
          </Show>
        </Fact>
        <Show when={p().scope === "app"}>
          <Fact label="During the backup">{p().stopApp ? "The app is stopped, then started again" : "The app keeps running"}</Fact>
        </Show>
        <Show when={p().hooks.pre || p().hooks.post}>
          <Fact label="Hooks" class="sm:col-span-2 xl:col-span-3">
            <ul class="space-y-0.5">
              <Show when={p().hooks.pre}>{(h) => <li>Before: <span class="font-mono text-[12px]">{h().command.join(" ")}</span> <span class="text-muted">in {h().service}</span></li>}</Show>
              <Show when={p().hooks.post}>{(h) => <li>After: <span class="font-mono text-[12px]">{h().command.join(" ")}</span> <span class="text-muted">in {h().service}</span></li>}</Show>
            </ul>
          </Fact>
        </Show>
        <Fact label="Created">{formatDateTime(p().createdAt)}</Fact>
      </dl>
    </Card>
  );
}
