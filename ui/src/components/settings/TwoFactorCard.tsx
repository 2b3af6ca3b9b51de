import { createSignal, Match, Show, Switch } from "solid-js";
import ShieldCheck from "lucide-solid/icons/shield-check";
import { api, errorMessage, type TotpEnrollment } from "../../api";
import { currentUser, updateCurrentUser } from "../../lib/session";
import { toast } from "../../lib/toast";
import { ErrorAlert } from "../ui/Alert";
import { Badge } from "../ui/Badge";
import { Button } from "../ui/Button";
import { Card } from "../ui/Page";
import { DisableTwoFactorDialog } from "./DisableTwoFactorDialog";
import { EnrollTotp } from "./EnrollTotp";
import { RecoveryCodes } from "./RecoveryCodes";

type Step = { kind: "idle" } | { kind: "enrolling"; enrollment: TotpEnrollment } | { kind: "codes"; codes: string[] };

export function TwoFactorCard() {
  const [step, setStep] = createSignal<Step>({ kind: "idle" });
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [disabling, setDisabling] = createSignal(false);
  const enabled = () => !!currentUser()?.totpEnabled;

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setStep({ kind: "enrolling", enrollment: await api.auth.enrollTotp() });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const onEnabled = (codes: string[]) => {
    const u = currentUser();
    if (u) updateCurrentUser({ ...u, totpEnabled: true });
    setStep({ kind: "codes", codes });
    toast.success("Two-factor authentication is on");
  };

  return (
    <Card
      title="Two-factor authentication"
      id="two-factor"
      actions={
        <Badge tone={enabled() ? "success" : "neutral"} dot>
          {enabled() ? "On" : "Off"}
        </Badge>
      }
    >
      <Switch>
        <Match when={step().kind === "codes" && step()}>
          {(s) => (
            <RecoveryCodes
              codes={(s() as { codes: string[] }).codes}
              username={currentUser()?.username ?? "user"}
              onDone={() => setStep({ kind: "idle" })}
            />
          )}
        </Match>
        <Match when={step().kind === "enrolling" && step()}>
          {(s) => (
            <EnrollTotp
              enrollment={(s() as { enrollment: TotpEnrollment }).enrollment}
              onEnabled={onEnabled}
              onCancel={() => setStep({ kind: "idle" })}
            />
          )}
        </Match>
        <Match when={enabled()}>
          <div class="flex flex-wrap items-center justify-between gap-3">
            <p class="flex items-center gap-2 text-[13px]">
              <ShieldCheck class="size-4 text-success" aria-hidden="true" />
              Signing in asks for a code from your authenticator app.
            </p>
            <Button variant="danger" onClick={() => setDisabling(true)}>
              Disable two-factor authentication
            </Button>
          </div>
        </Match>
        <Match when={true}>
          <div class="space-y-3">
            <p class="max-w-prose text-[13px] text-muted">
              Protect your account with a one-time code from an authenticator app (1Password, Bitwarden, Google
              Authenticator, Aegis…) in addition to your password.
            </p>
            <ErrorAlert message={error()} />
            <Button variant="primary" onClick={start} loading={busy()}>
              Enable two-factor authentication
            </Button>
          </div>
        </Match>
      </Switch>
      <Show when={enabled()}>
        <DisableTwoFactorDialog open={disabling()} onOpenChange={setDisabling} />
      </Show>
    </Card>
  );
}
