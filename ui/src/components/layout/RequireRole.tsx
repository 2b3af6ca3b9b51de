import { Show, type JSX } from "solid-js";
import ShieldAlert from "lucide-solid/icons/shield";
import type { Role } from "../../api";
import { can } from "../../lib/session";
import { EmptyState } from "../ui/EmptyState";

export function RequireRole(props: { min: Role; children: JSX.Element }) {
  return (
    <Show
      when={can(props.min)}
      fallback={
        <EmptyState icon={<ShieldAlert class="size-6" />} title="You don't have access to this page">
          Ask an owner or admin of this ServerKit if you need it.
        </EmptyState>
      }
    >
      {props.children}
    </Show>
  );
}
