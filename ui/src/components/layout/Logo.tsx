export function Logo(props: { class?: string }) {
  return (
    <span class={`inline-flex items-center gap-2 font-semibold tracking-tight ${props.class ?? "text-base"}`}>
      <svg viewBox="0 0 32 32" class="size-6" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--sk-primary)" />
        <rect x="7" y="8" width="18" height="6" rx="1.5" fill="#fff" />
        <rect x="7" y="18" width="18" height="6" rx="1.5" fill="#fff" opacity=".75" />
      </svg>
      ServerKit
    </span>
  );
}
