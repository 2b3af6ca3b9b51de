import { createSignal, For, Show } from "solid-js";
import { api, errorMessage, type AppId, type PermissionProblem } from "../../api";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";

/** Checks the site's files for modes and owners WordPress shouldn't have (world-writable, wp-config readable by all...). */
export function PermissionsCheck(props: { appId: AppId }) {
  const [result, setResult] = createSignal<{ checked: number; problems: PermissionProblem[] } | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  async function run() {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.wordpress.permissions(props.appId));
    } catch (x) {
      setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="space-y-2" data-testid="wordpress-permissions">
      <Button size="sm" onClick={() => void run()} loading={busy()}>Check file permissions</Button>
      <ErrorAlert message={error()} />
      <Show when={result()}>
        {(r) => (
          <Show
            when={r().problems.length > 0}
            fallback={<Alert kind="info">{r().checked.toLocaleString()} files and folders checked: no problem found.</Alert>}
          >
            <Alert kind="warning" title={`${r().problems.length} problem${r().problems.length === 1 ? "" : "s"} in ${r().checked.toLocaleString()} files and folders`}>
              <ul class="mt-1 space-y-1">
                <For each={r().problems.slice(0, 50)}>
                  {(p) => (
                    <li>
                      <span class="font-mono">{p.path}</span> <span class="text-muted">({p.mode}, {p.owner})</span>: {p.problem}
                    </li>
                  )}
                </For>
              </ul>
              <Show when={r().problems.length > 50}><p class="mt-1">…and {r().problems.length - 50} more.</p></Show>
            </Alert>
          </Show>
        )}
      </Show>
    </div>
  );
}
