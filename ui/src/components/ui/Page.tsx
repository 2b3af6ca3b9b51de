import { Show, type JSX } from "solid-js";

/** Page title row with optional description and actions. */
export function PageHeader(props: { title: string; description?: JSX.Element; actions?: JSX.Element }) {
  return (
    <div class="mb-5 flex flex-wrap items-end justify-between gap-3">
      <div class="min-w-0">
        <h1 class="text-xl font-semibold tracking-tight">{props.title}</h1>
        <Show when={props.description}>
          <p class="mt-0.5 text-[13px] text-muted">{props.description}</p>
        </Show>
      </div>
      <Show when={props.actions}>
        <div class="flex flex-wrap items-center gap-2">{props.actions}</div>
      </Show>
    </div>
  );
}

/** Bordered surface section with an optional heading row. */
export function Card(props: { title?: string; actions?: JSX.Element; children: JSX.Element; class?: string; bodyClass?: string; id?: string }) {
  return (
    <section
      class={`rounded-lg border border-line bg-surface ${props.class ?? ""}`}
      aria-labelledby={props.title && props.id ? `${props.id}-title` : undefined}
    >
      <Show when={props.title || props.actions}>
        <div class="flex items-center justify-between gap-3 border-b border-line px-4 py-2.5">
          <h2 id={props.id ? `${props.id}-title` : undefined} class="text-[14px] font-semibold">
            {props.title}
          </h2>
          {props.actions}
        </div>
      </Show>
      <div class={props.bodyClass ?? "p-4"}>{props.children}</div>
    </section>
  );
}

export const tableClass = "w-full border-collapse text-left text-[13px] [&_tbody_tr:last-child_td]:border-b-0";
export const thClass = "border-b border-line bg-surface-2 px-3 py-2 text-[12px] font-semibold text-muted whitespace-nowrap";
export const tdClass = "border-b border-line px-3 py-2 align-middle";
