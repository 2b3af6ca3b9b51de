import { For, Show } from "solid-js";
import Cloud from "lucide-solid/icons/cloud";
import Database from "lucide-solid/icons/database";
import FileText from "lucide-solid/icons/file-text";
import HardDrive from "lucide-solid/icons/hard-drive";
import Package from "lucide-solid/icons/package";
import ShieldCheck from "lucide-solid/icons/shield-check";
import ShieldQuestion from "lucide-solid/icons/shield-question-mark";
import ShieldX from "lucide-solid/icons/shield-x";
import type { Backup, BackupPart, BackupPlan, BackupReason, BackupStatus } from "../../api";
import { formatBytes, formatDateTime } from "../../lib/format";
import { Badge, type Tone } from "../ui/Badge";
import { Tip } from "../ui/Tip";

/** Where backups go: a disk icon for a local folder, a cloud for S3, and the label. */
export function StorageLabel(props: { storage: BackupPlan["storage"]; class?: string }) {
  return (
    <span class={`inline-flex min-w-0 items-center gap-1.5 ${props.class ?? ""}`}>
      <Show when={props.storage.kind === "s3"} fallback={<HardDrive class="size-4 shrink-0 text-muted" aria-hidden="true" />}>
        <Cloud class="size-4 shrink-0 text-muted" aria-hidden="true" />
      </Show>
      <span class="sr-only">{props.storage.kind === "s3" ? "S3:" : "Local folder:"}</span>
      <span class="truncate font-mono text-[12px]" title={props.storage.label}>{props.storage.label}</span>
    </span>
  );
}

const REASON: Record<BackupReason, { label: string; tone: Tone; tip: string }> = {
  manual: { label: "manual", tone: "neutral", tip: "Started with “Back up now”." },
  schedule: { label: "schedule", tone: "accent", tip: "Taken by the plan's schedule." },
  safety: { label: "safety", tone: "warning", tip: "Taken automatically just before a restore, so the restore can be undone." },
};

export function ReasonBadge(props: { reason: BackupReason }) {
  const r = () => REASON[props.reason] ?? { label: props.reason, tone: "neutral" as Tone, tip: "" };
  return (
    <Tip content={r().tip}>
      <Badge tone={r().tone}>{r().label}</Badge>
    </Tip>
  );
}

const STATUS: Record<BackupStatus, { label: string; tone: Tone }> = {
  running: { label: "Running", tone: "accent" },
  succeeded: { label: "Succeeded", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
};

export function BackupStatusBadge(props: { status: BackupStatus }) {
  const s = () => STATUS[props.status] ?? { label: props.status, tone: "neutral" as Tone };
  return <Badge tone={s().tone} dot>{s().label}</Badge>;
}

/** Restore drill verdict: "Verified <date>", "Drill failed" or "Not verified". */
export function VerifiedBadge(props: { backup: Pick<Backup, "verifyStatus" | "verifiedAt"> & Partial<Pick<Backup, "verifyDetails">> }) {
  const details = () => (props.backup.verifyDetails ?? []).map((c) => `${c.ok ? "✓" : "✗"} ${c.part}: ${c.detail}`).join("\n");
  const date = () => (props.backup.verifiedAt ? new Date(props.backup.verifiedAt).toLocaleDateString() : "");
  return (
    <span data-testid="backup-verified" data-verify={props.backup.verifyStatus ?? "none"}>
      <Show
        when={props.backup.verifyStatus}
        fallback={
          <Tip content="No restore drill has checked this backup yet. Every restore still verifies each part's checksum first.">
            <Badge><ShieldQuestion class="size-3" aria-hidden="true" /> Not verified</Badge>
          </Tip>
        }
      >
        <Show
          when={props.backup.verifyStatus === "passed"}
          fallback={
            <Tip content={<span class="whitespace-pre-line">{`A restore drill of this backup failed${props.backup.verifiedAt ? ` on ${formatDateTime(props.backup.verifiedAt)}` : ""}.\n${details()}`}</span>}>
              <Badge tone="danger"><ShieldX class="size-3" aria-hidden="true" /> Drill failed</Badge>
            </Tip>
          }
        >
          <Tip content={<span class="whitespace-pre-line">{`A restore drill restored this backup into scratch copies and checked it on ${formatDateTime(props.backup.verifiedAt)}.\n${details()}`}</span>}>
            <Badge tone="success"><ShieldCheck class="size-3" aria-hidden="true" /> Verified {date()}</Badge>
          </Tip>
        </Show>
      </Show>
    </span>
  );
}

const PART_ICON = { volume: Package, files: FileText, database: Database } as const;

/** One chip per part: its kind icon, name and stored size (uncompressed size in the tooltip). */
export function PartChips(props: { parts: BackupPart[] }) {
  return (
    <Show when={props.parts.length > 0} fallback={<span class="text-muted">—</span>}>
      <span class="flex flex-wrap gap-1">
        <For each={props.parts}>
          {(p) => {
            const Icon = PART_ICON[p.kind] ?? Package;
            return (
              <span
                class="inline-flex max-w-[14rem] items-center gap-1 rounded border border-line bg-surface-2 px-1.5 py-px text-[12px]"
                title={`${p.kind} ${p.name}: ${formatBytes(p.bytes)} stored, ${formatBytes(p.plainBytes)} before compression`}
                data-testid="backup-part"
                data-kind={p.kind}
              >
                <Icon class="size-3 shrink-0 text-muted" aria-hidden="true" />
                <span class="sr-only">{p.kind}</span>
                <span class="truncate font-mono">{p.name}</span>
                <span class="shrink-0 text-muted tabular-nums">{formatBytes(p.bytes)}</span>
              </span>
            );
          }}
        </For>
      </span>
    </Show>
  );
}
