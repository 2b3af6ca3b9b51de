import { createEffect, on, onCleanup } from "solid-js";
import type { DockerEvent, DockerObjectType } from "../../api";
import { subscribe } from "../../api/ws";

/**
 * Calls `onChange` (debounced) when Docker reports a change on the server: the lists refresh
 * from the `docker-events:<server>` topic instead of polling. Also fires after a reconnect.
 */
export function useDockerEvents(
  server: () => string,
  onChange: () => void,
  opts: { types?: DockerObjectType[]; filter?: (e: DockerEvent) => boolean; delayMs?: number } = {},
): void {
  createEffect(
    on(server, (id) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const fire = () => {
        clearTimeout(timer);
        timer = setTimeout(onChange, opts.delayMs ?? 250);
      };
      const unsubscribe = subscribe(
        `docker-events:${id}`,
        (msg) => {
          if (msg.type === "dropped") return fire(); // missed some: refetch anyway
          if (msg.type !== "event") return;
          const e = msg.data as DockerEvent;
          if (opts.types && !opts.types.includes(e.type)) return;
          if (opts.filter && !opts.filter(e)) return;
          fire();
        },
        fire,
      );
      onCleanup(() => {
        clearTimeout(timer);
        unsubscribe();
      });
    }),
  );
}
