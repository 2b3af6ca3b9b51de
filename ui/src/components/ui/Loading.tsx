import LoaderCircle from "lucide-solid/icons/loader-circle";

export function Spinner(props: { class?: string }) {
  return <LoaderCircle class={`animate-spin text-muted ${props.class ?? "size-5"}`} aria-hidden="true" />;
}

/** Centered loading indicator with a text for screen readers. */
export function Loading(props: { label?: string; class?: string }) {
  return (
    <div role="status" class={`flex items-center justify-center gap-2 py-10 text-[13px] text-muted ${props.class ?? ""}`}>
      <Spinner class="size-4" />
      <span>{props.label ?? "Loading…"}</span>
    </div>
  );
}

/** Grey placeholder block while data loads. */
export function Skeleton(props: { class?: string }) {
  return <div class={`animate-pulse rounded bg-surface-2 ${props.class ?? "h-4 w-24"}`} aria-hidden="true" />;
}
