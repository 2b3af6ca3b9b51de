import { Show } from "solid-js";

export interface ProgressBarProps {
  value: number | null;
  label: string;
  tone?: "accent" | "success" | "warning" | "danger";
  size?: "sm" | "md";
  testId?: string;
  /** Animated stripe for "in progress but unknown amount". */
  indeterminate?: boolean;
  class?: string;
}

const FILL = { accent: "bg-accent", success: "bg-success", warning: "bg-warning", danger: "bg-danger" } as const;

export function ProgressBar(props: ProgressBarProps) {
  const pct = () => Math.max(0, Math.min(100, props.value ?? 0));
  return (
    <div
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={props.indeterminate ? undefined : Math.round(pct())}
      data-testid={props.testId}
      class={`relative w-full overflow-hidden rounded-full bg-surface-2 ring-1 ring-line ring-inset ${props.size === "md" ? "h-2.5" : "h-1.5"} ${props.class ?? ""}`}
    >
      <Show
        when={!props.indeterminate}
        fallback={<div class={`anim-indeterminate absolute inset-y-0 w-2/5 rounded-full ${FILL[props.tone ?? "accent"]}`} />}
      >
        <div
          class={`h-full rounded-full transition-[width] duration-500 ${FILL[props.tone ?? "accent"]}`}
          style={{ width: `${pct()}%` }}
        />
      </Show>
    </div>
  );
}

/** Usage bar colored by threshold (disk, memory). */
export function UsageBar(props: { percent: number; label: string; class?: string }) {
  const tone = () => (props.percent >= 90 ? "danger" : props.percent >= 75 ? "warning" : "accent");
  return <ProgressBar value={props.percent} label={props.label} tone={tone()} class={props.class} />;
}
