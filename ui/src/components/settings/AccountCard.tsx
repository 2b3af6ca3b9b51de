import { Show } from "solid-js";
import { currentUser } from "../../lib/session";
import { formatDateTime } from "../../lib/format";
import { Card } from "../ui/Page";
import { RoleBadge } from "../users/RoleBadge";

export function AccountCard() {
  return (
    <Card title="Account" id="account">
      <Show when={currentUser()}>
        {(u) => (
          <dl class="grid gap-x-6 gap-y-3 text-[13px] sm:grid-cols-4">
            <div>
              <dt class="text-muted">Username</dt>
              <dd class="mt-0.5 font-medium">{u().username}</dd>
            </div>
            <div>
              <dt class="text-muted">Email</dt>
              <dd class="mt-0.5">{u().email || "—"}</dd>
            </div>
            <div>
              <dt class="text-muted">Role</dt>
              <dd class="mt-0.5">
                <RoleBadge role={u().role} />
              </dd>
            </div>
            <div>
              <dt class="text-muted">Member since</dt>
              <dd class="mt-0.5">{formatDateTime(u().createdAt)}</dd>
            </div>
          </dl>
        )}
      </Show>
    </Card>
  );
}
