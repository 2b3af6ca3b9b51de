import { For, Show } from "solid-js";
import ExternalLink from "lucide-solid/icons/external-link";
import type { App } from "../../api";

/** The app's URLs as links (new tab); ports without a URL as plain text. */
export function AppLinks(props: { app: App; compact?: boolean }) {
  const bare = () => props.app.ports.filter((p) => !props.app.urls.some((u) => u.endsWith(`:${p.hostPort}`)));
  return (
    <Show
      when={props.app.urls.length > 0 || bare().length > 0}
      fallback={<span class="text-muted">{props.compact ? "—" : "No published ports"}</span>}
    >
      <ul class={props.compact ? "space-y-0.5" : "space-y-1"}>
        <For each={props.app.urls}>
          {(url) => (
            <li>
              <a
                href={url}
                target="_blank"
                rel="noopener noreferrer"
                data-testid="app-url"
                class="inline-flex max-w-full items-center gap-1 break-all font-mono text-[12.5px] text-accent hover:underline"
              >
                {url}
                <ExternalLink class="size-3 shrink-0" aria-hidden="true" />
              </a>
            </li>
          )}
        </For>
        <For each={bare()}>
          {(p) => (
            <li class="font-mono text-[12.5px] text-muted">
              {p.hostPort}
              {p.containerPort ? `→${p.containerPort}` : ""} <span class="font-sans">{p.service ? `(${p.service})` : ""}</span>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
