import type { JSX } from "solid-js";

export type Tone = "neutral" | "accent" | "success" | "warning" | "danger";

const TONES: Record<Tone, string> = {
  neutral: "bg-surface-2 text-muted border-line",
  accent: "bg-accent-soft text-accent border-accent/30",
  success: "bg-success-soft text-success border-success/30",
  warning: "bg-warning-soft text-warning border-warning/30",
  danger: "bg-danger-soft text-danger border-danger/30",
};

export function Badge(props: { tone?: Tone; children: JSX.Element; class?: string; dot?: boolean }) {
  return (
    <span
      class={`inline-flex items-center gap-1 rounded-full border px-2 py-px text-[12px] font-medium whitespace-nowrap ${TONES[props.tone ?? "neutral"]} ${props.class ?? ""}`}
    >
      {props.dot && <span class="size-1.5 rounded-full bg-current" aria-hidden="true" />}
      {props.children}
    </span>
  );
}
