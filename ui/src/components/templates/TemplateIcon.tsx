import { Show } from "solid-js";

const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
// Dark enough for white text (WCAG AA) in both themes.
const PALETTE = ["#2451c7", "#0f6e55", "#7a3fc4", "#b3261e", "#8a4d00", "#0b6480", "#4b4fb8", "#2f6a3a", "#9c2a6b", "#5a5f6b"];

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

function initials(name: string): string {
  const words = name.replace(/[^\p{L}\p{N} ]/gu, " ").split(/\s+/).filter(Boolean);
  if (words.length >= 2) return (words[0]![0]! + words[1]![0]!).toUpperCase();
  const w = words[0] ?? "?";
  return (w[0]!.toUpperCase() + (w[1] ?? "")).slice(0, 2);
}

/** A template's icon: its emoji, or a coloured monogram for slug icons (no remote images: CSP). */
export function TemplateIcon(props: { icon: string; name: string; size?: "md" | "lg" }) {
  const box = () => (props.size === "lg" ? "size-12 text-[26px]" : "size-10 text-[22px]");
  return (
    <Show
      when={PICTOGRAPHIC.test(props.icon)}
      fallback={
        <span
          aria-hidden="true"
          class={`inline-flex shrink-0 items-center justify-center rounded-lg font-semibold text-white ${box()}`}
          style={{ background: PALETTE[hash(props.icon || props.name) % PALETTE.length], "font-size": props.size === "lg" ? "18px" : "15px" }}
        >
          {initials(props.name)}
        </span>
      }
    >
      <span aria-hidden="true" class={`inline-flex shrink-0 items-center justify-center rounded-lg bg-surface-2 leading-none ${box()}`}>
        {props.icon}
      </span>
    </Show>
  );
}

const ACRONYMS = new Set(["ai", "api", "ci", "cms", "crm", "dns", "erp", "iot", "rss", "sql", "vpn"]);

/** "database-tools" -> "Database tools", "ci" -> "CI". */
export const categoryLabel = (slug: string): string => {
  const words = slug.split("-").map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w)).join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};
