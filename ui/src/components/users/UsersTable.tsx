import { For, Show } from "solid-js";
import type { User } from "../../api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { currentUser } from "../../lib/session";
import { Badge } from "../ui/Badge";
import { tableClass, tdClass, thClass } from "../ui/Page";
import { canManage } from "./permissions";
import { RoleBadge } from "./RoleBadge";
import { UserActions, type UserActionHandlers } from "./UserActions";

export function UsersTable(props: { users: User[] } & UserActionHandlers) {
  return (
    <table class={tableClass}>
      <thead>
        <tr>
          <th scope="col" class={thClass}>User</th>
          <th scope="col" class={`${thClass} hidden md:table-cell`}>Email</th>
          <th scope="col" class={thClass}>Role</th>
          <th scope="col" class={thClass}>Status</th>
          <th scope="col" class={`${thClass} hidden sm:table-cell`}>Two-factor</th>
          <th scope="col" class={`${thClass} hidden lg:table-cell`}>Last sign-in</th>
          <th scope="col" class={`${thClass} hidden lg:table-cell`}>Created</th>
          <th scope="col" class={`${thClass} w-10`}>
            <span class="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        <For each={props.users}>
          {(u) => (
            <tr>
              <td class={`${tdClass} font-medium`}>
                {u.username}
                <Show when={u.id === currentUser()?.id}>
                  <span class="ml-2 text-[12px] font-normal text-muted">(you)</span>
                </Show>
              </td>
              <td class={`${tdClass} hidden text-muted md:table-cell`}>{u.email || "—"}</td>
              <td class={tdClass}>
                <RoleBadge role={u.role} />
              </td>
              <td class={tdClass}>
                <Badge tone={u.disabled ? "danger" : "success"} dot>
                  {u.disabled ? "Disabled" : "Active"}
                </Badge>
              </td>
              <td class={`${tdClass} hidden sm:table-cell`}>
                {u.totpEnabled ? <Badge tone="success">On</Badge> : <span class="text-muted">Off</span>}
              </td>
              <td class={`${tdClass} hidden whitespace-nowrap text-muted lg:table-cell`} title={formatDateTime(u.lastLoginAt)}>
                {u.lastLoginAt ? formatRelative(u.lastLoginAt) : "Never"}
              </td>
              <td class={`${tdClass} hidden whitespace-nowrap text-muted lg:table-cell`} title={formatDateTime(u.createdAt)}>
                {formatRelative(u.createdAt)}
              </td>
              <td class={`${tdClass} text-right`}>
                <Show when={canManage(currentUser(), u)}>
                  <UserActions
                    user={u}
                    onChangeRole={props.onChangeRole}
                    onToggleDisabled={props.onToggleDisabled}
                    onDelete={props.onDelete}
                  />
                </Show>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
