import { createSignal, For, onMount, Show } from "solid-js";
import CircleCheck from "lucide-solid/icons/circle-check";
import CircleX from "lucide-solid/icons/circle-x";
import TriangleAlert from "lucide-solid/icons/triangle-alert";
import CircleMinus from "lucide-solid/icons/circle-minus";
import Stethoscope from "lucide-solid/icons/stethoscope";
import RotateCw from "lucide-solid/icons/rotate-cw";
import { api, errorMessage, type DiagnoseReport, type DiagnoseStatus } from "../../api";
import { formatTime } from "../../lib/format";
import { Alert, ErrorAlert } from "../ui/Alert";
import { Badge } from "../ui/Badge";
import { Button } from "../ui/Button";
import { Loading } from "../ui/Loading";

const LOOK: Record<DiagnoseStatus, { icon: typeof CircleCheck; class: string; label: string }> = {
  pass: { icon: CircleCheck, class: "text-success", label: "Passed" },
  fail: { icon: CircleX, class: "text-danger", label: "Failed" },
  warn: { icon: TriangleAlert, class: "text-warning", label: "Warning" },
  skip: { icon: CircleMinus, class: "text-muted", label: "Skipped" },
};

/**
 * Why doesn't my domain work? Runs GET /domains/:id/diagnose (DNS, ports, vhost, certificate...)
 * and shows the checklist and nginx's recent error log lines. `auto` runs it on mount.
 */
export function DiagnosePanel(props: { domainId: number; hostname: string; auto?: boolean }) {
  const [report, setReport] = createSignal<DiagnoseReport | null>(null);
  const [running, setRunning] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [at, setAt] = createSignal<string | null>(null);

  async function run() {
    setRunning(true);
    setError(null);
    try {
      setReport(await api.domains.diagnose(props.domainId));
      setAt(new Date().toISOString());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  }
  onMount(() => {
    if (props.auto) void run();
  });

  const counts = () => {
    const c = { pass: 0, fail: 0, warn: 0, skip: 0 };
    for (const x of report()?.checks ?? []) c[x.status]++;
    return c;
  };

  return (
    <div class="space-y-4" data-testid="diagnose-panel">
      <div class="flex flex-wrap items-center gap-2">
        <Button variant={report() ? "secondary" : "primary"} onClick={() => void run()} loading={running()} data-testid="diagnose-run">
          {report() ? <RotateCw class="size-4" aria-hidden="true" /> : <Stethoscope class="size-4" aria-hidden="true" />}
          {report() ? "Run again" : "Run diagnosis"}
        </Button>
        <Show when={at() && !running()}>
          <span class="text-[12px] text-muted">Checked at {formatTime(at())}</span>
        </Show>
      </div>
      <Show when={!report() && !running() && !error()}>
        <p class="text-[13px] text-muted">
          Runs the checklist for a domain that doesn't answer (502...): the app's containers, its published port, the vhost's upstream,
          nginx -t and {props.hostname}'s error log. It takes a few seconds.
        </p>
      </Show>
      <Show when={running() && !report()}>
        <Loading label={`Diagnosing ${props.hostname}… this can take a few seconds`} />
      </Show>
      <ErrorAlert message={error()} />
      <Show when={report()}>
        {(r) => (
          <div class="space-y-4" classList={{ "opacity-60": running() }} aria-busy={running()}>
            <Show
              when={r().ok}
              fallback={
                <Alert kind="error" title={`${r().hostname} has problems`}>
                  {[counts().fail ? `${counts().fail} check${counts().fail === 1 ? "" : "s"} failed` : "", counts().warn ? `${counts().warn} warning${counts().warn === 1 ? "" : "s"}` : ""]
                    .filter(Boolean)
                    .join(", ") || "Not every check passed"}
                  . The details below say what to fix.
                </Alert>
              }
            >
              <div role="status" class="flex items-center gap-2 rounded-md border border-success/30 bg-success-soft px-3 py-2 text-[13px] text-success">
                <CircleCheck class="size-4" aria-hidden="true" /> Everything checked out for {r().hostname}
                <Show when={counts().warn > 0}> ({counts().warn} warning{counts().warn === 1 ? "" : "s"})</Show>.
              </div>
            </Show>
            <ul class="divide-y divide-line rounded-md border border-line" aria-label="Diagnosis checks">
              <For each={r().checks}>
                {(c) => {
                  const look = LOOK[c.status] ?? LOOK.skip;
                  return (
                    <li class="flex items-start gap-2.5 px-3 py-2" data-testid="diagnose-check" data-check={c.id} data-status={c.status}>
                      <look.icon class={`mt-0.5 size-4 shrink-0 ${look.class}`} aria-hidden="true" />
                      <div class="min-w-0 flex-1 text-[13px]">
                        <p class="flex flex-wrap items-center gap-2 font-medium">
                          {c.label}
                          <span class="sr-only">: {look.label}</span>
                          <Show when={c.status !== "pass"}>
                            <Badge tone={c.status === "fail" ? "danger" : c.status === "warn" ? "warning" : "neutral"}>
                              {look.label}
                            </Badge>
                          </Show>
                        </p>
                        <Show when={c.detail}>
                          <p class="mt-0.5 text-[12px] text-muted [overflow-wrap:anywhere]">{c.detail}</p>
                        </Show>
                      </div>
                    </li>
                  );
                }}
              </For>
            </ul>
            <div>
              <h3 class="mb-1.5 text-[13px] font-semibold">Nginx error log for this domain</h3>
              <Show when={r().errorLog.length > 0} fallback={<p class="text-[12px] text-muted">No recent errors logged.</p>}>
                <pre
                  data-testid="diagnose-error-log"
                  tabindex="0"
                  class="log-panel max-h-72 overflow-auto rounded-md p-3 font-mono text-[12px] leading-[1.55] whitespace-pre-wrap break-all ring-1 ring-line"
                >
                  {r().errorLog.join("\n")}
                </pre>
              </Show>
            </div>
          </div>
        )}
      </Show>
    </div>
  );
}
