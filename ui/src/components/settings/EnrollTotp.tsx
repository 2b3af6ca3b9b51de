import { createSignal } from "solid-js";
import { api, errorMessage, type TotpEnrollment } from "../../api";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { CopyButton } from "../ui/CopyButton";
import { Field } from "../ui/Field";

/** Step 2 of enabling 2FA: scan the QR (or type the secret), then confirm with a code. */
export function EnrollTotp(props: { enrollment: TotpEnrollment; onEnabled: (codes: string[]) => void; onCancel: () => void }) {
  const [code, setCode] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  async function confirm(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.auth.enableTotp(code().replace(/\s+/g, ""));
      props.onEnabled(res.recoveryCodes);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="grid gap-6 md:grid-cols-[auto_1fr]">
      {/* Server-generated SVG. White background so it scans in dark mode too. */}
      <div
        class="size-48 rounded-md border border-line bg-white p-2 [&>svg]:h-full [&>svg]:w-full"
        role="img"
        aria-label="QR code for your authenticator app"
        innerHTML={props.enrollment.qrSvg}
      />
      <div class="min-w-0 space-y-4">
        <ol class="list-decimal space-y-1 pl-5 text-[13px]">
          <li>Scan the QR code with your authenticator app.</li>
          <li>Or enter this secret key manually:</li>
        </ol>
        <div class="flex flex-wrap items-center gap-2">
          <code
            data-testid="totp-secret"
            class="rounded bg-surface-2 px-2 py-1 font-mono text-[13px] tracking-wider break-all select-all"
          >
            {props.enrollment.secret}
          </code>
          <CopyButton text={props.enrollment.secret} what="Secret key" />
        </div>
        <form onSubmit={confirm} class="max-w-xs space-y-3">
          <Field
            label="Authentication code"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            required
            hint="The 6-digit code your app shows now."
            class="[&_input]:font-mono [&_input]:tracking-widest"
            value={code()}
            onInput={(e) => setCode(e.currentTarget.value)}
            autofocus
          />
          <ErrorAlert message={error()} />
          <div class="flex gap-2">
            <Button type="submit" variant="primary" loading={busy()}>
              Confirm
            </Button>
            <Button onClick={() => props.onCancel()}>Cancel</Button>
          </div>
        </form>
      </div>
    </div>
  );
}
